import { messages } from '../../../i18n/index.js';
import { changeOverview, type OverviewChange } from '../../../usecases/keepOverview.js';
import type { CommandHandler } from './commandHandler.js';

const CHANGES: Record<string, OverviewChange> = {
  '': 'repost',
  uit: 'off',
  off: 'off',
  aan: 'on',
  on: 'on',
};

/** `/project overzicht [uit|aan]`: post the channel's live overview anew, or (admins) switch it off or on. */
export const overviewCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const change = CHANGES[request.args.trim().toLowerCase()];
  if (!change) return { text: m.overview.usage };
  const outcome = await changeOverview(services, {
    userId: request.userId,
    channelId: request.channelId,
    change,
  });
  switch (outcome.kind) {
    case 'refused':
      return { text: m.overview.onlyAdmins };
    case 'notAChannel':
      return { text: m.onlyChannels };
    case 'notSubscribed':
      return { text: m.overview.notSubscribed };
    case 'switchedOff':
      return { text: m.overview.isOff };
    case 'done':
      services.refreshOverviews();
      return {
        text:
          outcome.change === 'repost'
            ? m.overview.reposted
            : outcome.change === 'off'
              ? m.overview.switchedOff
              : m.overview.switchedOn,
      };
  }
};
