import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type HttpRoute, readBody } from '../http/route.js';
import { isLoopbackRequest } from './loopback.js';
import { PAGE_HTML, PAGE_ICON, PAGE_STYLE } from './pageShell.js';
import { PERSONAS } from './personas.js';
import type { Playground } from './playground.js';

/** The page's modules, compiled by `tsc -p tsconfig.page.json` (part of `npm run build`). */
const PAGE_MODULES = fileURLToPath(new URL('../../dist/playground-page/', import.meta.url));
const MAX_PAGE_REQUEST = 64 * 1024;
/** A file sent from the page, base64 in JSON: room for a file past Koers's 2 MB cap, to see it refused. */
const MAX_FILE_REQUEST = 4 * 1024 * 1024;

const userId = z.string().refine((id) => PERSONAS.some((p) => p.id === id), 'unknown user');
const option = z.object({ value: z.string().max(2000), text: z.string().max(2000) });
const field = z.object({
  blockId: z.string().max(255),
  actionId: z.string().max(255),
  kind: z.string().max(64),
  value: z.string().max(10_000).nullish(),
  options: z.array(option).max(100).optional(),
});
const requests = {
  command: z.object({ user: userId, channel: z.string().max(64), text: z.string().max(4000) }),
  action: field.extend({
    user: userId,
    channel: z.string().max(64).optional(),
    messageTs: z.string().max(64).optional(),
    viewId: z.string().max(64).optional(),
    label: z.string().max(2000).optional(),
    values: z.array(field).max(100).optional(),
  }),
  submit: z.object({ user: userId, viewId: z.string().max(64), values: z.array(field).max(100) }),
  close: z.object({ user: userId, viewId: z.string().max(64) }),
  suggest: z.object({
    user: userId,
    viewId: z.string().max(64),
    blockId: z.string().max(255),
    actionId: z.string().max(255),
    value: z.string().max(2000),
  }),
  home: z.object({ user: userId }),
  clock: z.object({ at: z.string().max(32) }),
  reminders: z.object({}),
  reset: z.object({}),
  arrive: z.object({ user: userId }),
  sendFile: z.object({
    user: userId,
    channel: z.string().max(64),
    name: z.string().min(1).max(255),
    base64: z.string().max(MAX_FILE_REQUEST),
  }),
};

/**
 * The page and its API on Koers's own port. Only loopback may call it: a request naming another Host or
 * Origin is refused, so a web page elsewhere cannot drive it through DNS rebinding.
 */
export function playgroundRoute(playground: Playground): HttpRoute {
  return (req, res, path) => {
    if (path !== '/' && path !== '/favicon.ico' && !path.startsWith('/playground/')) return false;
    if (!isLoopbackRequest(req)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('The playground answers on 127.0.0.1 only.');
      return true;
    }
    void serve(playground, req, res, path).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'playground_error' });
    });
    return true;
  };
}

async function serve(playground: Playground, req: IncomingMessage, res: ServerResponse, path: string) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method === 'GET') {
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
    if (path === '/playground/assets/style.css') return send(res, 200, 'text/css; charset=utf-8', PAGE_STYLE);
    if (path === '/playground/assets/favicon.svg' || path === '/favicon.ico')
      return send(res, 200, 'image/svg+xml', PAGE_ICON);
    if (path.startsWith('/playground/assets/'))
      return serveModule(res, path.slice('/playground/assets/'.length));
    if (path === '/playground/state') {
      const user = userId.safeParse(url.searchParams.get('user'));
      return user.success
        ? sendJson(res, 200, playground.stateFor(user.data))
        : sendJson(res, 400, { error: 'user' });
    }
    if (path === '/playground/events') return playground.subscribe(req, res);
    const file = /^\/playground\/files\/([A-Z0-9]+)$/.exec(path);
    if (file) {
      const stored = playground.workspace.files.get(file[1] ?? '');
      if (!stored) return send(res, 404, 'text/plain', 'No such file');
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${stored.name.replace(/[^\w.-]/g, '_')}"`,
        'x-content-type-options': 'nosniff',
      });
      res.end(stored.data);
      return;
    }
    return send(res, 404, 'text/plain', 'Not found');
  }
  const name = path.slice('/playground/'.length) as keyof typeof requests;
  if (req.method !== 'POST' || !(name in requests)) return send(res, 404, 'text/plain', 'Not found');
  // JSON only: a cross-site form cannot send it without a preflight the page never allows.
  if (!req.headers['content-type']?.startsWith('application/json'))
    return sendJson(res, 415, { error: 'json' });
  const raw = await readBody(req, name === 'sendFile' ? MAX_FILE_REQUEST : MAX_PAGE_REQUEST);
  if (raw === null) return sendJson(res, 413, { error: 'too_large' });
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8') || '{}');
  } catch {
    return sendJson(res, 400, { error: 'json' });
  }
  const parsed = requests[name].safeParse(body);
  if (!parsed.success) return sendJson(res, 400, { error: parsed.error.issues.map((i) => i.message) });
  return sendJson(res, 200, await playground.handle(name, parsed.data as never));
}

async function serveModule(res: ServerResponse, relative: string) {
  if (!/^[\w/-]+\.js$/.test(relative) || relative.includes('..'))
    return send(res, 404, 'text/plain', 'Not found');
  try {
    const source = await readFile(`${PAGE_MODULES}${relative}`, 'utf8');
    return send(res, 200, 'text/javascript; charset=utf-8', source);
  } catch {
    return send(res, 404, 'text/plain', 'Not found (run npm run build)');
  }
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src http: https:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { 'content-type': type, ...SECURITY_HEADERS }).end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
