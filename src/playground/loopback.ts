import type { IncomingMessage } from 'node:http';

/*
 * The rule both of the playground's ports keep (the page on Koers's port, the Web API on its own): only
 * loopback may call them. A request whose Host or Origin names anything else is refused, so a web page
 * elsewhere cannot reach them through DNS rebinding.
 */

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

/** Host is 127.0.0.1, localhost or [::1]; an Origin, when sent, is http:// on one of those. */
export function isLoopbackRequest(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  if (!LOOPBACK_HOST.test(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const parsed = new URL(origin);
    return parsed.protocol === 'http:' && LOOPBACK_HOST.test(parsed.host);
  } catch {
    return false;
  }
}
