import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockElementAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { Refusal } from '../../../domain/permissions.js';
import type { EditedEntity, ProgrammeEdit } from '../../../domain/programmeEdits.js';
import { messages } from '../../../i18n/index.js';
import type { Catalogue } from '../../../i18n/nl.js';
import { changeProgramme } from '../../../usecases/changeProgramme.js';
import { openIdeaAsProject, openProgrammeEntry } from '../../../usecases/openProgrammeEntry.js';
import { raceAckBudget } from '../../ackBudget.js';
import { publishHome } from '../../flows/homePublisher.js';
import { type HomePages, homePagesOf, PAGE_OFFSET } from '../../homePages.js';
import { ModalSlot } from '../../modalSlot.js';
import { ENTRY_ACTIONS } from '../../render/adminSection.js';
import { renderFormProblem } from '../../render/feedbackModal.js';
import { PROGRAMME_FORMS, renderRemoveModal } from '../../render/programmeModals.js';
import type { SlackServices } from '../../services.js';
import { sealView } from '../../viewSeal.js';
import { requestOf } from '../middleware/requestContext.js';

export type AdminActionArgs = SlackActionMiddlewareArgs<BlockAction<BlockElementAction>> & AllMiddlewareArgs;

const entity = z.enum(['phase', 'project', 'library']);
/** `entity|action|key`, as the entry's menu sends it (render/adminSection.ts). */
const entryValue = z
  .string()
  .max(150)
  .transform((value) => value.split('|'))
  .pipe(z.tuple([entity, z.enum(ENTRY_ACTIONS), z.string().min(1)]));

/**
 * Opens a programme form for an admin: the modal is opened at once from what the snapshot holds (no
 * query but the admin check), well within the trigger_id's 3 seconds.
 */
async function openForm(
  services: SlackServices,
  args: AdminActionArgs,
  request: { entity: EditedEntity; key: string | null; remove?: boolean },
): Promise<void> {
  const { body, client, context } = args;
  const { locale: localeLookup, log } = requestOf(context);
  const locale = await localeLookup;
  const m = messages(locale);
  const lookup = openProgrammeEntry(services, { userId: body.user.id, ...request });
  // The trigger_id is good for 3 seconds: when the lookup is slow (a cold snapshot of a large programme,
  // a slow database), a modal saying so is opened first and filled in once the lookup is done.
  const modal = new ModalSlot(client, body.trigger_id);
  const raced = await raceAckBudget(lookup, OPEN_BUDGET_MS);
  if (!raced.done)
    await modal.notice(renderFormProblem(m.admin.modalTitle[request.entity], m.working, locale));
  const outcome = raced.done ? raced.value : await raced.pending;
  const form = PROGRAMME_FORMS[request.entity];
  let view: ModalView | null = null;
  if (outcome.kind === 'open') {
    view =
      request.remove && request.key
        ? renderRemoveModal(
            request.entity,
            request.key,
            form.name(outcome.programme, request.key),
            outcome.opened,
            locale,
            homePagesOf(body),
          )
        : form.render(outcome.programme, request.key, outcome.opened, locale, { pages: homePagesOf(body) });
  }
  if (!view) {
    log.warn({ ...request, outcome: outcome.kind }, 'programme form not opened');
    view = renderFormProblem(m.admin.title.slice(0, 24), notOpened(m, outcome, m.admin.gone), locale);
  }
  await modal.show(sealView(services.viewSealKey, view, body.user.id));
}

/** How long a form's lookup may take before a modal is opened first, well within the trigger's 3 s. */
const OPEN_BUDGET_MS = 1_200;

/** The menu choices that change a project at once, without a form: through the same use case. */
const AT_ONCE = {
  finish: (slug: string): ProgrammeEdit => ({ kind: 'project.finish', slug }),
  archive: (slug: string): ProgrammeEdit => ({ kind: 'project.archive', slug }),
  unarchive: (slug: string): ProgrammeEdit => ({ kind: 'project.unarchive', slug }),
} as const;

/**
 * An entry's menu on the admin's Home: Edit and Remove open a form; Mark finished, Archive and Unarchive
 * change the project at once, and the Home shows it on the page the admin was on.
 */
