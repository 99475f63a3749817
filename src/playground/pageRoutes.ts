import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type HttpRoute, readBody } from '../http/route.js';
import { isLoopbackRequest } from './loopback.js';
import { isPageRequestName, MAX_FILE_REQUEST, personaId, teamId } from './pageRequests.js';
import { PAGE_HTML, PAGE_ICON, PAGE_STYLE } from './pageShell.js';
import type { Playground } from './playground.js';

/** The page's modules, compiled by `tsc -p tsconfig.page.json` (part of `npm run build`). */
const PAGE_MODULES = fileURLToPath(new URL('../../dist/playground-page/', import.meta.url));
const MAX_PAGE_REQUEST = 64 * 1024;

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
      const user = personaId.safeParse(url.searchParams.get('user'));
      const team = teamId.safeParse(url.searchParams.get('workspace') ?? undefined);
      if (!user.success) return sendJson(res, 400, { error: 'user' });
      if (!team.success) return sendJson(res, 400, { error: 'workspace' });
      return sendJson(res, 200, playground.stateFor(user.data, team.data));
    }
    if (path === '/playground/events') return playground.subscribe(req, res);
    const file = /^\/playground\/files\/([A-Z0-9]+)$/.exec(path);
    if (file) {
      const team = teamId.safeParse(url.searchParams.get('workspace') ?? undefined);
      const stored = team.success ? playground.fileOf(team.data, file[1] ?? '') : undefined;
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
  const name = path.slice('/playground/'.length);
  if (req.method !== 'POST' || !isPageRequestName(name)) return send(res, 404, 'text/plain', 'Not found');
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
  const answered = await playground.requests[name].answer(body);
  if (!answered.ok) return sendJson(res, 400, { error: answered.issues });
  return sendJson(res, 200, answered.reply);
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
