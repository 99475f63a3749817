import { feedbackForExport } from '../../../db/feedbackRepository.js';
import { exportFeedback } from '../../../domain/feedbackExport.js';
import { chooseFeedbackPhase, feedbackPhases } from '../../../domain/feedbackForm.js';
import { decide } from '../../../domain/permissions.js';
import type { Phase, Programme } from '../../../domain/programme.js';
import { foldCaseAndAccents } from '../../../domain/text.js';
import { dayInZone } from '../../../domain/timeline.js';
import { messages } from '../../../i18n/index.js';
import { esc } from '../../../present/mrkdwn.js';
import type { SlackServices } from '../../services.js';
import type { CommandHandler, CommandRequest } from './commandHandler.js';

/** What may follow `/project export`: for now only feedback can be exported. */
const FEEDBACK_WORDS = new Set(['feedback', 'terugkoppeling']);
/** A query echoed back is clipped: it may be a pasted paragraph. */
const QUERY_SHOWN = 80;

/**
 * `/project export feedback PHASE` (`exporteer feedback FASE`), admins only: answers privately at
 * once, then sends the CSV of the feedback that counts to the admin in a direct message. The upload
 * runs after the reply, so Slack's 3 seconds never wait for it; a failure is told through respond.
 */
export const exportFeedbackCommand: CommandHandler = async (services, request) => {
  const m = messages(request.locale);
  const decision = decide(await services.actorFor(request.userId), { kind: 'exportFeedback' });
  if (!decision.allowed) return { text: m.refusal[decision.refusal] };

  const [what, ...rest] = request.args.split(/\s+/).filter(Boolean);
  if (what === undefined || !FEEDBACK_WORDS.has(foldCaseAndAccents(what))) return { text: m.exportUsage };
  const query = rest.join(' ');

  const programme = await services.programmes.current();
  if (!programme) return { text: m.noProgramme };
  const phases = feedbackPhases(programme);
  if (phases.length === 0) return { text: m.exportNoFeedbackPhases };
  const list = phases.map((phase) => `\`${phase.id}\` (${esc(phase.title)})`).join(', ');
  // Without a phase the only one there is is meant; with several, the admin says which.
  if (!query && phases.length > 1) return { text: m.exportChoosePhase(list) };
  const phase = query ? chooseFeedbackPhase(programme, query, services.now()) : phases[0];
  if (!phase) {
    const characters = Array.from(query);
    const shown = characters.length > QUERY_SHOWN ? `${characters.slice(0, QUERY_SHOWN).join('')}…` : query;
    return { text: m.exportUnknownPhase(esc(shown), list) };
  }

  const submissions = await feedbackForExport(services.db, phase.id);
  if (submissions.length === 0) return { text: m.exportNothingYet(esc(phase.title)) };
  const csv = exportFeedback(submissions, libraryNames(programme), 'csv');

  const log = services.logger.child({ command: '/project export', user: request.userId, phase: phase.id });
  // Not awaited: the reply (the ack) does not wait for the upload, which reports its own failure.
  const upload = sendExport(services, request, { programme, phase, csv, count: submissions.length }).then(
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
  return { text: m.exportOnItsWay(esc(phase.title), submissions.length) };
};

interface ExportFile {
  programme: Programme;
  phase: Phase;
  csv: string;
  count: number;
}

/** The CSV as a file in the admin's direct message with Koers. */
async function sendExport(services: SlackServices, request: CommandRequest, file: ExportFile): Promise<void> {
  const m = messages(request.locale);
  const opened = await request.client.conversations.open({ users: request.userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  const day = dayInZone(services.now(), file.programme.info.timezone);
  await request.client.filesUploadV2({
    channel_id: channelId,
    file: Buffer.from(file.csv, 'utf8'),
    filename: `feedback-${file.phase.id}-${day}.csv`,
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
