/*
 * What the page is shown (GET /playground/state): built by the playground (playground.ts), read by the
 * page (page/main.ts). Types only, so the page's build (tsconfig.page.json) takes it as it is.
 */
import type { Channel, Persona } from './personas.js';

/** A message as Slack keeps it and the page shows it. */
export interface ShownMessage {
  ts: string;
  channel: string;
  userId: string;
  text: string;
  blocks?: unknown[];
  file?: { id: string; name: string; size: number };
  /** Pinned to its channel (`pins.add`): the page shows it in the bar at the top of the channel. */
  pinned?: boolean;
}

export interface PageMessage extends ShownMessage {
  userName: string;
  /** Seen by this person only (`chat.postEphemeral`, a response_url's answer). */
  ephemeral: boolean;
}

/** One person's view of the workspace. */
export interface PageState {
  me: string;
  /** The workspace shown (its team id), and every workspace the switcher offers. */
  workspace: string;
  workspaces: { id: string; name: string }[];
  /** Where a newcomer lands, with the welcome above its messages. */
  welcomeChannel: string;
  personas: readonly Persona[];
  /** The channels, and this person's direct message with Koers. */
  channels: Channel[];
  channelNames: Record<string, string>;
  userNames: Record<string, string>;
  messages: PageMessage[];
  /** Each channel's canvas, as Markdown. */
  canvases: Record<string, string>;
  /** The top of this person's modal stack. */
  modal: { id: string; view: Record<string, unknown>; errors: Record<string, string>; depth: number } | null;
  home: Record<string, unknown> | null;
  homeId: string | null;
  /** The playground's clock, local time in `timezone`. */
  clock: string;
  timezone: string;
  /** The playground owns its database and may start it anew. */
  canStartAnew: boolean;
}