export function adminEntryMenu(services: SlackServices) {
  return async (args: AdminActionArgs) => {
    const { ack, body, action, client, context } = args;
    await ack();
    const { locale: localeLookup, log } = requestOf(context);
    const value = 'selected_option' in action ? action.selected_option?.value : undefined;
    const parsed = entryValue.safeParse(value);
    if (!parsed.success) {
      log.warn({ value: String(value).slice(0, 100) }, 'an admin menu choice that is none of ours');
      return;
    }
    const [kind, choice, key] = parsed.data;
    try {
      if (choice === 'edit' || choice === 'remove' || kind !== 'project') {
        await openForm(services, args, { entity: kind, key, remove: choice === 'remove' });
        return;
      }
      const locale = await localeLookup;
      const m = messages(locale);
      const edit = AT_ONCE[choice](key);
      const outcome = await changeProgramme(services, {
        userId: body.user.id,
        source: 'modal',
        edit,
        wording: m.cli.programmeFile,
      });
      if (outcome.kind === 'changed') {
        log.info({ project: key, edit: edit.kind }, 'project changed from its menu');
        await publishHome(services, client, body.user.id, locale, homePagesOf(body));
        return;
      }
      log.warn({ project: key, edit: edit.kind, outcome: outcome.kind }, 'project not changed from its menu');
      const text =
        outcome.kind === 'refused'
          ? m.refusal[outcome.refusal]
          : outcome.kind === 'gone'
            ? m.admin.gone
            : m.saveFailed;
      await client.views.open({
        trigger_id: body.trigger_id,
        view: renderFormProblem(m.admin.modalTitle.project, text, locale),
      });
    } catch (error) {
      log.error({ err: error }, 'an admin menu choice failed');
    }
  };
}

/** "Add phase", "Add project", "Add library": the empty form. */
export function adminAddButton(services: SlackServices) {
  return async (args: AdminActionArgs) => {
    const { ack, action, context } = args;
    await ack();
    const { log } = requestOf(context);
    const parsed = entity.safeParse('value' in action ? action.value : undefined);
    if (!parsed.success) return;
    try {
      await openForm(services, args, { entity: parsed.data, key: null });
    } catch (error) {
      log.error({ err: error }, 'opening an add form failed');
    }
  };
}

/**
 * Next / Previous through one of the Home's long lists (the admin section's, the ideas'): the Home again,
 * that list from the button's entry on, the other where the Home had it.
 */
export function homePageButton(services: SlackServices, list: keyof HomePages) {
  return async ({ ack, body, action, client, context }: AdminActionArgs) => {
    await ack();
    const { locale, log } = requestOf(context);
    const offset = PAGE_OFFSET.safeParse('value' in action ? action.value : '');
    try {
      const pages = { ...homePagesOf(body), [list]: offset.success ? offset.data : 0 };
      await publishHome(services, client, body.user.id, await locale, pages);
    } catch (error) {
      log.error({ err: error, list }, 'paging the Home failed');
    }
  };
}

/**
 * "Make it a project" on an idea (its direct message to the admins, `/project ideeën`): the project form
 * filled in from the idea. Saving it makes the project and decides the idea (changeProgramme).
 */
export function ideaToProjectButton(services: SlackServices) {
  return async (args: AdminActionArgs) => {
    await args.ack();
    const ideaId = z.coerce
      .number()
      .int()
      .positive()
      .safeParse('value' in args.action ? args.action.value : '');
    await openIdeaAsProjectForm(services, args, ideaId.success ? ideaId.data : null);
  };
}

/** The project form filled in from the idea `ideaId` (null: a value that names none), or why not. */
export async function openIdeaAsProjectForm(
  services: SlackServices,
  { body, client, context }: AdminActionArgs,
  ideaId: number | null,
): Promise<void> {
  const { locale: localeLookup, log } = requestOf(context);
  try {
    const locale = await localeLookup;
    const m = messages(locale);
    const lookup =
      ideaId !== null
        ? openIdeaAsProject(services, { userId: body.user.id, ideaId })
        : Promise.resolve({ kind: 'notWaiting' } as const);
    // As for the other forms: a slow lookup (it reads the idea) first opens a modal that says so.
    const modal = new ModalSlot(client, body.trigger_id);
    const raced = await raceAckBudget(lookup, OPEN_BUDGET_MS);
    if (!raced.done) await modal.notice(renderFormProblem(m.admin.modalTitle.project, m.working, locale));
    const outcome = raced.done ? raced.value : await raced.pending;
    let view: ModalView;
    if (outcome.kind === 'open') {
      const { idea } = outcome;
      const draft = {
        slug: outcome.slug,
        name: idea.title,
        description: idea.description,
        libraryCodes: outcome.libraryCodes,
        idea: idea.id,
      };
      view = PROGRAMME_FORMS.project.render(outcome.programme, null, null, locale, {
        draft,
        pages: homePagesOf(body),
      })!;
    } else {
      log.warn({ outcome: outcome.kind }, 'idea not opened as a project');
      view = renderFormProblem(
        m.admin.modalTitle.project,
        notOpened(m, outcome, m.admin.ideaDecided),
        locale,
      );
    }
    await modal.show(sealView(services.viewSealKey, view, body.user.id));
  } catch (error) {
    log.error({ err: error }, 'opening an idea as a project failed');
  }
}

/** Why a programme form did not open: refused, no programme, or `otherwise` (the entry or idea is gone). */
function notOpened(
  m: Catalogue,
  outcome: { kind: 'refused'; refusal: Refusal } | { kind: string },
  otherwise: string,
): string {
  if ('refusal' in outcome) return m.refusal[outcome.refusal];
  return outcome.kind === 'noProgramme' ? m.noProgramme : otherwise;
}
