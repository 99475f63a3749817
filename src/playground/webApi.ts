import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../http/route.js';
import { isLoopbackRequest } from './loopback.js';
import { BOT, directMessageOf, PERSONAS } from './personas.js';
import type { OpenView, Workspace } from './workspace.js';

type Args = Record<string, unknown>;
type Reply = Record<string, unknown>;

export interface SlackWebApi {
  /** Koers's SLACK_API_URL: ends with `/api/`. */
  apiUrl: string;
  /** A response_url for a command or an action; posts to it land in the workspace. */
  responseUrl(id: string): string;
  close(): Promise<void>;
}

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>';

/** One workspace the Web API serves: Slack's memory of it, and the bot token Koers holds there. */
export interface ServedWorkspace {
  workspace: Workspace;
  botToken: string;
}

/**
 * Slack's Web API for the methods Koers calls, on its own loopback port, with Slack's encodings (form
 * fields with JSON-encoded values, or JSON) and its answers. Each call acts in the workspace whose bot
 * token it carries, as at Slack; any other token is refused. Response URLs and file uploads live here
 * too, as on Slack's side. Like the page's port, it answers loopback only (a Host or Origin naming
 * anything else is refused, against DNS rebinding); an upload needs its workspace's bot token too, goes
 * to a file id nobody can guess, and is taken once: nobody else on the machine can replace the export
 * the page then offers.
 */
