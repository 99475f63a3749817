import { type WebAPICallResult, WebClient, type WebClientOptions } from '@slack/web-api';

/**
 * The bot token of what Koers posts outside a request: SLACK_BOT_TOKEN, or, when Koers is installed
 * through OAuth, the installation's token, looked up for each call (a reinstall brings a new one, an
 * uninstall takes it away; Slack then answers `not_authed`, which is no reason to try again).
 */
export type BotToken = string | (() => Promise<string | undefined>);

export function botClient(token: BotToken, options: WebClientOptions): WebClient {
  return typeof token === 'string' ? new WebClient(token, options) : new InstalledBotClient(token, options);
}

/** Every method of the WebClient goes through `apiCall`: the token is put in there. */
class InstalledBotClient extends WebClient {
  constructor(
    private readonly lookUpToken: () => Promise<string | undefined>,
    options: WebClientOptions,
  ) {
    super(undefined, options);
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    const token = options.token ?? (await this.lookUpToken());
    return super.apiCall(method, token ? { ...options, token } : options);
  }
}

/**
 * Thrown by an installation's token look-up when its token has run out and Slack would not renew it:
 * the post is not tried. `permanent`: Slack refused the refresh token (Koers must be installed anew);
 * otherwise Slack was away and a later try may renew it.
 */
export class BotTokenNotRenewed extends Error {
  constructor(
    readonly slackError: string,
    readonly permanent: boolean,
  ) {
    super(`the bot token has expired and could not be renewed: ${slackError}`);
    this.name = 'BotTokenNotRenewed';
  }
}

/** A failure of the token look-up itself, as the workers record it: Slack never saw the call. */
export function tokenFailureOf(error: unknown): { kind: 'permanent' | 'transient'; error: string } | null {
  return error instanceof BotTokenNotRenewed
    ? { kind: error.permanent ? 'permanent' : 'transient', error: error.message }
    : null;
}
