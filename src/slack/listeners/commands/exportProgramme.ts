import { messages } from '../../../i18n/index.js';
import { esc } from '../../../present/mrkdwn.js';
import { exportProgramme } from '../../../usecases/exportProgramme.js';
import { sendToDirectMessage, slackErrorOf } from '../../directMessageUpload.js';
import type { CommandHandler } from './commandHandler.js';

/**
 * `/project export programme` (`exporteer programma`), admins only: the programme file in the admin's
 * direct message with Koers, to be edited and sent back there. The upload runs after the reply; a
 * failure is told through respond.
 */
export const exportProgrammeCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const outcome = await exportProgramme(services, { userId: request.userId });
  if (outcome.kind === 'refused') return { text: m.refusal[outcome.refusal] };
  if (outcome.kind === 'noProgramme') return { text: m.noProgramme };
  const log = services.logger.child({ command: '/project export programme', user: request.userId });
  const upload = sendToDirectMessage(request.client, request.userId, {
    data: Buffer.from(outcome.text, 'utf8'),
    filename: outcome.fileName,
    title: m.programmeFileDm.exportFileTitle(outcome.programmeName),
    comment: m.programmeFileDm.exportFileComment(esc(outcome.programmeName)),
  }).then(
    () => log.info('programme file sent'),
    async (error: unknown) => {
      log.error({ err: error }, 'sending the programme file failed');
      const missingScope = slackErrorOf(error) === 'missing_scope';
      await request
        .respond?.({
          response_type: 'ephemeral',
          replace_original: false,
          text: missingScope ? m.exportMissingScope : m.programmeFileDm.exportFailed,
        })
        .catch((respondError: unknown) =>
          log.warn({ err: respondError }, 'telling about the failure failed'),
        );
    },
  );
  services.background.track(upload);
  return { text: m.programmeFileDm.exportOnItsWay };
};
