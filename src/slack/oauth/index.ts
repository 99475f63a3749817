import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver, HTTPReceiverOptions, Installation } from '@slack/bolt';
import type { OAuthSettings } from '../../config.js';
import type { Database } from '../../db/client.js';
import {
  countInstallations,
  type InstallationRecord,
  resealTokens,
} from '../../db/installationRepository.js';
import { type TokenCipher, tokenCipher } from '../../db/tokenCipher.js';
import type { HttpRoute } from '../../http/route.js';
import { localeFromBrowser } from '../../i18n/browserLocale.js';
import { LOCALES, type Locale } from '../../i18n/index.js';
import type { Logger } from '../../logger.js';
import type { BotTokenRenewal } from '../../usecases/botTokenForPosting.js';
import { LISTENER_CALLS, webClientOptions } from '../webClientPolicy.js';
import { databaseInstallationStore } from './installationStore.js';
import {
  INSTALL_PATH,
  installWords,
  REDIRECT_PATH,
  renderPage,
  sendPage,
  setPageHeaders,
} from './installPages.js';
import { BOT_SCOPES } from './scopes.js';
import { databaseStateStore, STATE_LIFETIME_SECONDS } from './stateStore.js';
import { slackBotTokenRenewal } from './tokenRenewal.js';

/** What Bolt's HTTPReceiver takes to serve the OAuth install (app.ts passes it on). */
export type OAuthReceiverOptions = Pick<
  HTTPReceiverOptions,
  'clientId' | 'clientSecret' | 'scopes' | 'redirectUri' | 'installationStore' | 'installerOptions'
>;

/** Koers installed through "Add to Slack": what koers.ts wires in when SLACK_CLIENT_ID and the rest are set. */
export interface OAuthMode {
  receiverOptions: OAuthReceiverOptions;
  /** GET /slack/install and /slack/oauth_redirect, handed to Bolt's receiver. */
  route(receiver: HTTPReceiver): HttpRoute;
  /** For /healthz: the installations Koers can act for. */
  installations(): Promise<number>;
  /** Opens and closes the installations' tokens (the scheduler's posts look theirs up with it). */
  cipher: TokenCipher;
  /** An installation's tokens were revoked: what this instance kept of it for requests goes. */
  forget(key: string): void;
  /** Renews an expiring bot token (token rotation) for what Koers posts between requests. */
  renewal: BotTokenRenewal;
  /** After a key rotation, at start: tokens sealed with the old key are sealed with the new one. */
  resealTokens(): Promise<void>;
}

/** The page being served: its language. */
interface PageRequest {
  locale: Locale;
}

