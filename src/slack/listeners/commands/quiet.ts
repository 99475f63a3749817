import { formatDay, messages } from '../../../i18n/index.js';
import { muteMessages } from '../../../usecases/muteMessages.js';
import type { CommandHandler } from './commandHandler.js';

const DEFAULT_TIMEZONE = 'Europe/Amsterdam';

/** `/project stil 2w` (`quiet`): mutes Koers's direct messages to the user, answered privately. */
export const quietCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const programme = await services.programmes.current();
  const result = await muteMessages(services.db, {
    userId: request.userId,
    args: request.args,
    timezone: programme?.info.timezone ?? DEFAULT_TIMEZONE,
    now: services.now(),
  });
  switch (result.kind) {
    case 'muted':
      return { text: m.mutedUntil(formatDay(result.lastDay, request.locale)) };
    case 'unmuted':
      return { text: result.wasMuted ? m.unmuted : m.wasNotMuted };
    case 'invalid':
      return { text: m.muteInvalid[result.reason] };
  }
};
