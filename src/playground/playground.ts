import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { runTick, type Worker } from '../scheduler/reminderWorker.js';
import type { PlaygroundClock } from './clock.js';
import { PAGE_REQUESTS, type PageRequestName, type PageRequests } from './pageRequests.js';
import type { PageState } from './pageState.js';
import { BOT, PERSONAS } from './personas.js';
import type { SlackSide } from './slackSide.js';
import { welcomeChannelOf } from './welcome.js';
import type { StoredFile, Workspace } from './workspace.js';

/** One page request: run as it is (a test), or checked against its schema first (the page). */
interface PageHandler<Request> {
  run(request: Request): Promise<unknown>;
  answer(body: unknown): Promise<{ ok: true; reply: unknown } | { ok: false; issues: string[] }>;
}

type PageHandlers = { [Name in PageRequestName]: PageHandler<PageRequests[Name]> };

function pageHandler<Schema extends z.ZodType>(
  schema: Schema,
  run: (request: z.output<Schema>) => Promise<unknown>,
): PageHandler<z.output<Schema>> {
  return {
    run,
    answer: async (body) => {
      const parsed = schema.safeParse(body);
      if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((issue) => issue.message) };
      return { ok: true, reply: await run(parsed.data) };
    },
  };
}

/** One of the playground's workspaces: Slack's memory of it, and Slack's side of the wire to Koers there. */
export interface PlaygroundSide {
  workspace: Workspace;
  slack: SlackSide;
}

/**
 * What the page asks of the playground; each request is one thing a person does in Slack, in the
 * workspace the page's switcher shows (the first when it names none).
 */
export class Playground {
  private readonly workers = new Map<string, Worker>();

  constructor(
    /** The first is the one a newcomer sees; on a database the user chose it is the only one. */
    private readonly sides: readonly [PlaygroundSide, ...PlaygroundSide[]],
    readonly clock: PlaygroundClock,
    /** Starts the playground's own data anew; absent when its database is one the user chose. */
    private readonly startAnew?: () => Promise<void>,
  ) {}

  /** The first workspace's Slack memory. */
  get workspace(): Workspace {
    return this.sides[0].workspace;
  }

  /** Slack's memory of a workspace by its team id; the first for none (or one not served). */
  workspaceOf(teamId: string | undefined): Workspace {
    return this.sideOf(teamId).workspace;
  }

  /** A workspace's scheduler worker, once its database is ready. */
  useWorker(teamId: string, worker: Worker): void {
    this.workers.set(teamId, worker);
  }

  /** A file kept in a workspace (sent there, or uploaded by Koers), for the page's download link. */
  fileOf(teamId: string | undefined, fileId: string): StoredFile | undefined {
    return this.workspaceOf(teamId).files.get(fileId);
  }

  private sideOf(teamId: string | undefined): PlaygroundSide {
    return this.sides.find((side) => side.workspace.team.id === teamId) ?? this.sides[0];
  }

