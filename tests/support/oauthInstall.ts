import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { OAuthSettings } from '../../src/config.js';
import type { Database, DatabaseHandle } from '../../src/db/client.js';
import { workspaceSchemaOf } from '../../src/domain/workspaces.js';
import type { Logger } from '../../src/logger.js';
import type { TestDatabase } from './databases.js';
import { type FakeInstallGrant, type FakeSlack, startFakeSlack } from './fakeSlack.js';
import { type KoersUnderTest, startKoersUnderTest } from './koersUnderTest.js';

/**
 * Installing Koers through OAuth ("Add to Slack") as a browser and Slack do it, against the fake Slack's
 * authorize step and oauth.v2.access: the install page, Slack's approval, the redirect back.
 */

export const PUBLIC_URL = 'https://koers.example.org';
export const MANIFEST_SCOPES: string[] = parse(
  readFileSync(fileURLToPath(new URL('../../manifest.yml', import.meta.url)), 'utf8'),
).oauth_config.scopes.bot;

/** The app's OAuth credentials as the fake Slack knows them, with a fresh key for sealing tokens. */
export function oauthSettings(): OAuthSettings {
  return {
    clientId: '1234567890.987654321',
    clientSecret: 'fake-client-secret-0123456789abcdef',
    stateSecret: 'fake-state-secret-0123456789abcdefghijklmnop',
    encryptionKeys: { current: randomBytes(32) },
  };
}

/**
 * Koers with OAuth and no workspace installed yet, on a fake Slack that knows the app's credentials;
 * at PUBLIC_URL, so the install link and the redirect name it.
 */
export async function startKoersForInstalls(
  database: TestDatabase,
  options: {
    oauth?: OAuthSettings;
    logger?: Logger;
    now?: () => Date;
    adminUserIds?: string[];
  } = {},
): Promise<KoersUnderTest> {
  const oauth = options.oauth ?? oauthSettings();
  const slack = await startFakeSlack({
    oauthApp: { clientId: oauth.clientId, clientSecret: oauth.clientSecret },
  });
  return startKoersUnderTest(database, {
    slack,
    oauth,
    withExample: false,
    ...(options.logger && { logger: options.logger }),
    ...(options.now && { now: options.now }),
    config: { PUBLIC_URL, ADMIN_USER_IDS: options.adminUserIds ?? [] },
  });
}

export interface InstallStart {
  status: number;
  html: string;
  headers: Headers;
  authorizeUrl: URL;
  state: string;
  /** The state cookie as the browser sends it back. */
  cookie: string;
}

export interface InstallFlow {
  /** The browser opens `/slack/install`: the page with the link to Slack's authorize step. */
  startInstall(query?: string, headers?: Record<string, string>): Promise<InstallStart>;
  /** Slack sending the installer's browser back to Koers. */
  redirect(
    params: Record<string, string>,
    cookie: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; html: string; headers: Headers }>;
  /**
   * The whole flow for a workspace; returns the redirect's answer and the tokens Slack issued. `grant`:
   * more of what Slack grants (an expiring token with a refresh token, another installer).
   */
  install(
    teamId: string,
    teamName: string,
    query?: string,
    grant?: Pick<FakeInstallGrant, 'userId' | 'expiresInSeconds'>,
  ): Promise<{
    status: number;
    html: string;
    headers: Headers;
    botToken: string;
    refreshToken?: string | undefined;
    started: InstallStart;
    code: string;
  }>;
}

/** The install flow against a running app (a getter, as the app starts in a `beforeAll`). */
export function installFlow(target: () => { baseUrl: string; slack: FakeSlack }): InstallFlow {
  const startInstall: InstallFlow['startInstall'] = async (query = '', headers = {}) => {
    const response = await fetch(`${target().baseUrl}/slack/install${query}`, { headers });
    const html = await response.text();
    const href = /<a class="button" href="([^"]+)"/.exec(html)?.[1] ?? '';
    const authorizeUrl = new URL(href.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))));
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return {
      status: response.status,
      html,
      headers: response.headers,
      authorizeUrl,
      state: authorizeUrl.searchParams.get('state') ?? '',
      cookie,
    };
  };
  const redirect: InstallFlow['redirect'] = async (params, cookie, headers = {}) => {
    const response = await fetch(`${target().baseUrl}/slack/oauth_redirect?${new URLSearchParams(params)}`, {
      headers: { cookie, ...headers },
    });
    return { status: response.status, html: await response.text(), headers: response.headers };
  };
  const install: InstallFlow['install'] = async (teamId, teamName, query = '', grant = {}) => {
    const started = await startInstall(query);
    const approved = target().slack.approveInstall({
      ...grant,
      teamId,
      teamName,
      scopes: MANIFEST_SCOPES,
      redirectUri: `${PUBLIC_URL}/slack/oauth_redirect`,
    });
    const back = await redirect({ code: approved.code, state: started.state }, started.cookie);
    return { ...back, ...approved, started };
  };
  return { startInstall, redirect, install };
}

/**
 * A workspace's own tables, as the CLI's `--team` sees them: one handle per team, kept until
 * `closeAll` (on PostgreSQL each handle is a pool of its own).
 */
export function workspaceDatabases(database: () => TestDatabase): {
  of(teamId: string): Promise<Database>;
  closeAll(): Promise<void>;
} {
  const handles = new Map<string, Promise<DatabaseHandle>>();
  return {
    of: async (teamId) => {
      let handle = handles.get(teamId);
      if (!handle) {
        handle = database().handle.forWorkspace(workspaceSchemaOf(`team:${teamId}`));
        handles.set(teamId, handle);
      }
      return (await handle).db;
    },
    closeAll: async () => {
      const opened = await Promise.all(handles.values());
      handles.clear();
      await Promise.all(opened.map((handle) => handle.close()));
    },
  };
}
