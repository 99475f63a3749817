import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { BOT, PERSONAS, SLASH_COMMANDS } from './personas.js';
import { slackWordsFor } from './slackWords.js';
import type { SlackWebApi } from './webApi.js';
import type { OpenView, ResponseTarget, Workspace } from './workspace.js';

type Json = Record<string, unknown>;

/** An option as the page reports a choice: its value and its words. */
export interface ChosenOption {
  value: string;
  text: string;
}

/** One interactive element's value, as the page read it from the form. */
export interface FieldValue {
  blockId: string;
  actionId: string;
  kind: string;
  value?: string | null;
  options?: ChosenOption[];
}

export interface ActionInput extends FieldValue {
  /** The message the element is in, or the view (modal or Home). */
  channel?: string;
  messageTs?: string;
  viewId?: string;
  /** The button's words. */
  label?: string;
  /** The other inputs of the view, as Slack sends them in `view.state`. */
  values?: FieldValue[];
}

/** Slack's notice when an app fails to answer, shown to the person only. */
const SLACKBOT = 'USLACKBOT';

/**
 * What Slack does between a person and the app: it builds and signs the requests to `/slack/events`
 * (slash commands, block_actions, view_submission, view_closed, block_suggestion, app_home_opened) and
 * carries out the answers: ack bodies, response_url posts and response_action.
 */
export class SlackSide {
  constructor(
    private readonly workspace: Workspace,
    private readonly api: SlackWebApi,
    private readonly signingSecret: string,
    private readonly koersUrl: () => string,
    private readonly logger: Logger,
  ) {}

  async command(userId: string, channelId: string, commandLine: string): Promise<void> {
    const command = commandLine.trim().split(/\s+/)[0] ?? '';
    const text = escapeMentions(commandLine.trim().slice(command.length).trim());
    // Slack answers an unknown command itself, at once, and never tells the app.
    if (!SLASH_COMMANDS.includes(command)) {
      this.workspace.post({
        channel: channelId,
        userId: SLACKBOT,
        visibleTo: userId,
        text: slackWordsFor(userId).notACommand(command, SLASH_COMMANDS.join(', ')),
      });
      return;
    }
    const responseId = this.respondTo({ channel: channelId, userId });
    const channel = this.workspace.channel(channelId);
    const body = new URLSearchParams({
      token: 'playground',
      team_id: this.workspace.team.id,
      team_domain: this.workspace.team.domain,
      channel_id: channelId,
      channel_name: channel?.kind === 'im' ? 'directmessage' : (channel?.name ?? channelId),
      user_id: userId,
      user_name: this.nameOf(userId),
      command,
      text,
      api_app_id: BOT.appId,
      is_enterprise_install: 'false',
      response_url: this.api.responseUrl(responseId),
      trigger_id: this.workspace.trigger(userId),
    }).toString();
    const answer = await this.send(body);
    if (answer.status !== 200) return this.failed(userId, channelId, command, answer.status);
    const ack = parseJson(answer.text);
    if (ack) this.respond(responseId, ack);
  }

  async action(userId: string, input: ActionInput): Promise<void> {
    const view = input.viewId ? this.workspace.view(input.viewId) : undefined;
    const message =
      input.channel && input.messageTs ? this.workspace.find(input.channel, input.messageTs) : undefined;
    const payload: Json = {
      type: 'block_actions',
      user: this.user(userId),
      api_app_id: BOT.appId,
      token: 'playground',
      trigger_id: this.workspace.trigger(userId),
      team: this.team(),
      is_enterprise_install: false,
      actions: [{ ...actionOf(input), action_ts: (Date.now() / 1000).toFixed(6) }],
    };
    if (view) {
      payload.container = { type: 'view', view_id: view.id };
      payload.view = this.viewPayload(view, input.values ?? []);
    } else if (message) {
      payload.container = {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: Boolean(message.visibleTo),
      };
      payload.channel = { id: message.channel, name: this.workspace.channel(message.channel)?.name };
      if (!message.visibleTo)
        payload.message = { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks };
      payload.state = { values: {} };
      payload.response_url = this.api.responseUrl(
        this.respondTo({ channel: message.channel, userId, messageTs: message.ts }),
      );
    } else return;
    const answer = await this.send(interaction(payload));
    if (answer.status !== 200 && message) this.failed(userId, message.channel, '', answer.status);
  }