  /** The page's requests, by name: what each does once its schema (pageRequests.ts) let it through. */
  readonly requests: PageHandlers = {
    command: pageHandler(PAGE_REQUESTS.command, async ({ workspace, user, channel, text }) => {
      const side = this.sideOf(workspace);
      if (!side.workspace.channel(channel)) return { ok: false };
      if (text.trim().startsWith('/')) await side.slack.command(user, channel, text);
      else if (text.trim() !== '') side.workspace.post({ channel, userId: user, text });
      return { ok: true };
    }),
    action: pageHandler(PAGE_REQUESTS.action, async ({ workspace, user, ...input }) => {
      await this.sideOf(workspace).slack.action(user, input);
      return { ok: true };
    }),
    submit: pageHandler(PAGE_REQUESTS.submit, async ({ workspace, user, viewId, values }) => {
      await this.sideOf(workspace).slack.submit(user, viewId, values);
      return { ok: true };
    }),
    close: pageHandler(PAGE_REQUESTS.close, async ({ workspace, user, viewId }) => {
      await this.sideOf(workspace).slack.closeView(user, viewId);
      return { ok: true };
    }),
    suggest: pageHandler(PAGE_REQUESTS.suggest, async (r) => ({
      options: await this.sideOf(r.workspace).slack.suggest(r.user, r.viewId, r.blockId, r.actionId, r.value),
    })),
    home: pageHandler(PAGE_REQUESTS.home, async ({ workspace, user }) => {
      await this.sideOf(workspace).slack.openHome(user);
      return { ok: true };
    }),
    clock: pageHandler(PAGE_REQUESTS.clock, async ({ at }) => {
      const ok = this.clock.setLocal(at);
      for (const side of this.sides) side.workspace.changed();
      return { ok };
    }),
    reminders: pageHandler(PAGE_REQUESTS.reminders, async ({ workspace }) => {
      const worker = this.workers.get(this.sideOf(workspace).workspace.team.id);
      if (!worker) return { ok: false };
      // The app's own tick, as node-cron would run it at the playground's time.
      const report = await runTick(worker, this.clock.now());
      return {
        ok: true,
        sent: report.sent.length,
        failed: report.failed.length,
        skipped: report.skipped.length,
      };
    }),
    arrive: pageHandler(PAGE_REQUESTS.arrive, async ({ workspace, user }) => {
      // A reload, as in Slack: what was only on the screen (ephemeral answers, modals) is gone.
      this.workspaceOf(workspace).forgetScreenOf(user);
      return { ok: true };
    }),
    sendFile: pageHandler(PAGE_REQUESTS.sendFile, async ({ workspace, user, channel, name, base64 }) => {
      const side = this.sideOf(workspace);
      // Slack hears of a file shared with the app in its direct message only (message.im).
      if (side.workspace.channel(channel)?.kind !== 'im') return { ok: false };
      await side.slack.shareFile(user, channel, name, Buffer.from(base64, 'base64'));
      return { ok: true };
    }),
    reset: pageHandler(PAGE_REQUESTS.reset, async () => {
      if (!this.startAnew) return { ok: false, reason: 'notOwnDatabase' };
      await this.startAnew();
      return { ok: true };
    }),
  };

  /** A request as the page would send it, already in its schema's shape. */
  handle<Name extends PageRequestName>(name: Name, request: PageRequests[Name]): Promise<unknown> {
    return this.requests[name].run(request);
  }

  /** One person's view of one workspace (the first for none). */
  stateFor(userId: string, teamId?: string): PageState {
    const workspace = this.workspaceOf(teamId);
    const names = Object.fromEntries([
      ...PERSONAS.map((p) => [p.id, p.name]),
      [BOT.userId, BOT.name],
      ['USLACKBOT', 'Slackbot'],
    ]);
    const stack = workspace.modals.get(userId) ?? [];
    const top = stack.at(-1);
    return {
      me: userId,
      workspace: workspace.team.id,
      workspaces: this.sides.map((side) => ({ id: side.workspace.team.id, name: side.workspace.team.name })),
      welcomeChannel: welcomeChannelOf(workspace.team),
      personas: PERSONAS,
      channels: workspace.channels().filter((c) => c.kind === 'channel' || c.userId === userId),
      channelNames: Object.fromEntries(workspace.channels().map((c) => [c.id, c.name])),
      userNames: names,
      messages: workspace.visibleTo(userId).map((message) => ({
        ...message,
        userName: names[message.userId] ?? message.userId,
        ephemeral: Boolean(message.visibleTo),
      })),
      canvases: Object.fromEntries(
        [...workspace.canvases].map(([channel, canvas]) => [channel, canvas.markdown]),
      ),
      modal: top ? { id: top.id, view: top.view, errors: top.errors ?? {}, depth: stack.length } : null,
      home: workspace.homes.get(userId)?.view ?? null,
      homeId: workspace.homes.get(userId)?.id ?? null,
      clock: this.clock.local(),
      timezone: this.clock.timezone,
      canStartAnew: Boolean(this.startAnew),
    };
  }

  /** Server-Sent Events: one `change` per burst of changes; the page then asks for its state. */
  subscribe(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    let pending: NodeJS.Timeout | null = null;
    const onChange = () => {
      pending ??= setTimeout(() => {
        pending = null;
        res.write('event: change\ndata: {}\n\n');
      }, 20);
    };
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    for (const side of this.sides) side.workspace.on('change', onChange);
    req.on('close', () => {
      for (const side of this.sides) side.workspace.off('change', onChange);
      clearInterval(keepAlive);
      if (pending) clearTimeout(pending);
    });
  }
}
