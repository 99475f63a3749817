import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A page or feed served beside Slack's endpoint (the playground, the calendar feed). It answers and
 * returns true when the request is its own, else returns false and leaves the response untouched.
 */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

/** The body up to `limit` bytes, or null past it (the rest is drained, so an answer still reaches the client). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering but drain the rest, so the 413 reaches the client instead of a reset.
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
