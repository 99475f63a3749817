import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { runTick, type Worker } from '../scheduler/reminderWorker.js';
import type { PlaygroundClock } from './clock.js';
import { PAGE_REQUESTS, type PageRequestName, type PageRequests } from './pageRequests.js';
import type { PageState } from './pageState.js';
import { BOT, PERSONAS } from './personas.js';
import type { SlackSide } from './slackSide.js';
import type { Workspace } from './workspace.js';

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

/** What the page asks of the playground; each request is one thing a person does in Slack. */
export class Playground {
  private worker: Worker | null = null;

  constructor(
    readonly workspace: Workspace,
    private readonly slack: SlackSide,
    readonly clock: PlaygroundClock,
    /** Starts the playground's own data anew; absent when its database is one the user chose. */
    private readonly startAnew?: () => Promise<void>,
  ) {}

  /** The scheduler's worker, once the database is ready. */
  useWorker(worker: Worker): void {
    this.worker = worker;
  }

  /** The page's requests, by name: what each does once its schema (pageRequests.ts) let it through. */
  readonly requests: PageHandlers = {
    command: pageHandler(PAGE_REQUESTS.command, async ({ user, channel, text }) => {
      if (!this.workspace.channel(channel)) return { ok: false };
      if (text.trim().startsWith('/')) await this.slack.command(user, channel, text);
      else if (text.trim() !== '') this.workspace.post({ channel, userId: user, text });
      return { ok: true };
    }),
    action: pageHandler(PAGE_REQUESTS.action, async ({ user, ...input }) => {
      await this.slack.action(user, input);
      return { ok: true };
    }),
    submit: pageHandler(PAGE_REQUESTS.submit, async ({ user, viewId, values }) => {
      await this.slack.submit(user, viewId, values);
      return { ok: true };
    }),
    close: pageHandler(PAGE_REQUESTS.close, async ({ user, viewId }) => {
      await this.slack.closeView(user, viewId);
      return { ok: true };
    }),
    suggest: pageHandler(PAGE_REQUESTS.suggest, async (r) => ({
      options: await this.slack.suggest(r.user, r.viewId, r.blockId, r.actionId, r.value),
    })),
    home: pageHandler(PAGE_REQUESTS.home, async ({ user }) => {
      await this.slack.openHome(user);
      return { ok: true };
    }),
    clock: pageHandler(PAGE_REQUESTS.clock, async ({ at }) => {
      const ok = this.clock.setLocal(at);
      this.workspace.changed();
      return { ok };
    }),
    reminders: pageHandler(PAGE_REQUESTS.reminders, async () => {
      if (!this.worker) return { ok: false };
      // The app's own tick, as node-cron would run it at the playground's time.
      const report = await runTick(this.worker, this.clock.now());
      return {
        ok: true,
        sent: report.sent.length,
        failed: report.failed.length,
        skipped: report.skipped.length,
      };
    }),
    arrive: pageHandler(PAGE_REQUESTS.arrive, async ({ user }) => {
      // A reload, as in Slack: what was only on the screen (ephemeral answers, modals) is gone.
      this.workspace.forgetScreenOf(user);
      return { ok: true };
    }),
    sendFile: pageHandler(PAGE_REQUESTS.sendFile, async ({ user, channel, name, base64 }) => {
      // Slack hears of a file shared with the app in its direct message only (message.im).
      if (this.workspace.channel(channel)?.kind !== 'im') return { ok: false };
      await this.slack.shareFile(user, channel, name, Buffer.from(base64, 'base64'));
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

  stateFor(userId: string): PageState {
    const names = Object.fromEntries([
      ...PERSONAS.map((p) => [p.id, p.name]),
      [BOT.userId, BOT.name],
      ['USLACKBOT', 'Slackbot'],
    ]);
    const stack = this.workspace.modals.get(userId) ?? [];
    const top = stack.at(-1);
    return {
      me: userId,
      personas: PERSONAS,
      channels: this.workspace.channels().filter((c) => c.kind === 'channel' || c.userId === userId),
      channelNames: Object.fromEntries(this.workspace.channels().map((c) => [c.id, c.name])),
      userNames: names,
      messages: this.workspace.visibleTo(userId).map((message) => ({
        ...message,
        userName: names[message.userId] ?? message.userId,
        ephemeral: Boolean(message.visibleTo),
      })),
      canvases: Object.fromEntries(
        [...this.workspace.canvases].map(([channel, canvas]) => [channel, canvas.markdown]),
      ),
      modal: top ? { id: top.id, view: top.view, errors: top.errors ?? {}, depth: stack.length } : null,
      home: this.workspace.homes.get(userId)?.view ?? null,
      homeId: this.workspace.homes.get(userId)?.id ?? null,
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
    this.workspace.on('change', onChange);
    req.on('close', () => {
      this.workspace.off('change', onChange);
      clearInterval(keepAlive);
      if (pending) clearTimeout(pending);
    });
  }
}
