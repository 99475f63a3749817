import { createHmac, randomBytes } from 'node:crypto';
import type { ViewStateValue } from '@slack/bolt';
import { FAKE_APP_ID, FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID, type FakeSlack } from './fakeSlack.js';
import { visibleText } from './messageText.js';

/**
 * Requests to `POST /slack/events` built as Slack builds them: the same fields, the same encodings
 * (form fields for commands, `payload=<json>` for interactivity, JSON for events) and a real v0
 * signature, so that Bolt's own verification and parsing run in every test.
 */

/** Slack still sends the legacy verification token; Bolt ignores it in favour of the signature. */
const VERIFICATION_TOKEN = 'fake-verification-token';
const TEAM_DOMAIN = 'koers-test';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

export interface SignedHeaders {
  'content-type': string;
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/** Slack's v0 signature: hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function signRequest(signingSecret: string, body: string, timestampSec = nowSec()): SignedHeaders {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return {
    'content-type': contentTypeOf(body),
    'x-slack-request-timestamp': String(timestampSec),
    'x-slack-signature': `v0=${signature}`,
  };
}

export interface SlashCommandOptions {
  text: string;
  /** Required so that an app answering later can never reach the real Slack: use `fake.respondUrl()`. */
  responseUrl: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  command?: string;
  triggerId?: string;
  teamId?: string;
}

export function slashCommandBody(options: SlashCommandOptions): string {
  const userId = options.userId ?? 'U1';
  const channelId = options.channelId ?? 'C1';
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: options.teamId ?? FAKE_TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: channelId,
    channel_name: options.channelName ?? `channel-${channelId.toLowerCase()}`,
    user_id: userId,
    user_name: options.userName ?? userId.toLowerCase(),
    command: options.command ?? '/project',
    text: options.text,
    api_app_id: FAKE_APP_ID,
    is_enterprise_install: 'false',
    response_url: options.responseUrl,
    trigger_id: options.triggerId ?? triggerId(),
  }).toString();
}

export interface BlockActionOptions {
  actionId: string;
  value?: string;
  userId?: string;
  /**
   * 'C1' for an action on a message. Slack sends no channel for an action in a modal or App Home,
   * so with a `view` it is only sent when given.
   */
  channelId?: string;
  /** Slack sends one for actions on messages, none for actions in views. */
  responseUrl?: string;
  blockId?: string;
  /** The button's label. */
  text?: string;
  /** A choice in a select menu (`static_select`) instead of a button click: the chosen option's value. */
  selectedValue?: string;
  /** Defaults to the view for an action in a view, else to an ephemeral message in the channel. */
  container?: Record<string, unknown>;
  /** The modal or Home tab the button is in, as Slack echoes it (with at least its `id`). */
  view?: Record<string, unknown>;
  triggerId?: string;
  teamId?: string;
}

