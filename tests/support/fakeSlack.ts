import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Slack itself, faked at the HTTP boundary: the only stand-in in the suite. The app's real WebClient
 * is pointed at `apiUrl`, and answers meant for a slash command's or action's `response_url` go to
 * `respondUrl()`. Everything that arrives is recorded so that tests can assert on what Slack saw.
 */
export interface FakeSlack {
  /** Give this to Bolt / WebClient as `slackApiUrl`; ends with `/api/`. */
  readonly apiUrl: string;
  /** Every Web API call, in the order received (also those answered with a fault). */
  readonly calls: readonly FakeCall[];
  /** Every POST to a `respondUrl()`, in the order received. */
  readonly responses: readonly FakeResponse[];
  /** Every file body uploaded to a URL handed out by `files.getUploadURLExternal`. */
  readonly uploads: readonly FakeUpload[];
  /**
   * The messages Slack took in a channel, oldest first: what its members see. A post Slack took counts
   * here even when its answer never reached the app (`hangUp`, or a `delayMs` past the client's timeout).
   */
  messagesIn(channel: string): FakeMessage[];
  /** The timestamps of the messages pinned in a channel (`pins.add`, `pins.remove`), oldest pin first. */
  pinsIn(channel: string): string[];
  /** Someone deletes a message: it leaves the channel and its pin, and `chat.update` answers `message_not_found`. */
  deleteMessage(channel: string, ts: string): void;
  /** Someone unpins a message in Slack (what a `pin_removed` event tells). */
  unpin(channel: string, ts: string): void;
  /** A `response_url` on this server; without an id, a fresh one per call. */
  respondUrl(id?: string): string;
  /** The locale `users.info` reports for this user from now on. */
  setUserLocale(userId: string, locale: string): void;
  /** Overrides the answer to `method`; the handler returns undefined to fall back to the default. */
  setHandler(method: string, handler: FakeHandler): void;
  clearHandlers(): void;
  callsTo(method: string): FakeCall[];
  /** Resolves with the calls to `method` once there are at least `count`; rejects after the timeout. */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<FakeCall[]>;
  /** Resolves with the `response_url` posts once there are at least `count`; rejects after the timeout. */
  waitForResponses(count: number, timeoutMs?: number): Promise<FakeResponse[]>;
  /**
   * A file someone shared with the app: `files.info` describes it, and its `url_private_download`
   * gives its bytes to a request with a bot token, as Slack's file host does; without one, Slack's
   * sign-in page (HTML, with a 200). Returns the file id.
   */
  shareFile(file: { name: string; data: Buffer | string; declaredSize?: number }): string;
  /** The downloads asked of the file host, with the token each carried. */
  readonly downloads: readonly { fileId: string; token: string | undefined; at: number }[];
  /**
   * Someone approves Koers on Slack's authorize page for a workspace: returns the `code` Slack sends
   * back to the redirect URL. `oauth.v2.access` exchanges it once, for the app's client id and secret
   * (`oauthApp`), for a new bot token of that workspace, which `auth.test` then tells apart. With
   * `expiresInSeconds` (token rotation) the token expires, and comes with a refresh token that
   * `oauth.v2.access` with `grant_type=refresh_token` takes once, for the next token and refresh token.
   */
  approveInstall(grant: FakeInstallGrant): { code: string; botToken: string; refreshToken?: string };
  /** Forgets what was recorded and posted; handlers and user locales stay, and message timestamps keep increasing. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeCall {
  method: string;
  /** The arguments as the client meant them: JSON-encoded form fields (blocks, view …) parsed back. */
  args: Record<string, unknown>;
  /** From `Authorization: Bearer …`, else the `token` argument. */
  token: string | undefined;
  /** Epoch milliseconds at arrival. */
  at: number;
  /** The HTTP status this call was answered with, so tests can tell faults from deliveries. */
  status: number;
}

export interface FakeMessage {
  ts: string;
  text: string;
  blocks?: unknown;
  /** As posted (`event_type`, `event_payload`); conversations.history returns it only when asked to. */
  metadata?: unknown;
  user: string;
  bot_id: string;
  app_id: string;
}

export interface FakeResponse {
  url: string;
  body: unknown;
  at: number;
}

