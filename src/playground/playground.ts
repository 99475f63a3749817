import type { IncomingMessage, ServerResponse } from 'node:http';
import { runTick, type Worker } from '../scheduler/reminderWorker.js';
import type { PlaygroundClock } from './clock.js';
import { BOT, PERSONAS } from './personas.js';
import type { ActionInput, FieldValue, SlackSide } from './slackSide.js';
import type { Workspace } from './workspace.js';

export interface PageRequests {
  command: { user: string; channel: string; text: string };
  action: ActionInput & { user: string };
  submit: { user: string; viewId: string; values: FieldValue[] };
  close: { user: string; viewId: string };
  suggest: { user: string; viewId: string; blockId: string; actionId: string; value: string };
  home: { user: string };
  clock: { at: string };
  reminders: Record<string, never>;
  reset: Record<string, never>;
  arrive: { user: string };
  sendFile: { user: string; channel: string; name: string; base64: string };
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

  async handle<K extends keyof PageRequests>(name: K, request: PageRequests[K]): Promise<unknown> {
    switch (name) {
      case 'command': {
        const { user, channel, text } = request as PageRequests['command'];
        if (!this.workspace.channel(channel)) return { ok: false };
        if (text.trim().startsWith('/')) await this.slack.command(user, channel, text);
        else if (text.trim() !== '') this.workspace.post({ channel, userId: user, text });
        return { ok: true };
      }
      case 'action': {
        const { user, ...input } = request as PageRequests['action'];
        await this.slack.action(user, input);
        return { ok: true };
      }
      case 'submit': {
        const { user, viewId, values } = request as PageRequests['submit'];
        await this.slack.submit(user, viewId, values);
        return { ok: true };
      }
      case 'close': {
        const { user, viewId } = request as PageRequests['close'];
        await this.slack.closeView(user, viewId);
        return { ok: true };
      }
      case 'suggest': {
        const r = request as PageRequests['suggest'];
        return { options: await this.slack.suggest(r.user, r.viewId, r.blockId, r.actionId, r.value) };
      }
      case 'home':
        await this.slack.openHome((request as PageRequests['home']).user);
        return { ok: true };
      case 'clock': {
        const ok = this.clock.setLocal((request as PageRequests['clock']).at);
        this.workspace.changed();
        return { ok };
      }
      case 'reminders': {
        if (!this.worker) return { ok: false };
        // The app's own tick, as node-cron would run it at the playground's time.
        const report = await runTick(this.worker, this.clock.now());
        return {
          ok: true,
          sent: report.sent.length,
          failed: report.failed.length,
          skipped: report.skipped.length,
        };
      }
      case 'arrive':
        // A reload, as in Slack: what was only on the screen (ephemeral answers, modals) is gone.
        this.workspace.forgetScreenOf((request as PageRequests['arrive']).user);
        return { ok: true };
      case 'sendFile': {
        const { user, channel, name: fileName, base64 } = request as PageRequests['sendFile'];
        // Slack hears of a file shared with the app in its direct message only (message.im).
        if (this.workspace.channel(channel)?.kind !== 'im') return { ok: false };
        await this.slack.shareFile(user, channel, fileName, Buffer.from(base64, 'base64'));
        return { ok: true };
      }
      case 'reset': {
        if (!this.startAnew) return { ok: false, reason: 'notOwnDatabase' };
        await this.startAnew();
        return { ok: true };
      }
      default:
        return { ok: false };
    }
  }

  stateFor(userId: string) {
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
