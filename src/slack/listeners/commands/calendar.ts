import { messages } from '../../../i18n/index.js';
import { esc } from '../../../present/mrkdwn.js';
import { context, header, section } from '../../blocks/index.js';
import type { CommandHandler } from './commandHandler.js';

/**
 * `/project agenda` (`calendar`): the addresses of the programme's calendar feed and how to subscribe in
 * the three calendars the libraries use.
 */
export const calendarCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const address = await services.calendarAddress();
  if (address.kind === 'noPublicUrl') return { text: m.calendarNoPublicUrl };
  if (address.kind === 'keyChanged') return { text: m.calendarKeyChanged };
  const addresses = [
    // Links, not code: Slack makes nothing inside backticks clickable, and webcal:// is the one-click way.
    `*${m.calendarHttpsLabel}*: <${esc(address.httpsUrl)}|${esc(address.httpsUrl)}>`,
    `*${m.calendarWebcalLabel}*: <${esc(address.webcalUrl)}|${esc(address.webcalUrl)}>`,
  ].join('\n');
  return {
    text: `${m.calendarTitle}: ${address.httpsUrl}`,
    blocks: [
      header(m.calendarTitle),
      section(m.calendarIntro),
      section(addresses),
      section(m.calendarHowTo.map((line) => `• ${line}`).join('\n')),
      context([m.calendarKeepSecret]),
    ],
  };
};