export interface FakeUpload {
  fileId: string;
  /** As announced to `files.getUploadURLExternal`. */
  filename: string | undefined;
  data: Buffer;
  at: number;
}

export interface FakeReply {
  /** 200 unless given. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON; a string is sent as it is. Without a body: the default answer for a 200, else an error. */
  body?: unknown;
  /** Holds the answer back this long, e.g. to run into the client's timeout or Slack's ack budget. */
  delayMs?: number;
  /** Takes the call (a post lands in its channel), then drops the connection: the answer is lost. */
  hangUp?: boolean;
  /** Called once the answer has been handed to the network, before the client can have read it. */
  afterReply?: () => void;
}

/** `callIndex` counts the calls to the method since this handler was set, from 0. */
export type FakeHandler = (args: Record<string, unknown>, callIndex: number) => FakeReply | undefined;

export interface FakeSlackOptions {
  /** What `users.info` reports for users without a `setUserLocale`; 'nl-NL' unless given. */
  defaultLocale?: string;
  /** The app's credentials that `oauth.v2.access` accepts. */
  oauthApp?: { clientId: string; clientSecret: string };
}

export interface FakeInstallGrant {
  teamId: string;
  teamName: string;
  /** Who approved the install; 'UINSTALLER' unless given. */
  userId?: string;
  /** The bot scopes granted, as the authorize URL asked for them. */
  scopes: readonly string[];
  /** Sent back by `oauth.v2.access`; checked against the one in the authorize URL. */
  redirectUri?: string;
  /** Token rotation: the bot token expires this long after the exchange, and a refresh token renews it. */
  expiresInSeconds?: number;
}

/** How long a token Slack issues for a refresh token lasts: 12 hours, as Slack's do. */
export const ROTATED_TOKEN_SECONDS = 12 * 60 * 60;

