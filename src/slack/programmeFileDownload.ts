import type { webApi } from '@slack/bolt';
import { MAX_PROGRAMME_FILE_BYTES } from '../domain/programmeFileBytes.js';
import type { Downloaded, SentFile } from '../usecases/programmeFileImport.js';

/** Slack serves a file in seconds; one that takes longer is not waited for. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

/**
 * What Slack says of a file (`files.info`, scope `files:read`): its name and size as declared, and the
 * address to download it from. The event's own copy is not trusted for the address: the bot token is
 * sent there.
 */
export async function describeSentFile(
  client: webApi.WebClient,
  fileId: string,
): Promise<{ ok: true; file: SentFile; url: string | null } | { ok: false; error: string }> {
  try {
    const info = await client.files.info({ file: fileId });
    const file = info.file;
    if (!file?.id) return { ok: false, error: 'file_not_found' };
    return {
      ok: true,
      file: { fileId: file.id, name: file.name ?? file.title ?? file.id, size: file.size ?? null },
      url: file.url_private_download ?? file.url_private ?? null,
    };
  } catch (error) {
    return { ok: false, error: (error as { data?: { error?: string } }).data?.error ?? 'unreachable' };
  }
}

/**
 * The file's bytes, read with the bot token from Slack's own file host only, at most the programme
 * file's cap (the rest is never read), within a timeout. Slack answers a download it will not give
 * (no `files:read`, a file not shared with the app) with its sign-in page as HTML and a 200: so the
 * bytes are checked, not the status or the declared type.
 */
export async function downloadSlackFile(
  client: webApi.WebClient,
  url: string,
  token: string,
  options: { maxBytes?: number; timeoutMs?: number } = {},
): Promise<Downloaded> {
  const maxBytes = options.maxBytes ?? MAX_PROGRAMME_FILE_BYTES;
  if (!isSlackFileAddress(client, url)) return { ok: false, problem: { kind: 'noAccess' } };
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      // A redirect goes to a sign-in page, never to the file: not followed, the token goes nowhere else.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS),
    });
  } catch {
    return { ok: false, problem: { kind: 'unreachable' } };
  }
  if (response.status >= 300 && response.status < 500) {
    await response.body?.cancel().catch(() => {});
    return { ok: false, problem: { kind: 'noAccess' } };
  }
  if (!response.ok || !response.body) return { ok: false, problem: { kind: 'unreachable' } };
  if ((response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/html')) {
    await response.body.cancel().catch(() => {});
    return { ok: false, problem: { kind: 'noAccess' } };
  }
  const read = await readAtMost(response.body, maxBytes);
  if (read === 'timeout') return { ok: false, problem: { kind: 'unreachable' } };
  if (read === 'tooLarge') {
    const declared = Number(response.headers.get('content-length'));
    const bytes = Number.isFinite(declared) && declared > maxBytes ? declared : maxBytes + 1;
    return { ok: false, problem: { kind: 'tooLarge', bytes, maxBytes } };
  }
  if (looksLikeHtml(read)) return { ok: false, problem: { kind: 'noAccess' } };
  return { ok: true, bytes: read };
}

/** Slack's file host, or in a test or the playground the host that stands in for Slack's Web API. */
function isSlackFileAddress(client: webApi.WebClient, url: string): boolean {
  let address: URL;
  let api: URL;
  try {
    address = new URL(url);
    api = new URL(client.slackApiUrl);
  } catch {
    return false;
  }
  if (api.hostname === 'slack.com')
    return address.protocol === 'https:' && address.hostname === 'files.slack.com';
  return address.origin === api.origin;
}

async function readAtMost(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array | 'tooLarge' | 'timeout'> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > maxBytes) {
        await reader.cancel().catch(() => {});
        return 'tooLarge';
      }
      chunks.push(value);
    }
  } catch {
    return 'timeout';
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

const HTML_START = /^\s*(<!doctype html|<html|<head|<body)/i;

function looksLikeHtml(bytes: Uint8Array): boolean {
  const start = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 256));
  return HTML_START.test(start.replace(/^\uFEFF/, ''));
}
