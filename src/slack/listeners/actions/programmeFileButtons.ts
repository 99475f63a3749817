import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { messages } from '../../../i18n/index.js';
import { decideProgrammeFile, type FileDecision } from '../../../usecases/programmeFileImport.js';
import { userFacingError } from '../../errors.js';
import {
  renderProgrammeFileImported,
  renderProgrammeFilePreview,
  renderProgrammeFileProblems,
} from '../../render/programmeFilePreview.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { answerWithinBudget } from './withinBudget.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Import, Import and remove, or Cancel under a programme file's preview. The preview's message is
 * replaced by what came of it; a click that changes nothing (decided already, not an admin) is answered
 * beside it.
 */
export function programmeFileButton(services: SlackServices, decision: FileDecision) {
  return async ({ ack, body, action, respond, context }: ButtonArgs) => {
    await ack();
    const { locale: localeLookup, log, receivedAt } = requestOf(context);
    const locale = await localeLookup;
    const m = messages(locale);
    const userId = body.user.id;
    const beside = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const replace = (message: { text: string }) =>
      respond({ response_type: 'in_channel', replace_original: true, ...message });
    const uploadId = Number(action.value);
    const work = async () => {
      if (!Number.isSafeInteger(uploadId) || uploadId <= 0) return beside(m.programmeFileDm.gone);
      try {
        const outcome = await decideProgrammeFile(services, {
          userId,
          uploadId,
          decision,
          wording: m.cli.programmeFile,
        });
        switch (outcome.kind) {
          case 'refused':
            return beside(m.refusal[outcome.refusal]);
          case 'gone':
            return beside(m.programmeFileDm.gone);
          case 'alreadyDecided':
            return beside(m.programmeFileDm.alreadyDecided[outcome.status]);
          case 'cancelled':
            log.info({ upload: uploadId }, 'programme file cancelled');
            return replace({ text: m.programmeFileDm.cancelled(outcome.fileName) });
          case 'invalid':
            return replace(renderProgrammeFileProblems(outcome.fileName, outcome.errors, locale));
          case 'changedSince':
            log.info(
              { upload: uploadId, newUpload: outcome.uploadId },
              'programme changed since the preview',
            );
            return replace(renderProgrammeFilePreview(outcome, locale, m.programmeFileDm.changedSince));
          case 'imported':
            log.info({ upload: uploadId, prune: outcome.diff.prune }, 'programme file imported');
            return replace(renderProgrammeFileImported({ ...outcome, userId }, locale));
        }
      } catch (error) {
        log.error({ err: error, upload: uploadId }, 'deciding on a programme file failed');
        return beside(userFacingError(error, locale));
      }
    };
    await answerWithinBudget({ receivedAt, locale, log, work, tell: beside });
  };
}
