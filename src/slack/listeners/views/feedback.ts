import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { addFeedback } from '../../../db/feedbackRepository.js';
import {
  FEEDBACK_FIELDS,
  type FeedbackField,
  feedbackWindow,
  priorityChoices,
  type RawFeedback,
  validateFeedback,
} from '../../../domain/feedbackForm.js';
import { decide } from '../../../domain/permissions.js';
import { messages } from '../../../i18n/index.js';
import { publishHome } from '../../homePublisher.js';
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
 * The feedback form submitted. Everything in it is untrusted: the phase id in private_metadata is
 * checked against the programme again, the user's right to speak for the chosen library again, and
 * every field against the form's rules. Field errors keep the modal open with the user's input;
 * only a valid, permitted submission is stored (as a new version) and confirmed.
 */
export function feedbackSubmitted(services: SlackServices) {
  return async ({ ack, body, view, client, context }: ViewArgs) => {
    const userId = body.user.id;
    const { locale: localeLookup, log } = requestOf(context);
    const locale = await localeLookup;
    const m = messages(locale);

    const programme = await services.programmes.current().catch(() => null);
    const metadata = parseJson(view.private_metadata, metadataSchema);
    const phase = programme?.phases.find(
      (candidate) => candidate.id === metadata?.phaseId && candidate.kind === 'feedback',
    );
    if (!programme || !phase) {
      log.warn(
        { metadata: view.private_metadata?.slice(0, 200) },
        'feedback form with an unknown phase refused',
      );
      await ack({
        response_action: 'update',
        view: renderFormProblem(m.feedbackModalTitle, programme ? m.formOutdated : m.saveFailed, locale),
      });
      return;
    }
    const window = feedbackWindow(phase, programme.info.timezone, services.now());
    if (window === 'closed') {
      await ack({
        response_action: 'errors',
        errors: { remarks: m.feedbackClosed(phase.title, phase.end ?? phase.date ?? '') },
      });
      return;
    }

    const raw = readAnswers(view.state.values);
    const checked = validateFeedback(raw, {
      libraryCodes: new Set(programme.libraries.map((library) => library.code)),
      priorities: new Set(priorityChoices(programme).map((choice) => choice.slug)),
    });
    if (!checked.ok) {
      await ack({
        response_action: 'errors',
        errors: wordErrors(FEEDBACK_FIELDS, checked.errors, m.fieldError),
      });
      return;
    }
    const decision = decide(await services.actorFor(userId), {
      kind: 'submitFeedback',
      libraryCode: checked.values.libraryCode,
    });
    if (!decision.allowed) {
      await ack({ response_action: 'errors', errors: { library: m.refusal[decision.refusal] } });
      return;
    }

    let version: number;
    try {
      version = await addFeedback(services.db, {
        phaseId: phase.id,
        userId,
        late: window === 'late',
        ...checked.values,
      });
    } catch (error) {
      // The modal stays open with everything typed: nothing is lost, the user can send again.
      log.error({ err: error }, 'storing feedback failed');
      await ack({ response_action: 'errors', errors: { remarks: m.saveFailed } });
      return;
    }
    log.info({ phase: phase.id, library: checked.values.libraryCode, version }, 'feedback stored');
    const names = new Map(priorityChoices(programme).map((choice) => [choice.slug, choice.name]));
    await ack({
      response_action: 'update',
      view: renderFeedbackThanks(
        {
          library:
            programme.libraries.find((library) => library.code === checked.values.libraryCode)?.name ??
            checked.values.libraryCode,
          phase: phase.title,
          version,
          late: window === 'late',
          judgement: m.judgementName[checked.values.judgement],
          remarks: checked.values.remarks,
          priorities: checked.values.priorities.map((slug) => names.get(slug) ?? slug),
        },
        locale,
      ),
    });
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