export const FAKE_TEAM_ID = 'T1';
export const FAKE_BOT_USER_ID = 'UBOT';
export const FAKE_BOT_ID = 'BBOT';
export const FAKE_APP_ID = 'A1';

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const defaultLocale = options.defaultLocale ?? 'nl-NL';
  const calls: FakeCall[] = [];
  const responses: FakeResponse[] = [];
  const uploads: FakeUpload[] = [];
  const userLocales = new Map<string, string>();
  const handlers = new Map<string, { handler: FakeHandler; count: number }>();
  const uploadFilenames = new Map<string, string>();
  const channelMessages = new Map<string, FakeMessage[]>();
  const channelPins = new Map<string, string[]>();
  const deleted = new Set<string>();
  const sharedFiles = new Map<string, { name: string; data: Buffer; declaredSize: number }>();
  const downloads: { fileId: string; token: string | undefined; at: number }[] = [];
  const grantsByCode = new Map<string, FakeInstallGrant & { botToken: string; refreshToken?: string }>();
  const installedTokens = new Map<string, { teamId: string; teamName: string }>();
  const revokedTokens = new Set<string>();
  /** Token rotation: when each expiring token runs out (epoch ms), and what each refresh token renews. */
  const tokenExpiry = new Map<string, number>();
  const refreshTokens = new Map<string, { teamId: string; teamName: string; scopes: readonly string[] }>();
  // Waiters re-check their condition whenever something is recorded.
  const recorded = new EventEmitter();
  recorded.setMaxListeners(0);
  let lastMicros = 0;
  let ids = 0;
  let respondUrls = 0;

  /** Unique and increasing like Slack's message timestamps, and like them the time of posting (µs). */
  const nextTs = (): string => {
    lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
    return `${Math.floor(lastMicros / 1_000_000)}.${String(lastMicros % 1_000_000).padStart(6, '0')}`;
  };
  const nextId = (prefix: string): string => `${prefix}${String(++ids).padStart(8, '0')}`;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake must show up in the test, not as a hung request.
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: `fake_slack_bug: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const raw = await readBody(req);
    const [, area, name] = url.pathname.split('/');
    if (area === 'api' && name) return answerApiCall(decodeURIComponent(name), req, raw, res);
    if (area === 'respond' && name) {
      responses.push({ url: url.href, body: parseJsonOrText(raw.toString('utf8')), at: Date.now() });
      recorded.emit('change');
      return sendJson(res, 200, { ok: true });
    }
    if (area === 'upload' && name) {
      const fileId = decodeURIComponent(name);
      uploads.push({
        fileId,
        filename: uploadFilenames.get(fileId),
        data: await uploadedBytes(req, raw),
        at: Date.now(),
      });
      recorded.emit('change');
      // What files.slack.com answers; the WebClient only checks for the 200.
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    if (area === 'files-pri' && name) {
      const fileId = decodeURIComponent(name);
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      downloads.push({ fileId, token, at: Date.now() });
      recorded.emit('change');
      const shared = sharedFiles.get(fileId);
      if (!token?.startsWith('xoxb-') || !shared) {
        // What files.slack.com answers a request it will not serve: its sign-in page, with a 200.
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(shared.data);
      return;
    }
    sendJson(res, 404, { ok: false, error: 'fake_slack_unknown_path', path: url.pathname });
  }

  async function answerApiCall(
    method: string,
    req: IncomingMessage,
    raw: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const args = parseArgs(req.headers['content-type'], raw);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);

    const override = handlers.get(method);
    const reply = override?.handler(args, override.count++) ?? {};
    const status = reply.status ?? 200;
    calls.push({ method, args, token, at: Date.now(), status });
    recorded.emit('change');

    // Slack acts on a call before it answers: a post it takes is in the channel, answered or not.
    const body = reply.body ?? (status === 200 ? defaultReply(method, args, token) : httpErrorBody(status));
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.hangUp) {
      req.socket.destroy();
      return;
    }
    if (reply.afterReply) res.once('finish', reply.afterReply);
    if (typeof body === 'string') {
      res.writeHead(status, { 'content-type': 'text/plain', ...reply.headers }).end(body);
    } else {
      sendJson(res, status, body, reply.headers);
    }
  }

  /** Plausible answers, with just the fields an app reads back. */
  function defaultReply(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
  ): Record<string, unknown> {
    const expiresAt = token === undefined ? undefined : tokenExpiry.get(token);
    if (expiresAt !== undefined && expiresAt <= Date.now() && method !== 'oauth.v2.access')
      return { ok: false, error: 'token_expired' };
    switch (method) {
      case 'auth.test': {
        if (token && revokedTokens.has(token)) return { ok: false, error: 'token_revoked' };
        const installed = token ? installedTokens.get(token) : undefined;
        return {
          ok: true,
          url: 'https://koers-test.slack.com/',
          team: installed?.teamName ?? 'Koers test',
          user: 'koers',
          team_id: installed?.teamId ?? FAKE_TEAM_ID,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
          is_enterprise_install: false,
        };
      }
      case 'oauth.v2.access':
        return args.grant_type === 'refresh_token' ? renewToken(args) : exchangeCode(args);
      case 'auth.revoke': {
        if (token) revokedTokens.add(token);
        return { ok: true, revoked: true };
      }
      case 'users.info': {
        const id = String(args.user);
        return {
          ok: true,
          user: {
            id,
            team_id: FAKE_TEAM_ID,
            name: id.toLowerCase(),
            is_bot: false,
            locale: userLocales.get(id) ?? defaultLocale,
            tz: 'Europe/Amsterdam',
            tz_label: 'Central European Time',
            tz_offset: 3600,
          },
        };
      }
      case 'chat.postMessage': {
        const ts = nextTs();
        const message = botMessage(args, ts);
        const channel = String(args.channel);
        const stored = channelMessages.get(channel) ?? [];
        stored.push(message as unknown as FakeMessage);
        channelMessages.set(channel, stored);
        return { ok: true, channel: args.channel, ts, message };
      }
      case 'conversations.history':
        return history(args);
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'chat.update': {
        const channel = String(args.channel);
        if (deleted.has(`${channel} ${String(args.ts)}`)) return { ok: false, error: 'message_not_found' };
        const stored = channelMessages.get(channel)?.find((message) => message.ts === String(args.ts));
        if (stored) {
          stored.text = String(args.text ?? '');
          stored.blocks = args.blocks;
        }
        return {
          ok: true,
          channel: args.channel,
          ts: args.ts,
          text: args.text,
          message: botMessage(args, String(args.ts)),
        };
      }
      case 'pins.add': {
        const channel = String(args.channel);
        const ts = String(args.timestamp);
        if (deleted.has(`${channel} ${ts}`)) return { ok: false, error: 'message_not_found' };
        const pins = channelPins.get(channel) ?? [];
        if (pins.includes(ts)) return { ok: false, error: 'already_pinned' };
        channelPins.set(channel, [...pins, ts]);
        return { ok: true };
      }
      case 'pins.remove': {
        const channel = String(args.channel);
        const pins = channelPins.get(channel) ?? [];
        if (!pins.includes(String(args.timestamp))) return { ok: false, error: 'no_pin' };
        channelPins.set(
          channel,
          pins.filter((ts) => ts !== String(args.timestamp)),
        );
        return { ok: true };
      }
      case 'conversations.canvases.create':
        return { ok: true, canvas_id: nextId('F') };
      case 'canvases.edit':
        return { ok: true };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: viewFor(method, args) };
      case 'conversations.info':
      case 'conversations.join':
        return { ok: true, channel: channelFor(String(args.channel)) };
      case 'conversations.open': {
        // The direct message with the first user named: D followed by the user id, as the tests click in.
        const user = String(args.users ?? '').split(',')[0];
        return { ok: true, channel: { id: `D${user}`, is_im: true, user } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = nextId('F');
        if (typeof args.filename === 'string') uploadFilenames.set(fileId, args.filename);
        return { ok: true, upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.info': {
        const id = String(args.file ?? '');
        const shared = sharedFiles.get(id);
        if (!shared) return { ok: false, error: 'file_not_found' };
        return {
          ok: true,
          file: {
            id,
            name: shared.name,
            title: shared.name,
            size: shared.declaredSize,
            mimetype: 'text/plain',
            url_private: `${baseUrl}/files-pri/${encodeURIComponent(id)}/${encodeURIComponent(shared.name)}`,
            url_private_download: `${baseUrl}/files-pri/${encodeURIComponent(id)}/download/${encodeURIComponent(shared.name)}`,
          },
        };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? (args.files as { id: string; title?: string }[]) : [];
        return { ok: true, files: files.map((file) => ({ id: file.id, title: file.title ?? '' })) };
      }
      default:
        return { ok: true };
    }
  }

  function appRefusal(args: Record<string, unknown>): Record<string, unknown> | undefined {
    if (!options.oauthApp || args.client_id !== options.oauthApp.clientId)
      return { ok: false, error: 'invalid_client_id' };
    if (args.client_secret !== options.oauthApp.clientSecret)
      return { ok: false, error: 'bad_client_secret' };
    return undefined;
  }

  /** A token that expires, with the refresh token that renews it once (Slack then revokes it). */
  function issueExpiring(
    installed: { teamId: string; teamName: string; scopes: readonly string[] },
    expiresInSeconds: number,
  ) {
    const refreshToken = `xoxe-1-${randomUUID()}`;
    const botToken = `xoxb-${installed.teamId}-${randomUUID()}`;
    installedTokens.set(botToken, { teamId: installed.teamId, teamName: installed.teamName });
    tokenExpiry.set(botToken, Date.now() + expiresInSeconds * 1000);
    refreshTokens.set(refreshToken, installed);
    return { botToken, refreshToken };
  }

  /** Token rotation: a refresh token, once, for the next bot token and the next refresh token. */
  function renewToken(args: Record<string, unknown>): Record<string, unknown> {
    const refusal = appRefusal(args);
    if (refusal) return refusal;
    const installed = refreshTokens.get(String(args.refresh_token));
    if (!installed) return { ok: false, error: 'invalid_refresh_token' };
    refreshTokens.delete(String(args.refresh_token));
    const { botToken, refreshToken } = issueExpiring(installed, ROTATED_TOKEN_SECONDS);
    return {
      ok: true,
      app_id: FAKE_APP_ID,
      scope: installed.scopes.join(','),
      token_type: 'bot',
      access_token: botToken,
      refresh_token: refreshToken,
      expires_in: ROTATED_TOKEN_SECONDS,
      bot_user_id: FAKE_BOT_USER_ID,
      team: { id: installed.teamId, name: installed.teamName },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  /** Slack's answer to the redirect's code: the workspace's new bot token, once per code. */
  function exchangeCode(args: Record<string, unknown>): Record<string, unknown> {
    const refusal = appRefusal(args);
    if (refusal) return refusal;
    const grant = grantsByCode.get(String(args.code));
    if (!grant) return { ok: false, error: 'invalid_code' };
    grantsByCode.delete(String(args.code));
    if (grant.redirectUri !== undefined && args.redirect_uri !== grant.redirectUri)
      return { ok: false, error: 'bad_redirect_uri' };
    installedTokens.set(grant.botToken, { teamId: grant.teamId, teamName: grant.teamName });
    if (grant.expiresInSeconds !== undefined && grant.refreshToken !== undefined) {
      tokenExpiry.set(grant.botToken, Date.now() + grant.expiresInSeconds * 1000);
      refreshTokens.set(grant.refreshToken, grant);
    }
    return {
      ok: true,
      app_id: FAKE_APP_ID,
      authed_user: { id: grant.userId ?? 'UINSTALLER' },
      scope: grant.scopes.join(','),
      token_type: 'bot',
      access_token: grant.botToken,
      ...(grant.expiresInSeconds !== undefined && {
        refresh_token: grant.refreshToken,
        expires_in: grant.expiresInSeconds,
      }),
      bot_user_id: FAKE_BOT_USER_ID,
      team: { id: grant.teamId, name: grant.teamName },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  function botMessage(args: Record<string, unknown>, ts: string): Record<string, unknown> {
    return {
      type: 'message',
      user: FAKE_BOT_USER_ID,
      bot_id: FAKE_BOT_ID,
      app_id: FAKE_APP_ID,
      team: FAKE_TEAM_ID,
      ts,
      text: args.text ?? '',
      ...(args.blocks ? { blocks: args.blocks } : {}),
      ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
      ...(args.metadata ? { metadata: args.metadata } : {}),
    };
  }

  /**
   * A channel's messages as Slack pages them: newest first, after `oldest` and before `latest` (each
   * included only with `inclusive`), `limit` a page (default 100, at most 999), the next page by
   * `response_metadata.next_cursor`; metadata only with `include_all_metadata`.
   */
  function history(args: Record<string, unknown>): Record<string, unknown> {
    const flag = (value: unknown) => value === true || value === 'true' || value === '1';
    const inclusive = flag(args.inclusive);
    const oldest = args.oldest === undefined ? null : Number(args.oldest);
    const latest = args.latest === undefined ? null : Number(args.latest);
    const limit = Math.min(999, Math.max(1, Number(args.limit ?? 100) || 100));
    const offset = typeof args.cursor === 'string' && args.cursor ? Number(atob(args.cursor).slice(7)) : 0;
    const inRange = (channelMessages.get(String(args.channel)) ?? [])
      .filter((message) => {
        const ts = Number(message.ts);
        if (oldest !== null && (inclusive ? ts < oldest : ts <= oldest)) return false;
        if (latest !== null && (inclusive ? ts > latest : ts >= latest)) return false;
        return true;
      })
      .reverse();
    const page = inRange.slice(offset, offset + limit).map((message) => {
      if (flag(args.include_all_metadata)) return message;
      const { metadata: _metadata, ...without } = message;
      return without;
    });
    const hasMore = offset + limit < inRange.length;
    return {
      ok: true,
      messages: page,
      has_more: hasMore,
      pin_count: 0,
      response_metadata: { next_cursor: hasMore ? btoa(`offset:${offset + limit}`) : '' },
    };
  }

  function viewFor(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const view = (args.view ?? {}) as Record<string, unknown>;
    const id = typeof args.view_id === 'string' ? args.view_id : nextId('V');
    return {
      id,
      team_id: FAKE_TEAM_ID,
      type: view.type ?? (method === 'views.publish' ? 'home' : 'modal'),
      blocks: view.blocks ?? [],
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      external_id: args.external_id ?? view.external_id ?? '',
      state: { values: {} },
      hash: nextId('hash-'),
      title: view.title,
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: id,
      previous_view_id: null,
      app_id: FAKE_APP_ID,
      bot_id: FAKE_BOT_ID,
    };
  }

  function waitFor<T>(
    ready: () => T[] | undefined,
    timeoutMs: number,
    describeFailure: () => string,
  ): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const result = ready();
        if (!result) return;
        stop();
        resolve(result);
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(describeFailure()));
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        recorded.off('change', check);
      };
      recorded.on('change', check);
      check();
    });
  }

  const callsTo = (method: string) => calls.filter((call) => call.method === method);

  return {
    apiUrl: `${baseUrl}/api/`,
    calls,
    responses,
    uploads,
    messagesIn: (channel) => [...(channelMessages.get(channel) ?? [])],
    pinsIn: (channel) => [...(channelPins.get(channel) ?? [])],
    deleteMessage: (channel, ts) => {
      deleted.add(`${channel} ${ts}`);
      channelMessages.set(
        channel,
        (channelMessages.get(channel) ?? []).filter((message) => message.ts !== ts),
      );
      channelPins.set(
        channel,
        (channelPins.get(channel) ?? []).filter((pinned) => pinned !== ts),
      );
    },
    unpin: (channel, ts) => {
      channelPins.set(
        channel,
        (channelPins.get(channel) ?? []).filter((pinned) => pinned !== ts),
      );
    },
    downloads,
    shareFile: (file) => {
      const id = nextId('F');
      const data = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data;
      sharedFiles.set(id, { name: file.name, data, declaredSize: file.declaredSize ?? data.length });
      return id;
    },
    respondUrl: (id) => `${baseUrl}/respond/${encodeURIComponent(id ?? `r${++respondUrls}`)}`,
    setUserLocale: (userId, locale) => {
      userLocales.set(userId, locale);
    },
    setHandler: (method, handler) => {
      handlers.set(method, { handler, count: 0 });
    },
    clearHandlers: () => handlers.clear(),
    callsTo,
    waitForCalls: (method, count, timeoutMs = 5_000) =>
      waitFor(
        () => {
          const matching = callsTo(method);
          return matching.length >= count ? matching : undefined;
        },
        timeoutMs,
        () =>
          `fake Slack: expected ${count} call(s) to ${method} within ${timeoutMs} ms, got ${callsTo(method).length}; ` +
          `recorded calls: ${calls.map((call) => `${call.method} (${call.status})`).join(', ') || 'none'}`,
      ),
    waitForResponses: (count, timeoutMs = 5_000) =>
      waitFor(
        () => (responses.length >= count ? [...responses] : undefined),
        timeoutMs,
        () =>
          `fake Slack: expected ${count} response_url post(s) within ${timeoutMs} ms, got ${responses.length}` +
          `${responses.map((response) => `\n  ${response.url}: ${JSON.stringify(response.body).slice(0, 300)}`).join('')}; ` +
          `recorded calls: ${calls.map((call) => call.method).join(', ') || 'none'}`,
      ),
    approveInstall: (grant) => {
      const code = nextId('code-');
      const botToken = `xoxb-${grant.teamId}-${randomUUID()}`;
      const refreshToken = grant.expiresInSeconds === undefined ? undefined : `xoxe-1-${randomUUID()}`;
      grantsByCode.set(code, { ...grant, botToken, ...(refreshToken && { refreshToken }) });
      return { code, botToken, ...(refreshToken && { refreshToken }) };
    },
    reset: () => {
      calls.length = 0;
      channelMessages.clear();
      channelPins.clear();
      deleted.clear();
      responses.length = 0;
      uploads.length = 0;
      downloads.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections from fetch would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

/**
 * The WebClient sends `application/x-www-form-urlencoded` with every non-primitive argument (blocks,
 * view, files …) as a JSON string; those are parsed back so tests see what the app passed. A plain text
 * argument that happens to be a JSON object or array is parsed as well: on the wire the two look alike.
 */
function parseArgs(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(text) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? parseJsonOrText(value) : value;
  }
  return args;
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The WebClient posts the file as a part of multipart form data; anything else is taken as the raw bytes. */
async function uploadedBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), {
      headers: { 'content-type': contentType },
    }).formData();
    for (const value of form.values()) {
      if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    }
  }
  return raw;
}

/** What Slack's edge answers when it does not give a 200: the WebClient only reads it for errors. */
function httpErrorBody(status: number): Record<string, unknown> {
  return { ok: false, error: status === 429 ? 'ratelimited' : `http_${status}` };
}

function channelFor(id: string): Record<string, unknown> {
  return {
    id,
    name: `channel-${id.toLowerCase()}`,
    is_channel: true,
    is_private: false,
    is_archived: false,
    is_member: true,
    context_team_id: FAKE_TEAM_ID,
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