  async submit(userId: string, viewId: string, values: FieldValue[]): Promise<void> {
    const stack = this.workspace.modalStack(userId);
    const open = stack.find((view) => view.id === viewId);
    if (!open) return;
    const payload: Json = {
      type: 'view_submission',
      team: this.team(),
      user: this.user(userId),
      api_app_id: BOT.appId,
      token: 'playground',
      trigger_id: this.workspace.trigger(userId),
      view: this.viewPayload(open, values),
      response_urls: [],
      is_enterprise_install: false,
    };
    const answer = await this.send(interaction(payload));
    if (answer.status !== 200) {
      open.errors = { '': `Koers did not answer (HTTP ${answer.status}).` };
      return this.workspace.changed();
    }
    const ack = parseJson(answer.text) ?? {};
    const index = stack.indexOf(open);
    switch (ack.response_action) {
      case 'errors':
        open.errors = asRecord(ack.errors);
        break;
      case 'update':
        open.view = asObject(ack.view);
        open.errors = undefined;
        open.hash = this.workspace.nextId('h');
        break;
      case 'push':
        stack.push({
          id: this.workspace.nextId('V'),
          userId,
          view: asObject(ack.view),
          hash: this.workspace.nextId('h'),
        });
        break;
      case 'clear':
        stack.length = 0;
        break;
      default:
        // An empty ack closes the view that was submitted, uncovering the one below.
        if (index >= 0) stack.splice(index);
    }
    this.workspace.changed();
  }

  async closeView(userId: string, viewId: string): Promise<void> {
    const stack = this.workspace.modalStack(userId);
    const index = stack.findIndex((view) => view.id === viewId);
    if (index < 0) return;
    const [closed] = stack.splice(index);
    this.workspace.changed();
    if (closed?.view.notify_on_close === true) {
      await this.send(
        interaction({
          type: 'view_closed',
          team: this.team(),
          user: this.user(userId),
          api_app_id: BOT.appId,
          token: 'playground',
          view: this.viewPayload(closed, []),
          is_cleared: false,
          is_enterprise_install: false,
        }),
      );
    }
  }

  /** block_suggestion: what an external select offers for what the person typed. */
  async suggest(
    userId: string,
    viewId: string,
    blockId: string,
    actionId: string,
    value: string,
  ): Promise<ChosenOption[]> {
    const open = this.workspace.view(viewId);
    if (!open || open.userId !== userId) return [];
    const answer = await this.send(
      interaction({
        type: 'block_suggestion',
        user: this.user(userId),
        container: { type: 'view', view_id: open.id },
        api_app_id: BOT.appId,
        token: 'playground',
        action_id: actionId,
        block_id: blockId,
        value,
        team: this.team(),
        view: this.viewPayload(open, []),
        is_enterprise_install: false,
      }),
    );
    const reply = parseJson(answer.text) ?? {};
    const groups = Array.isArray(reply.option_groups)
      ? reply.option_groups.flatMap((g) => asArray(asObject(g).options))
      : [];
    return [...asArray(reply.options), ...groups].map(asObject).map((option) => ({
      value: String(option.value ?? ''),
      text: String(asObject(option.text).text ?? ''),
    }));
  }

  async openHome(userId: string): Promise<void> {
    const home = this.workspace.homes.get(userId);
    await this.sendEvent({
      type: 'app_home_opened',
      user: userId,
      channel: `D${userId.slice(1)}`,
      tab: 'home',
      event_ts: (Date.now() / 1000).toFixed(6),
      ...(home ? { view: this.viewPayload(home, []) } : {}),
    });
  }

  /**
   * A person sends a file in their direct message with Koers: it shows there, is kept where the Web
   * API's `files.info` and download find it, and Slack tells the app (`message` with `file_share`).
   */
  async shareFile(userId: string, channelId: string, name: string, data: Buffer): Promise<void> {
    const id = `F${randomBytes(8).toString('hex').toUpperCase()}`;
    this.workspace.files.set(id, { id, name, title: name, data });
    const message = this.workspace.post({
      channel: channelId,
      userId,
      text: '',
      file: { id, name, size: data.length },
    });
    await this.sendEvent({
      type: 'message',
      subtype: 'file_share',
      channel: channelId,
      channel_type: 'im',
      user: userId,
      text: '',
      ts: message.ts,
      files: [{ id, name, size: data.length }],
    });
  }

  /** An Events API delivery of `event`, in Slack's envelope. */
  private sendEvent(event: Json): Promise<{ status: number; text: string }> {
    return this.send(
      JSON.stringify({
        token: 'playground',
        team_id: this.workspace.team.id,
        api_app_id: BOT.appId,
        type: 'event_callback',
        event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
        event_time: Math.floor(Date.now() / 1000),
        event,
        authorizations: [
          {
            team_id: this.workspace.team.id,
            user_id: BOT.userId,
            is_bot: true,
            is_enterprise_install: false,
          },
        ],
      }),
    );
  }

