import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { forgetRevokedTokens } from '../../../usecases/forgetRevokedTokens.js';
import type { RevocationServices } from '../../services.js';

const userIds = z.array(z.string().min(1).max(40)).max(1000);

const revocationEnvelope = z.object({
  /** When Slack revoked them (seconds): a revocation from before Koers's last install there removes nothing. */
  event_time: z.number().int().positive(),
  event: z.discriminatedUnion('type', [
    z.object({ type: z.literal('app_uninstalled') }),
    z.object({
      type: z.literal('tokens_revoked'),
      tokens: z.object({ oauth: userIds.optional(), bot: userIds.optional() }),
    }),
  ]),
});

/**
 * `app_uninstalled` and `tokens_revoked` (OAuth mode only): the installation's revoked tokens are
 * removed at once. Bolt hands these two on without authorising them (there is no token left to
 * authorise with) and has acknowledged them already; Slack may send one again, which removes nothing.
 * Registered with `app.event`, after the router in index.ts, which passes on what it does not know.
 */
export function registerRevocationListeners(app: App, services: RevocationServices): void {
  const listener = tokensRevoked(services);
  app.event('app_uninstalled', listener);
  app.event('tokens_revoked', listener);
}

function tokensRevoked(services: RevocationServices) {
  return async ({
    body,
    context,
  }: SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'> & AllMiddlewareArgs) => {
    const log = services.logger.child({ teamId: context.teamId, enterpriseId: context.enterpriseId });
    const parsed = revocationEnvelope.safeParse(body);
    if (!parsed.success) {
      log.warn('a token revocation from Slack without the fields it needs; ignored');
      return;
    }
    const { event, event_time } = parsed.data;
    try {
      const result = await forgetRevokedTokens(services.db, {
        target: {
          isEnterpriseInstall: context.isEnterpriseInstall === true,
          enterpriseId: context.enterpriseId,
          teamId: context.teamId,
        },
        revoked:
          event.type === 'app_uninstalled'
            ? 'all'
            : { bot: (event.tokens.bot ?? []).length > 0, userIds: event.tokens.oauth ?? [] },
        // event_time is in whole seconds: an install within that second came before the revocation.
        revokedAt: new Date((event_time + 1) * 1000),
        // Slack's clock, as event_time and the install's time are.
        now: new Date(),
      });
      if (result.kind === 'removed') {
        log.info({ event: event.type }, "removed the installation's revoked tokens");
        const botRevoked = event.type === 'app_uninstalled' || (event.tokens.bot ?? []).length > 0;
        if (botRevoked) await services.revoked(result.key);
      } else log.info({ event: event.type, result: result.kind }, 'a token revocation that removed nothing');
    } catch (error) {
      log.error({ err: error, event: event.type }, 'removing revoked tokens failed');
    }
  };
}
