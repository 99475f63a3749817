import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { OAuthSettings } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { TestDatabase } from './databases.js';
import { type FakeInstallGrant, type FakeSlack, startFakeSlack } from './fakeSlack.js';
import { type KoersUnderTest, startKoersUnderTest } from './koersUnderTest.js';

/*
 * "Add to Slack" as a browser goes through it against the app and the fake Slack: the install page,
 * Slack's approval, the redirect back to Koers.
 */

export const PUBLIC_URL = 'https://koers.example.org';
export const MANIFEST_SCOPES: string[] = parse(
  readFileSync(fileURLToPath(new URL('../../manifest.yml', import.meta.url)), 'utf8'),
).oauth_config.scopes.bot;

/** The app's OAuth credentials, as the fake Slack knows them; a new encryption key per run. */
export const OAUTH: OAuthSettings = {
  clientId: '1234567890.987654321',
  clientSecret: 'fake-client-secret-0123456789abcdef',
  stateSecret: 'fake-state-secret-0123456789abcdefghijklmnop',
  encryptionKeys: { current: randomBytes(32) },
};

/** Koers installed through OAuth (no programme of its own), and the fake Slack that knows its credentials. */
export async function startOAuthKoers(
  database: TestDatabase,
  logger: Logger,
  adminUserIds: string[] = [],
): Promise<KoersUnderTest> {
  const slack = await startFakeSlack({
    oauthApp: { clientId: OAUTH.clientId, clientSecret: OAUTH.clientSecret },
  });
  return startKoersUnderTest(database, {
    slack,
    oauth: OAUTH,
    withExample: false,
    logger,
    config: { PUBLIC_URL, ADMIN_USER_IDS: adminUserIds },
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

export async function startInstall(
  baseUrl: string,
  query = '',
  headers: Record<string, string> = {},
): Promise<InstallStart> {
  const response = await fetch(`${baseUrl}/slack/install${query}`, { headers });
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
}

/** Slack sending the installer's browser back to Koers. */
export async function redirectBack(
  baseUrl: string,
  params: Record<string, string>,
  cookie: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${baseUrl}/slack/oauth_redirect?${new URLSearchParams(params)}`, {
    headers: { cookie, ...headers },
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** The whole flow for a workspace, with the scopes of manifest.yml. */
export async function installThroughSlack(
  baseUrl: string,
  slack: FakeSlack,
  grant: Omit<FakeInstallGrant, 'scopes' | 'redirectUri'>,
  query = '',
) {
  const started = await startInstall(baseUrl, query);
  const approved = slack.approveInstall({
    ...grant,
    scopes: MANIFEST_SCOPES,
    redirectUri: `${PUBLIC_URL}/slack/oauth_redirect`,
  });
  const back = await redirectBack(baseUrl, { code: approved.code, state: started.state }, started.cookie);
  return { ...back, ...approved, started };
}