  /** A post to a response_url, or an ack body with a message: Slack's rules for where it goes. */
  respond(responseId: string, body: Json): void {
    const target = this.workspace.responseTargets.get(responseId);
    if (!target) return;
    const original = target.messageTs ? this.workspace.find(target.channel, target.messageTs) : undefined;
    if (body.delete_original === true) {
      if (original) this.workspace.remove(original);
      return;
    }
    const content = {
      text: typeof body.text === 'string' ? body.text : '',
      ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}),
    };
    if (body.replace_original === true && original) {
      original.text = content.text;
      original.blocks = content.blocks;
      this.workspace.changed();
      return;
    }
    const message = this.workspace.post({
      channel: target.channel,
      userId: BOT.userId,
      ...content,
      ...(body.response_type === 'in_channel' ? {} : { visibleTo: target.userId }),
    });
    // A later response to the same command replaces this answer when it says replace_original.
    if (!target.messageTs) target.messageTs = message.ts;
  }

  private respondTo(target: ResponseTarget): string {
    const id = this.workspace.nextId('R') + randomBytes(6).toString('hex');
    this.workspace.responseTargets.set(id, target);
    return id;
  }

  private failed(userId: string, channel: string, command: string, status: number): void {
    this.workspace.post({
      channel,
      userId: SLACKBOT,
      visibleTo: userId,
      text: slackWordsFor(userId).failed(command, status),
    });
  }

  private viewPayload(open: OpenView, values: FieldValue[]): Json {
    return {
      ...open.view,
      id: open.id,
      team_id: this.workspace.team.id,
      type: open.view.type ?? 'modal',
      private_metadata: open.view.private_metadata ?? '',
      callback_id: open.view.callback_id ?? '',
      state: { values: stateValues(values) },
      hash: open.hash,
      root_view_id: open.id,
      previous_view_id: null,
      app_id: BOT.appId,
      bot_id: BOT.botId,
    };
  }

  private team(): Json {
    return { id: this.workspace.team.id, domain: this.workspace.team.domain };
  }

  private user(userId: string): Json {
    return {
      id: userId,
      username: this.nameOf(userId),
      name: this.nameOf(userId),
      team_id: this.workspace.team.id,
    };
  }

  private nameOf(userId: string): string {
    return (PERSONAS.find((p) => p.id === userId)?.name ?? userId).toLowerCase();
  }

  private async send(body: string): Promise<{ status: number; text: string }> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', this.signingSecret)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex');
    try {
      const response = await fetch(`${this.koersUrl()}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': `v0=${signature}`,
        },
        body,
        signal: AbortSignal.timeout(3_000),
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      // Slack waits three seconds for an answer and then gives up, as here.
      this.logger.warn({ err: error }, 'playground: Koers did not answer in time');
      return { status: 504, text: '' };
    }
  }
}

function actionOf(input: ActionInput): Json {
  const base = { action_id: input.actionId, block_id: input.blockId, type: input.kind };
  const state = stateValue(input);
  if (input.kind === 'button') {
    return {
      ...base,
      text: { type: 'plain_text', text: input.label ?? '' },
      ...(input.value ? { value: input.value } : {}),
    };
  }
  return { ...base, ...state };
}

/** The view's inputs as Slack reports them: block_id → action_id → value by element type. */
function stateValues(values: FieldValue[]): Record<string, Record<string, Json>> {
  const state: Record<string, Record<string, Json>> = {};
  for (const field of values) {
    const block = state[field.blockId] ?? {};
    block[field.actionId] = stateValue(field);
    state[field.blockId] = block;
  }
  return state;
}

function stateValue(field: FieldValue): Json {
  const option = (o: ChosenOption) => ({
    text: { type: 'plain_text', text: o.text, emoji: true },
    value: o.value,
  });
  const first = field.options?.[0];
  switch (field.kind) {
    case 'plain_text_input':
      return { type: field.kind, value: field.value ? field.value : null };
    case 'datepicker':
      return { type: field.kind, selected_date: field.value ? field.value : null };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
    case 'overflow':
      return { type: field.kind, selected_option: first ? option(first) : null };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type: field.kind, selected_options: (field.options ?? []).map(option) };
    case 'multi_users_select':
      return { type: field.kind, selected_users: (field.options ?? []).map((o) => o.value) };
    default:
      return { type: field.kind, value: field.value ?? null };
  }
}

function interaction(payload: Json): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function parseJson(text: string): Json | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asObject(value)).map(([key, message]) => [key, String(message)]));
}

/**
 * What Slack does to a slash command's text with the manifest's `should_escape: true`: an @name of someone
 * in the workspace arrives as `<@U123|name>`. An @name of nobody stays as typed.
 */
function escapeMentions(text: string): string {
  return text.replace(/(^|\s)@([\p{L}\p{N}._-]+)/gu, (whole, before: string, name: string) => {
    const persona = PERSONAS.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    return persona ? `${before}<@${persona.id}|${persona.name.toLowerCase()}>` : whole;
  });
}
