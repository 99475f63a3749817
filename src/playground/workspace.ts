import { EventEmitter } from 'node:events';
import type { ShownMessage } from './pageState.js';
import { type Channel, directMessageOf, PERSONAS, type PlaygroundTeam } from './personas.js';

/** A message in Slack's memory; `visibleTo` makes it ephemeral. */
export interface Message extends ShownMessage {
  visibleTo?: string;
  /** The app's message metadata (`event_type`, `event_payload`), as posted. */
  metadata?: unknown;
}

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  data: Buffer;
}

export interface OpenView {
  id: string;
  userId: string;
  view: Record<string, unknown>;
  hash: string;
  errors?: Record<string, string>;
}

/** Where a response_url posts: the conversation and person, and the message it may replace. */
export interface ResponseTarget {
  channel: string;
  userId: string;
  messageTs?: string;
}

/**
 * Slack's memory of one of the playground's workspaces: conversations, messages, open modals and Home
 * tabs, files. Every change emits `change`, which the page hears through Server-Sent Events.
 */
export class Workspace extends EventEmitter {
  readonly messages: Message[] = [];
  readonly files = new Map<string, StoredFile>();
  /** Each user's modal stack, bottom first. */
  readonly modals = new Map<string, OpenView[]>();
  readonly homes = new Map<string, OpenView>();
  readonly botMembership = new Set<string>();
  readonly triggers = new Map<string, string>();
  readonly responseTargets = new Map<string, ResponseTarget>();
  /** Each channel's canvas (`conversations.canvases.create`), as the Markdown it was last given. */
  readonly canvases = new Map<string, { id: string; markdown: string }>();
  private counter = 0;
  private lastTs = 0;

  /** Message timestamps follow the playground's clock, so a reminder is dated on the day it was due. */
  constructor(
    readonly team: PlaygroundTeam,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    this.setMaxListeners(0);
  }

  channels(): Channel[] {
    return [...this.team.channels, ...PERSONAS.map((persona) => directMessageOf(persona.id))];
  }

  channel(id: string): Channel | undefined {
    return this.channels().find((channel) => channel.id === id);
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter.toString(36).toUpperCase().padStart(6, '0')}`;
  }

  /** Unique, increasing, like Slack's message timestamps. */
  nextTs(): string {
    this.lastTs = Math.max(this.lastTs + 1, this.now().getTime() * 1000);
    return (this.lastTs / 1_000_000).toFixed(6);
  }

  changed(): void {
    this.emit('change');
  }

  /** Slack's side starting anew: no messages, modals, Homes or files; the bot in no channel. */
  clear(): void {
    this.messages.length = 0;
    for (const map of [
      this.files,
      this.modals,
      this.homes,
      this.triggers,
      this.responseTargets,
      this.canvases,
    ])
      map.clear();
    this.botMembership.clear();
    this.changed();
  }

  /** A person's screen reloaded: their ephemeral messages and modals are gone, as in Slack. */
  forgetScreenOf(userId: string): void {
    const kept = this.messages.filter((message) => message.visibleTo !== userId);
    this.messages.splice(0, this.messages.length, ...kept);
    this.modals.delete(userId);
    this.changed();
  }

  post(message: Omit<Message, 'ts'>): Message {
    const stored = { ...message, ts: this.nextTs() };
    this.messages.push(stored);
    this.changed();
    return stored;
  }

  find(channel: string, ts: string): Message | undefined {
    return this.messages.find((message) => message.channel === channel && message.ts === ts);
  }

  remove(message: Message): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) this.messages.splice(index, 1);
    this.changed();
  }

  /**
   * A conversation's messages as conversations.history pages them: everyone's, not the ephemeral ones,
   * newest first, after `oldest` and before `latest` (each included only when `inclusive`), `limit` a page
   * (default 100, at most 999), then from `cursor`, which this hands out while more are left.
   */
  history(
    channel: string,
    options: { oldest?: number; latest?: number; inclusive?: boolean; limit?: number; cursor?: string },
  ): { messages: Message[]; nextCursor: string | null } {
    const { oldest, latest, inclusive = false } = options;
    const limit = Math.min(999, Math.max(1, options.limit ?? 100));
    const from = options.cursor
      ? Number(Buffer.from(options.cursor, 'base64').toString('utf8').slice(5)) || 0
      : 0;
    const inRange = this.messages
      .filter((message) => {
        if (message.channel !== channel || message.visibleTo) return false;
        const ts = Number(message.ts);
        if (oldest !== undefined && (inclusive ? ts < oldest : ts <= oldest)) return false;
        return latest === undefined || (inclusive ? ts <= latest : ts < latest);
      })
      .reverse();
    const more = from + limit < inRange.length;
    return {
      messages: inRange.slice(from, from + limit),
      nextCursor: more ? Buffer.from(`next:${from + limit}`).toString('base64') : null,
    };
  }

  trigger(userId: string): string {
    const id = `${Date.now()}.${this.nextId('')}.${Math.random().toString(16).slice(2)}`;
    this.triggers.set(id, userId);
    return id;
  }

  modalStack(userId: string): OpenView[] {
    let stack = this.modals.get(userId);
    if (!stack) {
      stack = [];
      this.modals.set(userId, stack);
    }
    return stack;
  }

  /** A view by id: a modal in someone's stack or a Home tab. */
  view(viewId: string): OpenView | undefined {
    for (const stack of this.modals.values()) {
      const found = stack.find((open) => open.id === viewId);
      if (found) return found;
    }
    return [...this.homes.values()].find((home) => home.id === viewId);
  }

  visibleTo(userId: string): Message[] {
    return this.messages.filter((message) => {
      if (message.visibleTo && message.visibleTo !== userId) return false;
      const channel = this.channel(message.channel);
      return channel?.kind !== 'im' || channel.userId === userId;
    });
  }
}
