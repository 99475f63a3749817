import { toCsv, withUserNames } from '../../../domain/feedbackExport.js';
import type { Phase, Programme } from '../../../domain/programme.js';
import { dayInZone } from '../../../domain/timeline.js';
import { messages } from '../../../i18n/index.js';
import { toWorkbook } from '../../../present/feedbackWorkbook.js';
import { esc } from '../../../present/mrkdwn.js';
import { exportFeedback, type FeedbackFileFormat } from '../../../usecases/exportFeedback.js';
import { sendToDirectMessage, slackErrorOf } from '../../directMessageUpload.js';
import type { SlackServices } from '../../services.js';
import { slackUserNames } from '../../userNames.js';
import type { CommandHandler, CommandRequest } from './commandHandler.js';

/** A query echoed back is clipped: it may be a pasted paragraph. */
const QUERY_SHOWN = 80;

/**
 * `/project export feedback PHASE [csv]` (`exporteer feedback FASE`), admins only: answers privately
 * at once, then sends the feedback that counts to the admin in a direct message, as an Excel workbook
 * (it opens right in a Dutch Excel, which splits a CSV on `;`) or, when asked, as CSV. The upload runs
 * after the reply, so Slack's 3 seconds never wait for it; a failure is told through respond.
 */
export const exportFeedbackCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const outcome = await exportFeedback(services, { userId: request.userId, args: request.args });
  const listed = (phases: Phase[]) =>
    phases.map((phase) => `\`${phase.id}\` (${esc(phase.title)})`).join(', ');
  switch (outcome.kind) {
    case 'refused':
      return { text: m.refusal[outcome.refusal] };
    case 'usage':
      return { text: m.exportUsage };
    case 'noProgramme':
      return { text: m.noProgramme };
    case 'noFeedbackPhases':
      return { text: m.exportNoFeedbackPhases };
    case 'choose':
      return { text: m.exportChoosePhase(listed(outcome.phases)) };
    case 'unknownPhase': {
      const characters = Array.from(outcome.query);
      const shown =
        characters.length > QUERY_SHOWN ? `${characters.slice(0, QUERY_SHOWN).join('')}…` : outcome.query;
      return { text: m.exportUnknownPhase(esc(shown), listed(outcome.phases)) };
    }
    case 'nothingYet':
      return { text: m.exportNothingYet(esc(outcome.phase.title)) };
    case 'ready':
      break;
  }
  const { programme, phase, rows, userIds, fileFormat, count } = outcome;
  // The file is made after the reply: the workbook library loads on first use, which takes seconds,
  // and the names are asked of Slack one user at a time.
  const makeFile = async (): Promise<Buffer> => {
    const named = withUserNames(rows, await slackUserNames(request.client, userIds));
    return fileFormat === 'csv' ? Buffer.from(toCsv(named), 'utf8') : toWorkbook(named, phase.id);
  };

  const log = services.logger.child({ command: '/project export', user: request.userId, phase: phase.id });
  // Not awaited: the reply (the ack) does not wait for the upload, which reports its own failure.
  const upload = makeFile()
    .then((data) => sendExport(services, request, { programme, phase, data, fileFormat, count }))
    .then(
      () => log.info({ answers: count }, 'feedback export sent'),
      async (error: unknown) => {
        log.error({ err: error }, 'sending the feedback export failed');
        const text = slackErrorOf(error) === 'missing_scope' ? m.exportMissingScope : m.exportFailed;
        await request
          .respond?.({ response_type: 'ephemeral', replace_original: false, text })
          .catch((respondError: unknown) =>
            log.warn({ err: respondError }, 'telling about the failure failed'),
          );
      },
    );
  services.background.track(upload);
  return { text: m.exportOnItsWay(esc(phase.title), count, fileFormat) };
};

interface ExportFile {
  programme: Programme;
  phase: Phase;
  data: Buffer;
  fileFormat: FeedbackFileFormat;
  count: number;
}

/** The export as a file in the admin's direct message with Koers. */
function sendExport(services: SlackServices, request: CommandRequest, file: ExportFile): Promise<void> {
  const m = messages(request.locale);
  const day = dayInZone(services.now(), file.programme.info.timezone);
  return sendToDirectMessage(request.client, request.userId, {
    data: file.data,
    filename: `feedback-${file.phase.id}-${day}.${file.fileFormat}`,
    title: m.exportFileTitle(file.phase.title),
    comment: m.exportFileComment(esc(file.phase.title), file.count),
  });
}