export function setUpOAuth(options: {
  settings: OAuthSettings;
  db: Database;
  logger: Logger;
  defaultLocale: Locale;
  slackApiUrl: string | undefined;
  publicUrl: string | undefined;
  /**
   * Called once an installation is stored, before the page says it worked: its workspace gets its
   * schema and, when new, its installer as its first admin. A failure shows the failure page.
   */
  installed(record: InstallationRecord): Promise<void>;
}): OAuthMode {
  const { settings, db, defaultLocale } = options;
  const logger = options.logger.child({ component: 'oauth' });
  const cipher = tokenCipher(settings.encryptionKeys);
  // Bolt renders the install page from the URL alone: the request's language reaches it through this.
  const pageRequests = new AsyncLocalStorage<PageRequest>();
  const pageLocale = () => pageRequests.getStore()?.locale ?? defaultLocale;
  const { logger: _ownLogger, ...clientOptions } = webClientOptions(
    LISTENER_CALLS,
    options.slackApiUrl,
    options.logger,
  );

  const succeeded = async (
    installation: Installation,
    _install: unknown,
    _req: IncomingMessage,
    res: ServerResponse,
    locale: Locale,
  ) => {
    const w = installWords(locale);
    const teamId = installation.team?.id;
    const name = installation.team?.name ?? installation.enterprise?.name ?? teamId ?? '';
    logger.info(
      {
        teamId,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: !!installation.isEnterpriseInstall,
      },
      'Koers installed',
    );
    sendPage(res, 200, {
      locale,
      title: w.installedTitle,
      paragraphs: [w.installedBody(name)],
      ...(installation.appId &&
        teamId && {
          action: {
            label: w.openSlack,
            href: `https://slack.com/app_redirect?app=${encodeURIComponent(installation.appId)}&team=${encodeURIComponent(teamId)}`,
          },
        }),
    });
  };

  const failed = async (error: Error & { code?: string }, res: ServerResponse, locale: Locale) => {
    const w = installWords(locale);
    const startAgain = { label: w.startAgain, href: `${INSTALL_PATH}?lang=${locale}` };
    logger.warn({ code: error.code, reason: error.message }, 'an install did not complete');
    if (error.code === 'slack_oauth_invalid_state' || error.code === 'slack_oauth_missing_state') {
      sendPage(res, 400, { locale, title: w.stateTitle, paragraphs: [w.stateBody], action: startAgain });
    } else if (error.code === 'slack_oauth_installer_authorization_error') {
      // Bolt's word for the installer choosing Cancel on Slack's page (`error=access_denied`).
      sendPage(res, 200, {
        locale,
        title: w.cancelledTitle,
        paragraphs: [w.cancelledBody],
        action: startAgain,
      });
    } else {
      sendPage(res, 502, { locale, title: w.failedTitle, paragraphs: [w.failedBody], action: startAgain });
    }
  };

  /** The language the install page was in (carried through Slack by the state), else this request's. */
  const localeAfterSlack = (install: { metadata?: string } | undefined): Locale =>
    LOCALES.find((locale) => locale === install?.metadata) ?? pageLocale();

  const installationStore = databaseInstallationStore({
    db,
    cipher,
    now: () => new Date(),
    installed: options.installed,
  });
  const receiverOptions: OAuthReceiverOptions = {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scopes: [...BOT_SCOPES],
    ...(options.publicUrl && { redirectUri: `${options.publicUrl}${REDIRECT_PATH}` }),
    // Slack's clock, not the app's: a revocation's event_time is compared with the time of the install.
    installationStore,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      directInstall: false,
      stateStore: databaseStateStore({ db, secret: settings.stateSecret, locale: pageLocale }),
      stateCookieExpirationSeconds: STATE_LIFETIME_SECONDS,
      clientOptions,
      installPathOptions: {
        beforeRedirection: async (_req, res) => {
          setPageHeaders(res, pageLocale());
          return true;
        },
      },
      renderHtmlForInstallPath: (url) => {
        const locale = pageLocale();
        const w = installWords(locale);
        return renderPage({
          locale,
          title: w.installTitle,
          paragraphs: [w.installIntro],
          action: { label: w.installButton, href: url },
          languageLink: true,
        });
      },
      callbackOptions: {
        successAsync: (installation, install, req, res) =>
          succeeded(installation, install, req, res, localeAfterSlack(install)),
        failureAsync: (error, install, _req, res) => failed(error, res, localeAfterSlack(install)),
      },
    },
  };

  return {
    receiverOptions,
    route: (receiver) => (req, res, path) => {
      if (req.method !== 'GET' || (path !== INSTALL_PATH && path !== REDIRECT_PATH)) return false;
      const lang = new URL(req.url ?? '/', 'http://koers').searchParams.get('lang');
      const locale = localeFromBrowser(lang, req.headers['accept-language'], defaultLocale);
      pageRequests.run({ locale }, () => {
        try {
          receiver.requestListener(req, res);
        } catch (error) {
          logger.error({ err: error }, 'the install page failed');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error');
        }
      });
      return true;
    },
    installations: () => countInstallations(db),
    cipher,
    forget: (key) => installationStore.forget(key),
    renewal: slackBotTokenRenewal(settings, options.slackApiUrl, logger),
    resealTokens: async () => {
      const { resealed, unreadable } = await resealTokens(db, cipher);
      if (resealed > 0) logger.info({ resealed }, 'sealed the tokens anew with KOERS_ENCRYPTION_KEY');
      if (unreadable > 0)
        logger.error(
          { unreadable },
          'tokens sealed with a key Koers does not have: set the key they were sealed with as KOERS_ENCRYPTION_KEY_OLD, or install Koers again there',
        );
    },
  };
}
