import { feedbackForExport } from '../../../db/feedbackRepository.js';
import { feedbackExportRows, toCsv } from '../../../domain/feedbackExport.js';
import { phaseToExport } from '../../../domain/feedbackForm.js';
import { decide } from '../../../domain/permissions.js';
import type { Phase, Programme } from '../../../domain/programme.js';
import { foldCaseAndAccents } from '../../../domain/text.js';
import { dayInZone } from '../../../domain/timeline.js';
import { messages } from '../../../i18n/index.js';
import { toWorkbook } from '../../../present/feedbackWorkbook.js';
import { esc } from '../../../present/mrkdwn.js';
import type { SlackServices } from '../../services.js';
import type { CommandHandler, CommandRequest } from './commandHandler.js';

/** What may follow `/project export`: for now only feedback can be exported. */
const FEEDBACK_WORDS = new Set(['feedback', 'terugkoppeling']);
/** A last word asking for a file format; without one the admin gets a workbook. */
const FILE_FORMAT_WORDS: Record<string, FileFormat> = { csv: 'csv', xlsx: 'xlsx', excel: 'xlsx' };
type FileFormat = 'csv' | 'xlsx';
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
  const decision = decide(await services.actorFor(request.userId), { kind: 'exportFeedback' });
  if (!decision.allowed) return { text: m.refusal[decision.refusal] };

  const [what, ...rest] = request.args.split(/\s+/).filter(Boolean);
  if (what === undefined || !FEEDBACK_WORDS.has(foldCaseAndAccents(what))) return { text: m.exportUsage };
  const asked = rest.length > 0 ? FILE_FORMAT_WORDS[rest.at(-1)!.toLowerCase()] : undefined;
  const fileFormat: FileFormat = asked ?? 'xlsx';
  const query = (asked ? rest.slice(0, -1) : rest).join(' ');

  const programme = await services.programmes.current();
  if (!programme) return { text: m.noProgramme };
  const choice = phaseToExport(programme, query);
  const listed = (phases: Phase[]) =>
    phases.map((phase) => `\`${phase.id}\` (${esc(phase.title)})`).join(', ');
  if (choice.kind === 'noFeedbackPhases') return { text: m.exportNoFeedbackPhases };
  if (choice.kind === 'choose') return { text: m.exportChoosePhase(listed(choice.phases)) };
  if (choice.kind === 'unknown') {
    const characters = Array.from(query);
    const shown = characters.length > QUERY_SHOWN ? `${characters.slice(0, QUERY_SHOWN).join('')}…` : query;
    return { text: m.exportUnknownPhase(esc(shown), listed(choice.phases)) };
  }
  const { phase } = choice;

  const submissions = await feedbackForExport(services.db, phase.id);
  if (submissions.length === 0) return { text: m.exportNothingYet(esc(phase.title)) };
  // The file is made after the reply too: the workbook library loads on first use, which takes seconds.
  const rows = feedbackExportRows(submissions, libraryNames(programme));
  const makeFile = async (): Promise<Buffer> =>
    fileFormat === 'csv' ? Buffer.from(toCsv(rows), 'utf8') : toWorkbook(rows, phase.id);

  const log = services.logger.child({ command: '/project export', user: request.userId, phase: phase.id });
  // Not awaited: the reply (the ack) does not wait for the upload, which reports its own failure.
  const upload = makeFile()
    .then((data) =>
      sendExport(services, request, { programme, phase, data, fileFormat, count: submissions.length }),
    )
    .then(
      () => log.info({ answers: submissions.length }, 'feedback export sent'),
      async (error: unknown) => {
        log.error({ err: error }, 'sending the feedback export failed');
        const text = slackError(error) === 'missing_scope' ? m.exportMissingScope : m.exportFailed;
        await request
          .respond?.({ response_type: 'ephemeral', replace_original: false, text })
          .catch((respondError: unknown) =>
            log.warn({ err: respondError }, 'telling about the failure failed'),
          );
      },
    );
  services.background.track(upload);
  return { text: m.exportOnItsWay(esc(phase.title), submissions.length, fileFormat) };
};

interface ExportFile {
  programme: Programme;
  phase: Phase;
  data: Buffer;
  fileFormat: FileFormat;
  count: number;
}

/** The export as a file in the admin's direct message with Koers. */
async function sendExport(services: SlackServices, request: CommandRequest, file: ExportFile): Promise<void> {
  const m = messages(request.locale);
  const opened = await request.client.conversations.open({ users: request.userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  const day = dayInZone(services.now(), file.programme.info.timezone);
  await request.client.filesUploadV2({
    channel_id: channelId,
    file: file.data,
    filename: `feedback-${file.phase.id}-${day}.${file.fileFormat}`,
    title: m.exportFileTitle(file.phase.title),
    initial_comment: m.exportFileComment(esc(file.phase.title), file.count),
  });
}

function libraryNames(programme: Programme): Map<string, string> {
  return new Map(programme.libraries.map((library) => [library.code, library.name]));
}

/** Slack's error code (`missing_scope`, `channel_not_found` …) of a failed Web API call, if it is one. */
function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: unknown } } | null)?.data?.error?.toString();
}
