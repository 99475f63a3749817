import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import {
  FEEDBACK_FIELDS,
  type FeedbackField,
  priorityChoices,
  type RawFeedback,
} from '../../../domain/feedbackForm.js';
import { messages } from '../../../i18n/index.js';
import { submitFeedback } from '../../../usecases/submitFeedback.js';
import { saveWithinBudget } from '../../ackBudget.js';
import { publishHome } from '../../flows/homePublisher.js';
import { renderFeedbackThanks, renderFormProblem } from '../../render/feedbackModal.js';
import type { SlackServices } from '../../services.js';
import { requestOf } from '../middleware/requestContext.js';
import { parseJson, wordErrors } from './submission.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const metadataSchema = z.object({ phaseId: z.string().min(1).max(100) });

/** One input's state as Slack sends it; we read whichever of these the element has. */
const inputState = z
  .object({
    value: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
    selected_options: z.array(z.object({ value: z.string() })).nullish(),
  })
  .passthrough();
const stateSchema = z.record(z.string(), z.record(z.string(), inputState));

/**
 * The feedback form submitted: its answers go to `submitFeedback`, and each outcome becomes the
 * modal's answer. Field errors keep the modal open with the user's input; only a stored submission
 * turns it into a confirmation.
 */
export function feedbackSubmitted(services: SlackServices) {
  return async ({ ack, body, view, client, context }: ViewArgs) => {
    const userId = body.user.id;
    const { locale: localeLookup, log } = requestOf(context);
    // The save starts at once: the user's language is looked up meanwhile, not before it.
    const saving = saveWithinBudget((signal) =>
      submitFeedback(services, {
        userId,
        phaseId: parseJson(view.private_metadata, metadataSchema)?.phaseId ?? null,
        answers: readAnswers(view.state.values),
        signal,
      }),
    );
    const locale = await localeLookup;
    const m = messages(locale);
    const saved = await saving;
    if (saved.kind !== 'done') {
      // The database did not answer in time: the modal stays open with everything typed.
      log.warn(saved.kind === 'late' ? {} : { err: saved.error }, 'feedback could not be saved in time');
      await ack({ response_action: 'errors', errors: { remarks: m.saveFailed } });
      return;
    }
    const outcome = saved.value;
    switch (outcome.kind) {
      case 'outdated':
        log.warn(
          { metadata: view.private_metadata?.slice(0, 200) },
          'feedback form with an unknown phase refused',
        );
        await ack({
          response_action: 'update',
          view: renderFormProblem(
            m.feedbackModalTitle,
            outcome.programmeMissing ? m.databaseUnavailable : m.formOutdated,
            locale,
          ),
        });
        return;
      case 'closed': {
        const { phase } = outcome;
        await ack({
          response_action: 'errors',
          errors: { remarks: m.feedbackClosed(phase.title, phase.end ?? phase.date ?? '') },
        });
        return;
      }
      case 'invalid':
        await ack({
          response_action: 'errors',
          errors: wordErrors(FEEDBACK_FIELDS, outcome.errors, m.fieldError),
        });
        return;
      case 'refused':
        await ack({ response_action: 'errors', errors: { library: m.refusal[outcome.refusal] } });
        return;
      case 'failed':
        // The modal stays open with everything typed: nothing is lost, the user can send again.
        log.error({ err: outcome.error }, 'storing feedback failed');
        await ack({ response_action: 'errors', errors: { remarks: m.saveFailed } });
        return;
      case 'stored':
        break;
    }
    const { programme, phase, values, version, late } = outcome;
    log.info({ phase: phase.id, library: values.libraryCode, version }, 'feedback stored');
    const names = new Map(priorityChoices(programme).map((choice) => [choice.slug, choice.name]));
    await ack({
      response_action: 'update',
      view: renderFeedbackThanks(
        {
          library:
            programme.libraries.find((library) => library.code === values.libraryCode)?.name ??
            values.libraryCode,
          phase: phase.title,
          version,
          late,
          judgement: m.judgementName[values.judgement],
          remarks: values.remarks,
          priorities: values.priorities.map((slug) => names.get(slug) ?? slug),
        },
        locale,
      ),
    });
    // Each channel's overview shows which libraries still owe feedback.
    services.refreshOverviews();
    // The Home shows what this user and their library answered: publish it anew.
    await publishHome(services, client, userId).catch((error: unknown) =>
      log.warn({ err: error }, 'republishing Home failed'),
    );
  };
}

function readAnswers(values: unknown): RawFeedback {
  const state = stateSchema.safeParse(values);
  const field = (name: FeedbackField) => {
    const block = state.success ? state.data[name] : undefined;
    return block ? Object.values(block)[0] : undefined;
  };
  return {
    libraryCode: field('library')?.selected_option?.value ?? null,
    judgement: field('judgement')?.selected_option?.value ?? null,
    remarks: field('remarks')?.value ?? null,
    priorities: (field('priorities')?.selected_options ?? []).map((o) => o.value),
    mayContact: (field('contact')?.selected_options ?? []).some((o) => o.value === 'yes'),
  };
}
