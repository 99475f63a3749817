import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { type Locale, messages } from '../../../i18n/index.js';
import { type DownloadProblem, previewProgrammeFile } from '../../../usecases/programmeFileImport.js';
import { describeSentFile, downloadSlackFile } from '../../programmeFileDownload.js';
import {
  renderProgrammeFilePreview,
  renderProgrammeFileProblems,
} from '../../render/programmeFilePreview.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';

const slackId = z.string().regex(/^[A-Z0-9]{2,32}$/);

/** A person (not a bot) sharing files in their direct message with Koers; anything else is ignored. */
const fileShared = z.object({
  type: z.literal('message'),
  subtype: z.literal('file_share'),
  channel_type: z.literal('im'),
  channel: slackId,
  user: slackId,
  bot_id: z.undefined().optional(),
  files: z
    .array(z.object({ id: slackId }))
    .min(1)
    .max(10),
});

/**
 * A file sent to Koers's direct message is taken for a programme file: an admin's gets the preview of
 * what importing it would change, with Import and Cancel; anyone else's a polite no. The event was
 * acked already; the file is fetched and checked after.
 */
export function directMessageFile(services: SlackServices) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    const shared = fileShared.safeParse(event);
    if (!shared.success) return;
    const { log, locale: localeLookup } = requestOf(context);
    const locale = await localeLookup;
    const { channel, user, files } = shared.data;
    const token = context.botToken ?? client.token ?? '';
    const m = messages(locale);
    const say = (message: { text: string; blocks?: unknown[] }) =>
      client.chat.postMessage({ channel, ...(message as { text: string }) });

    for (const { id } of files) {
      try {
        const described = await describeSentFile(client, id);
        if (!described.ok) {
          log.warn({ file: id, error: described.error }, 'a file sent to Koers could not be looked up');
          await say({
            text:
              described.error === 'missing_scope'
                ? m.programmeFileDm.noAccess
                : m.programmeFileDm.unreachable,
          });
          continue;
        }
        const { file, url } = described;
        const outcome = await previewProgrammeFile(services, {
          userId: user,
          file,
          wording: m.cli.programmeFile,
          download: () =>
            url
              ? downloadSlackFile(client, url, token)
              : Promise.resolve({ ok: false, problem: { kind: 'noAccess' } }),
        });
        switch (outcome.kind) {
          case 'duplicate':
            log.info({ file: id }, 'a file sent again was answered already');
            break;
          case 'refused':
            await say({ text: m.programmeFileDm.notAdmin });
            break;
          case 'unreadable':
            log.warn({ file: id, problem: outcome.problem.kind }, 'a file sent to Koers could not be read');
            await say({ text: downloadProblemText(outcome.problem, locale) });
            break;
          case 'notAProgrammeFile':
            await say(renderProgrammeFileProblems(file.name, [m.cli.encoding(outcome.problem)], locale));
            break;
          case 'invalid':
            await say(renderProgrammeFileProblems(file.name, outcome.errors, locale));
            break;
          case 'preview':
            log.info({ upload: outcome.uploadId }, 'programme file previewed');
            await say(renderProgrammeFilePreview(outcome, locale));
            break;
        }
      } catch (error) {
        log.error({ err: error, file: id }, 'reading a file sent to Koers failed');
        await say({ text: m.programmeFileDm.unreachable }).catch(() => {});
      }
    }
  };
}

function downloadProblemText(problem: DownloadProblem, locale: Locale): string {
  const m = messages(locale);
  switch (problem.kind) {
    case 'noAccess':
      return m.programmeFileDm.noAccess;
    case 'unreachable':
      return m.programmeFileDm.unreachable;
    case 'tooLarge':
      return m.cli.encoding(problem);
  }
}
