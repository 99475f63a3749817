import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseForm } from 'node:querystring';
import { isQuestion, parseCommand } from '../domain/command.js';
import type { Logger } from '../logger.js';
import { type HttpRoute, readBody } from './route.js';
import { SharedReplayGuard } from './sharedReplayGuard.js';

/** Slack's own requests are a few KiB; a view submission with long remarks stays well under this. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Slack's rule: a request signed more than five minutes ago is refused. */
const MAX_AGE_SECONDS = 5 * 60;
/** Slack's clock and ours may differ a little; beyond this a timestamp from the future is refused. */
const MAX_FUTURE_SKEW_SECONDS = 60;
/** A signature is remembered as long as its request could pass the age check. */
export const REPLAY_WINDOW_MS = (MAX_AGE_SECONDS + MAX_FUTURE_SKEW_SECONDS) * 1000;

export interface HttpServerOptions {
  port: number;
  /** Loopback only (`127.0.0.1`) for local use; every interface when not given. */
  host?: string;
  /** Tried in order after /healthz and /slack/events; a request none of them takes gets 404. */
  routes?: HttpRoute[];
  /** Bolt's HTTPReceiver listener, or null in Socket Mode (then only /healthz is served). */
  slackListener: RequestListener | null;
  /** To tell genuine signatures (remembered against replays) from forged ones. */
  signingSecret: string;
  /** The replay guard shared by every instance; without it, one in memory for this process alone. */
  replays?: SharedReplayGuard;
  /** True when the app can answer: the database is migrated and reachable. */
  isHealthy: () => Promise<boolean>;
  /** Whether Slack's Web API answers (slack/slackLink.ts); reported, but commands are answered without it. */
  slackStatus?: () => string;
  /** OAuth mode: how many installations Koers can act for (absent in the single-token mode). */
  installations?: () => Promise<number>;
  logger: Logger;
}

export interface RunningHttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * The app's HTTP front door, and the one place a Slack request's signature is checked: it caps the
 * body size, refuses a bad signature, a timestamp outside five minutes either way, and a replay of a
 * request already served (Bolt's own check accepts future timestamps and replays). Bolt's receiver
 * then gets the body as read and does not check the signature again (`signatureVerification: false`
 * in app.ts): three HMACs and a random draw fewer per request.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { logger } = options;
  const replays =
    options.replays ?? new SharedReplayGuard({ windowMs: REPLAY_WINDOW_MS, logger, followOthers: false });

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    req.headers['x-koers-request-id'] = requestId;
    // Slack's 3 seconds run from here: listeners measure their ack budget from this moment.
    req.headers['x-koers-received-at'] = String(performance.now());
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/healthz') {
      void answerHealth(res, options.isHealthy, options.slackStatus, options.installations);
      return;
    }
    if (req.method === 'POST' && path === '/slack/events' && options.slackListener) {
      void guardSlackRequest(req, res, replays, options.signingSecret, logger, requestId).then((ok) => {
        if (ok) options.slackListener?.(req, res);
      });
      return;
    }
    if (options.routes?.some((route) => route(req, res, path))) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  // Slack never holds a connection long; slow-loris clients should not either.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  // An idle connection is closed by the client (a proxy, Slack, a test's fetch) before the server, never
  // at the same moment: with Node's 5 s the two can cross, and the request sent on the closing socket is
  // reset. Load balancers keep idle connections up to 60 s.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (options.host) server.listen(options.port, options.host, resolve);
    else server.listen(options.port, resolve);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** 200 while the database answers: Koers answers commands without Slack's Web API, so `slack` only informs. */
async function answerHealth(
  res: ServerResponse,
  isHealthy: () => Promise<boolean>,
  slackStatus: (() => string) | undefined,
  installations: (() => Promise<number>) | undefined,
): Promise<void> {
  const healthy = await isHealthy().catch(() => false);
  const installed = healthy && installations ? await installations().catch(() => undefined) : undefined;
  const body = {
    status: healthy ? 'ok' : 'unavailable',
    db: healthy ? 'ok' : 'unavailable',
    ...(slackStatus ? { slack: slackStatus() } : {}),
    ...(installed !== undefined && { installations: installed }),
  };
  res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Buffers the body for Bolt (as `rawBody`) and refuses every request that Slack did not just send. */
async function guardSlackRequest(
  req: IncomingMessage,
  res: ServerResponse,
  replays: SharedReplayGuard,
  signingSecret: string,
  logger: Logger,
  requestId: string,
): Promise<boolean> {
  const refuse = (status: number, reason: string) => {
    logger.warn({ requestId, status, reason }, 'refused Slack request');
    res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
    return false;
  };

  const declaredLength = Number(req.headers['content-length'] ?? 0);
  if (declaredLength > MAX_BODY_BYTES) return refuse(413, 'Request body too large');
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === null) return refuse(413, 'Request body too large');
  (req as IncomingMessage & { rawBody: Buffer }).rawBody = body;

  const timestampHeader = req.headers['x-slack-request-timestamp'];
  const signature = req.headers['x-slack-signature'];
  if (typeof timestampHeader !== 'string' || typeof signature !== 'string') {
    return refuse(401, 'Request is not signed');
  }
  const timestamp = Number(timestampHeader);
  const nowSeconds = Date.now() / 1000;
  if (!Number.isInteger(timestamp) || timestamp < nowSeconds - MAX_AGE_SECONDS) {
    return refuse(401, 'Request timestamp is too old');
  }
  if (timestamp > nowSeconds + MAX_FUTURE_SKEW_SECONDS)
    return refuse(401, 'Request timestamp is in the future');
  if (!isGenuine(signingSecret, signature, timestampHeader, body))
    return refuse(401, 'Signature does not match');

  // Only genuine signatures are remembered, so forgeries cannot fill the guard.
  if (replays.seenHere(signature, Date.now())) return refuse(401, 'Request was already received');
  const kind = kindOfBody(body, req.headers['content-type']);
  if (kind === 'malformed') return refuse(400, 'Request body is not a Slack payload');
  if (kind === 'question') {
    // Answering changes nothing: the other instances learn of it within a second, without a wait here.
    replays.record(signature, timestamp);
    return true;
  }
  if (!(await replays.claim(signature, timestamp))) return refuse(401, 'Request was already received');
  return true;
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * What a signed body holds, read as Bolt's receiver will read it (form fields, `payload=<json>`, or
 * JSON): `malformed` when that is not an object (`null`, `payload=null`, a number, broken JSON), which
 * Bolt would take for a request and fail on without ever answering; `question` when answering it only
 * reads (a `/project` question, a searched select); `act` for everything else.
 */
function kindOfBody(body: Buffer, contentType: string | undefined): 'malformed' | 'question' | 'act' {
  try {
    if (contentType === FORM) {
      const fields = parseForm(body.toString());
      if (typeof fields.payload === 'string') {
        const payload: unknown = JSON.parse(fields.payload);
        if (!isObject(payload)) return 'malformed';
        return payload.type === 'block_suggestion' ? 'question' : 'act';
      }
      const { command, text } = fields;
      if (command === '/project' && isQuestion(parseCommand(typeof text === 'string' ? text : '')))
        return 'question';
      return 'act';
    }
    return isObject(JSON.parse(body.toString())) ? 'act' : 'malformed';
  } catch {
    return 'malformed';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isGenuine(secret: string, signature: string, timestamp: string, body: Buffer): boolean {
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
