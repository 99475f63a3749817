import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { overviewUnpinned } from '../../../usecases/keepOverview.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';

const unpinnedMessage = z.object({
  channel_id: z.string().min(1).max(40),
  item: z.object({ message: z.object({ ts: z.string().min(1).max(40) }) }),
});

/** Someone unpinned a message: when it was the channel's overview, Koers pins it again. */
export function pinRemoved(services: SlackServices) {
  return async ({ event, context }: SlackEventMiddlewareArgs<'pin_removed'> & AllMiddlewareArgs) => {
    const parsed = unpinnedMessage.safeParse(event);
    if (!parsed.success) return;
    try {
      await overviewUnpinned(services, parsed.data.channel_id, parsed.data.item.message.ts);
      services.refreshOverviews();
    } catch (error) {
      requestOf(context).log.warn({ err: error }, 'noting an unpinned overview failed');
    }
  };
}