export async function startSlackWebApi(
  served: readonly ServedWorkspace[],
  onResponse: (responseId: string, body: Args) => void,
): Promise<SlackWebApi> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sides = served.map(({ workspace, botToken }) => {
    const uploadNames = new Map<string, string>();
    return { workspace, botToken, uploadNames, methods: webApiMethods({ workspace, base, uploadNames }) };
  });
  /** The workspace a token is the bot token of. */
  const sideOf = (token: string | undefined) =>
    token === undefined ? undefined : sides.find((side) => sameText(token, side.botToken));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackRequest(req)) return sendJson(res, 403, { ok: false, error: 'loopback_only' });
    const raw = await readBody(req, MAX_UPLOAD_BYTES);
    if (raw === null) return sendJson(res, 413, { ok: false, error: 'too_large' });
    const [, area, name] = new URL(req.url ?? '/', base).pathname.split('/');
    if (req.method === 'GET' && area === 'files-pri' && name) {
      // Slack's file host: the file to its workspace's bot token; anyone else gets its sign-in page, as at Slack.
      const file = sideOf(bearerOf(req))?.workspace.files.get(decodeURIComponent(name));
      if (!file) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SIGN_IN_PAGE);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file.data);
      return;
    }
    if (req.method !== 'POST' || !area || !name)
      return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    if (area === 'respond') {
      onResponse(decodeURIComponent(name), parseJson(raw.toString('utf8')));
      return sendJson(res, 200, { ok: true });
    }
    if (area === 'upload') {
      const id = decodeURIComponent(name);
      const side = sideOf(bearerOf(req));
      if (!side) return sendJson(res, 401, { ok: false, error: 'invalid_auth' });
      const fileName = side.uploadNames.get(id);
      if (fileName === undefined) return sendJson(res, 404, { ok: false, error: 'unknown_file' });
      // One upload per upload URL, as at Slack: what was uploaded is never replaced.
      side.uploadNames.delete(id);
      const data = await fileBytes(req, raw);
      side.workspace.files.set(id, { id, name: fileName, title: fileName, data });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${data.length}`);
      return;
    }
    if (area !== 'api') return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    const args = parseArgs(req.headers['content-type'], raw);
    const side = sideOf(bearerOf(req) ?? (typeof args.token === 'string' ? args.token : ''));
    if (!side) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    const method = side.methods.get(decodeURIComponent(name));
    sendJson(res, 200, method ? method(args) : { ok: false, error: 'unknown_method' });
  }

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/respond/${encodeURIComponent(id)}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the methods work on: the workspace, this server's address, and the uploads handed out. */
interface WebApiSide {
  workspace: Workspace;
  base: string;
  /** The name of each file an upload URL was handed out for, until its upload. */
  uploadNames: Map<string, string>;
}

type Method = (args: Args) => Reply;

/** Each method Koers calls, by its name; any other answers `unknown_method`. */
function webApiMethods(side: WebApiSide): ReadonlyMap<string, Method> {
  return new Map(
    Object.entries({
      ...identityMethods(side.workspace),
      ...messageMethods(side.workspace),
      ...canvasMethods(side.workspace),
      ...viewMethods(side.workspace),
      ...conversationMethods(side.workspace),
      ...fileMethods(side),
    }),
  );
}

function identityMethods({ team }: Workspace): Record<string, Method> {
  return {
    'auth.test': () => ({
      ok: true,
      url: 'http://127.0.0.1/',
      team: team.name,
      user: 'koers',
      team_id: team.id,
      user_id: BOT.userId,
      bot_id: BOT.botId,
      is_enterprise_install: false,
    }),
    'users.info': (args) => {
      const persona = PERSONAS.find((p) => p.id === args.user);
      if (!persona) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id: persona.id,
          team_id: team.id,
          name: persona.name.toLowerCase(),
          real_name: persona.name,
          is_bot: false,
          locale: persona.locale,
          tz: 'Europe/Amsterdam',
        },
      };
    },
  };
}

/** Posting, changing, deleting and pinning messages. */
function messageMethods(workspace: Workspace): Record<string, Method> {
  return {
    'chat.postMessage': (args) => {
      const channel = conversationOf(workspace, args.channel);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      const kind = workspace.channel(channel)?.kind;
      if (kind === 'channel' && !workspace.botMembership.has(channel))
        return { ok: false, error: 'not_in_channel' };
      const message = workspace.post({ channel, userId: BOT.userId, ...content(args) });
      return {
        ok: true,
        channel,
        ts: message.ts,
        message: { ...content(args), ts: message.ts, bot_id: BOT.botId },
      };
    },
    'chat.postEphemeral': (args) => {
      const channel = conversationOf(workspace, args.channel);
      if (!channel || typeof args.user !== 'string') return { ok: false, error: 'channel_not_found' };
      const message = workspace.post({
        channel,
        userId: BOT.userId,
        visibleTo: args.user,
        ...content(args),
      });
      return { ok: true, message_ts: message.ts };
    },
    'chat.update': (args) => {
      const message = workspace.find(String(args.channel), String(args.ts));
      if (!message) return { ok: false, error: 'message_not_found' };
      Object.assign(message, content(args));
      workspace.changed();
      return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
    },
    'chat.delete': (args) => {
      const message = workspace.find(String(args.channel), String(args.ts));
      if (!message) return { ok: false, error: 'message_not_found' };
      workspace.remove(message);
      return { ok: true, channel: message.channel, ts: message.ts };
    },
    'pins.add': (args) => {
      const message = workspace.find(String(args.channel), String(args.timestamp));
      if (!message) return { ok: false, error: 'message_not_found' };
      if (message.pinned) return { ok: false, error: 'already_pinned' };
      message.pinned = true;
      workspace.changed();
      return { ok: true };
    },
    'pins.remove': (args) => {
      const message = workspace.find(String(args.channel), String(args.timestamp));
      if (!message?.pinned) return { ok: false, error: 'no_pin' };
      message.pinned = false;
      workspace.changed();
      return { ok: true };
    },
  };
}

function canvasMethods(workspace: Workspace): Record<string, Method> {
  return {
    'conversations.canvases.create': (args) => {
      const channel = workspace.channel(String(args.channel_id));
      if (channel?.kind !== 'channel') return { ok: false, error: 'channel_not_found' };
      if (workspace.canvases.has(channel.id)) return { ok: false, error: 'channel_canvas_already_exists' };
      const id = workspace.nextId('F');
      workspace.canvases.set(channel.id, { id, markdown: markdownOf(args.document_content) });
      workspace.changed();
      return { ok: true, canvas_id: id };
    },
    'canvases.edit': (args) => {
      const canvas = [...workspace.canvases.values()].find((candidate) => candidate.id === args.canvas_id);
      if (!canvas) return { ok: false, error: 'canvas_not_found' };
      const changes = Array.isArray(args.changes) ? (args.changes as Args[]) : [];
      const replace = changes.find((change) => change.operation === 'replace');
      if (!replace) return { ok: false, error: 'invalid_arguments' };
      canvas.markdown = markdownOf(replace.document_content);
      workspace.changed();
      return { ok: true };
    },
  };
}

/** Modals (a stack of at most three per person, as in Slack) and the App Home. */
function viewMethods(workspace: Workspace): Record<string, Method> {
  const openOrPush =
    (method: 'views.open' | 'views.push'): Method =>
    (args) => {
      const userId = workspace.triggers.get(String(args.trigger_id));
      if (!userId) return { ok: false, error: 'invalid_trigger_id' };
      const stack = workspace.modalStack(userId);
      if (method === 'views.open' && stack.length > 0) stack.length = 0;
      if (method === 'views.push' && stack.length === 0) return { ok: false, error: 'not_found' };
      if (stack.length >= 3) return { ok: false, error: 'push_limit_reached' };
      const open = newView(workspace, userId, args.view);
      stack.push(open);
      workspace.changed();
      return { ok: true, view: viewReply(workspace, open) };
    };
  return {
    'views.open': openOrPush('views.open'),
    'views.push': openOrPush('views.push'),
    'views.update': (args) => {
      const open =
        typeof args.view_id === 'string'
          ? workspace.view(args.view_id)
          : [...workspace.modals.values()].flat().find((v) => v.view.external_id === args.external_id);
      if (!open) return { ok: false, error: 'not_found' };
      if (typeof args.hash === 'string' && args.hash !== open.hash)
        return { ok: false, error: 'hash_conflict' };
      open.view = asObject(args.view);
      open.hash = workspace.nextId('h');
      open.errors = undefined;
      workspace.changed();
      return { ok: true, view: viewReply(workspace, open) };
    },
    'views.publish': (args) => {
      const userId = String(args.user_id);
      if (!PERSONAS.some((p) => p.id === userId)) return { ok: false, error: 'user_not_found' };
      const open = workspace.homes.get(userId) ?? newView(workspace, userId, {});
      open.view = asObject(args.view);
      open.hash = workspace.nextId('h');
      workspace.homes.set(userId, open);
      workspace.changed();
      return { ok: true, view: viewReply(workspace, open) };
    },
  };
}

function conversationMethods(workspace: Workspace): Record<string, Method> {
  return {
    'conversations.info': (args) => {
      const channel = workspace.channel(String(args.channel));
      if (!channel) return { ok: false, error: 'channel_not_found' };
      return { ok: true, channel: channelReply(workspace, channel.id) };
    },
    'conversations.join': (args) => {
      const channel = workspace.channel(String(args.channel));
      if (channel?.kind !== 'channel') return { ok: false, error: 'channel_not_found' };
      workspace.botMembership.add(channel.id);
      return { ok: true, channel: channelReply(workspace, channel.id) };
    },
    'conversations.history': (args) => history(workspace, args),
    'conversations.open': (args) => {
      const userId = String(args.users ?? '').split(',')[0] ?? '';
      if (!PERSONAS.some((p) => p.id === userId)) return { ok: false, error: 'user_not_found' };
      return { ok: true, channel: { id: directMessageOf(userId).id, is_im: true, user: userId } };
    },
  };
}

/** Slack's upload in three steps (an upload URL, the bytes, the completion), and a file's details. */
function fileMethods({ workspace, base, uploadNames }: WebApiSide): Record<string, Method> {
  return {
    'files.getUploadURLExternal': (args) => {
      // Random, as Slack's are unguessable: a sequential id would name the next export in advance.
      const id = `F${randomBytes(8).toString('hex').toUpperCase()}`;
      uploadNames.set(id, typeof args.filename === 'string' ? args.filename : id);
      return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
    },
    'files.info': (args) => {
      const file = workspace.files.get(String(args.file ?? ''));
      if (!file) return { ok: false, error: 'file_not_found' };
      return {
        ok: true,
        file: {
          id: file.id,
          name: file.name,
          title: file.title,
          size: file.data.length,
          url_private_download: `${base}/files-pri/${file.id}/download/${encodeURIComponent(file.name)}`,
        },
      };
    },
    'files.completeUploadExternal': (args) => {
      const files = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
      const stored = files.map((f) => workspace.files.get(String(f.id)));
      if (stored.some((f) => !f)) return { ok: false, error: 'file_not_found' };
      const channel = conversationOf(workspace, args.channel_id);
      for (const file of stored) {
        if (!file) continue;
        if (channel) {
          workspace.post({
            channel,
            userId: BOT.userId,
            text: typeof args.initial_comment === 'string' ? args.initial_comment : '',
            file: { id: file.id, name: file.name, size: file.data.length },
          });
        }
      }
      return { ok: true, files: stored.map((f) => ({ id: f?.id, name: f?.name, title: f?.title })) };
    },
  };
}

/** Koers looks here for a reminder whose post went unanswered, by the metadata it carries. */
function history(workspace: Workspace, args: Args): Reply {
  const channel = conversationOf(workspace, args.channel);
  if (!channel) return { ok: false, error: 'channel_not_found' };
  const number = (value: unknown) => (value === undefined || value === '' ? undefined : Number(value));
  const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
  const page = workspace.history(channel, {
    oldest: number(args.oldest),
    latest: number(args.latest),
    inclusive: args.inclusive === true || args.inclusive === 'true',
    limit: number(args.limit),
    cursor: typeof args.cursor === 'string' ? args.cursor : undefined,
  });
  return {
    ok: true,
    messages: page.messages.map((message) => ({
      type: 'message',
      user: message.userId,
      ...(message.userId === BOT.userId ? { bot_id: BOT.botId } : {}),
      text: message.text,
      ts: message.ts,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
    })),
    has_more: page.nextCursor !== null,
    response_metadata: { next_cursor: page.nextCursor ?? '' },
  };
}

/** A user id as a channel means the direct message with that user, as in Slack. */
function conversationOf(workspace: Workspace, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (PERSONAS.some((p) => p.id === value)) return directMessageOf(value).id;
  return workspace.channel(value)?.id;
}

function newView(workspace: Workspace, userId: string, view: unknown): OpenView {
  return { id: workspace.nextId('V'), userId, view: asObject(view), hash: workspace.nextId('h') };
}

function viewReply(workspace: Workspace, open: OpenView): Reply {
  return {
    ...open.view,
    id: open.id,
    team_id: workspace.team.id,
    hash: open.hash,
    state: { values: {} },
    app_id: BOT.appId,
    bot_id: BOT.botId,
    root_view_id: open.id,
    previous_view_id: null,
  };
}

function channelReply(workspace: Workspace, id: string): Reply {
  const channel = workspace.channel(id);
  return {
    id,
    name: channel?.name,
    is_channel: channel?.kind === 'channel',
    is_im: channel?.kind === 'im',
    is_private: false,
    is_archived: false,
    is_member: channel?.kind === 'im' || workspace.botMembership.has(id),
  };
}

function content(args: Args): { text: string; blocks?: unknown[]; metadata?: unknown } {
  const text = typeof args.text === 'string' ? args.text : '';
  const metadata = args.metadata && typeof args.metadata === 'object' ? { metadata: args.metadata } : {};
  return Array.isArray(args.blocks) ? { text, blocks: args.blocks, ...metadata } : { text, ...metadata };
}

function bearerOf(req: IncomingMessage): string | undefined {
  return /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The WebClient form-encodes arguments and JSON-encodes the non-primitive ones (blocks, view, files). */
function markdownOf(content: unknown): string {
  const markdown = (content as { markdown?: unknown } | undefined)?.markdown;
  return typeof markdown === 'string' ? markdown : '';
}

function parseArgs(contentType: string | undefined, raw: Buffer): Args {
  const body = raw.toString('utf8');
  if (body === '') return {};
  if (contentType?.startsWith('application/json')) return parseJson(body);
  const args: Args = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (/^[[{]/.test(value)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // Plain text that happens to start with a bracket.
      }
    }
    args[key] = value;
  }
  return args;
}

function parseJson(body: string): Args {
  try {
    return asObject(JSON.parse(body));
  } catch {
    return {};
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Args) : {};
}

async function fileBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
    for (const value of form.values()) {
      if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    }
  }
  return raw;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