/** A button click or a choice in a select menu, as the `payload` of a `block_actions` interaction. */
export function blockActionBody(options: BlockActionOptions): string {
  const teamId = options.teamId ?? FAKE_TEAM_ID;
  const channelId = options.channelId ?? (options.view ? undefined : 'C1');
  const container =
    options.container ??
    (options.view
      ? { type: 'view', view_id: options.view.id }
      : { type: 'message', message_ts: '1700000000.000100', channel_id: channelId, is_ephemeral: true });
  return interactionBody({
    type: 'block_actions',
    user: slackUser(options.userId ?? 'U1', teamId),
    api_app_id: FAKE_APP_ID,
    token: VERIFICATION_TOKEN,
    container,
    trigger_id: options.triggerId ?? triggerId(),
    team: { id: teamId, domain: TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    ...(channelId ? { channel: { id: channelId, name: `channel-${channelId.toLowerCase()}` } } : {}),
    ...(options.view ? { view: options.view } : { state: { values: {} } }),
    ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
    actions: [
      {
        action_id: options.actionId,
        block_id: options.blockId ?? randomBytes(3).toString('hex'),
        ...(options.selectedValue !== undefined
          ? {
              type: 'static_select',
              selected_option: {
                text: { type: 'plain_text', text: options.text ?? options.selectedValue, emoji: true },
                value: options.selectedValue,
              },
            }
          : {
              type: 'button',
              text: { type: 'plain_text', text: options.text ?? options.actionId, emoji: true },
              ...(options.value !== undefined ? { value: options.value } : {}),
            }),
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
  });
}

export interface ViewSubmissionOptions {
  callbackId: string;
  userId?: string;
  privateMetadata?: string;
  /** The inputs as Slack reports them: block id → action id → state value. */
  values?: Record<string, Record<string, ViewStateValue>>;
  viewId?: string;
  teamId?: string;
  triggerId?: string;
}

/** A modal's submit button, as the `payload` of a `view_submission` interaction. */
export function viewSubmissionBody(options: ViewSubmissionOptions): string {
  const teamId = options.teamId ?? FAKE_TEAM_ID;
  const viewId = options.viewId ?? 'V1';
  return interactionBody({
    type: 'view_submission',
    team: { id: teamId, domain: TEAM_DOMAIN },
    user: slackUser(options.userId ?? 'U1', teamId),
    api_app_id: FAKE_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: options.triggerId ?? triggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      blocks: [],
      private_metadata: options.privateMetadata ?? '',
      callback_id: options.callbackId,
      state: { values: options.values ?? {} },
      hash: `${nowSec()}.${randomBytes(4).toString('hex')}`,
      title: { type: 'plain_text', text: 'Koers', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'OK', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: FAKE_APP_ID,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: FAKE_BOT_ID,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

export interface EventOptions {
  /** The inner event, e.g. `{ type: 'app_home_opened', user: 'U1', tab: 'home', event_ts: … }`. */
  event: Record<string, unknown>;
  eventId?: string;
  teamId?: string;
}

/** An Events API delivery: the `event_callback` envelope around one event, as JSON. */
export function eventBody(options: EventOptions): string {
  const teamId = options.teamId ?? FAKE_TEAM_ID;
  return JSON.stringify({
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    api_app_id: FAKE_APP_ID,
    event: options.event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: nowSec(),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: FAKE_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  });
}

export interface PostOptions {
  signingSecret: string;
  timestampSec?: number;
  /** Sent instead of the computed signature, to test forgeries. */
  signature?: string;
  /** Added last, so they can replace any header (e.g. `x-slack-retry-num`). */
  headers?: Record<string, string>;
  /** Instead of the inferred one: JSON for event bodies, form-encoded for the rest. */
  contentType?: string;
}

export interface SlackEndpointResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed, when it is JSON. */
  json?: unknown;
}

/** Sends a body to `${baseUrl}/slack/events` the way Slack does: signed, with Slack's headers. */
export async function postToSlackEndpoint(
  baseUrl: string,
  body: string,
  options: PostOptions,
): Promise<SlackEndpointResponse> {
  const signed = signRequest(options.signingSecret, body, options.timestampSec);
  const response = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      ...signed,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...(options.contentType ? { 'content-type': options.contentType } : {}),
      ...(options.signature ? { 'x-slack-signature': options.signature } : {}),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  const result: SlackEndpointResponse = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text,
  };
  try {
    result.json = JSON.parse(text);
  } catch {
    // Not JSON (an empty ack, a plain-text error): `text` has it.
  }
  return result;
}

function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function slackUser(id: string, teamId: string) {
  return { id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: teamId };
}

/** Event bodies are JSON objects; everything else Slack posts is form-encoded. */
function contentTypeOf(body: string): string {
  return body.trimStart().startsWith('{') ? JSON_TYPE : FORM;
}

function triggerId(): string {
  return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

export interface ProjectAnswer {
  /** The HTTP status of the slash command's request. */
  status: number;
  /** The ack's body, as Slack received it. */
  ack: unknown;
  /** The text the user ends up seeing: the ack's, or (past Slack's 3 seconds) the late answer's. */
  text: string;
}

/**
 * `/project TEXT` as the user sends it, and the answer they end up with: the one in the ack or, when
 * the ack only said "Even zoeken…" / "Looking it up…", the one Koers sent to the response_url later.
 */
export async function askProject(
  target: { baseUrl: string; slack: Pick<FakeSlack, 'respondUrl' | 'responses'>; signingSecret: string },
  text: string,
  userId = 'UNL',
  /** The workspace asked (with OAuth, one of those installed); the fake Slack's own unless given. */
  teamId?: string,
): Promise<ProjectAnswer> {
  const responseUrl = target.slack.respondUrl();
  const body = slashCommandBody({ text, userId, responseUrl, ...(teamId && { teamId }) });
  const response = await postToSlackEndpoint(target.baseUrl, body, { signingSecret: target.signingSecret });
  const acked = visibleText(response.json);
  if (!/^(Even zoeken|Looking it up)/.test(acked))
    return { status: response.status, ack: response.json, text: acked };
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    const late = target.slack.responses.find((candidate) => candidate.url === responseUrl);
    if (late) return { status: response.status, ack: response.json, text: visibleText(late.body) };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no late answer to "/project ${text}" within 20 s`);
}
