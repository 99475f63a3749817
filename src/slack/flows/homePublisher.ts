import type { webApi } from '@slack/bolt';
import { feedbackHistory, librariesThatAnswered } from '../../db/feedbackRepository.js';
import { linkedPeopleByLibrary } from '../../db/peopleRepository.js';
import { openFeedbackPhases } from '../../domain/feedbackForm.js';
import { decide } from '../../domain/permissions.js';
import type { Locale } from '../../i18n/index.js';
import { showDeliveryLog } from '../../usecases/deliveryLog.js';
import { listPendingIdeas } from '../../usecases/listIdeas.js';
import { listProgrammeChanges } from '../../usecases/listProgrammeChanges.js';
import { renderHomeView } from '../render/homeView.js';
import type { SlackServices } from '../services.js';

/** The latest programme changes an admin's Home shows; `/project wijzigingen` shows more. */
const HOME_CHANGES = 3;

/**
 * Publishes a user's App Home. Slack shows only what was last published, so this runs when the Home
 * is opened and after every change the user makes from it or from a form.
 */
export async function publishHome(
  services: SlackServices,
  client: webApi.WebClient,
  userId: string,
  /** The user's language when the caller has it already. */
  knownLocale?: Locale,
  /** Where the admin section's list starts (its Next / Previous buttons); the top when not given. */
  adminOffset = 0,
): Promise<void> {
  const locale = knownLocale ?? (await services.userLocales.forUser(client, userId));
  const programme = await services.programmes.current();
  const now = services.now();
  const actor = await services.actorFor(userId);
  const answeredBy = new Map<string, Set<string>>();
  const answeredByMe = new Set<string>();
  for (const phase of programme ? openFeedbackPhases(programme, now) : []) {
    answeredBy.set(phase.id, await librariesThatAnswered(services.db, phase.id));
    if ((await feedbackHistory(services.db, phase.id, userId)).length > 0) answeredByMe.add(phase.id);
  }
  const seesCoverage = decide(actor, { kind: 'viewFeedbackCoverage' }).allowed;
  const linkedPeople = seesCoverage ? await linkedPeopleByLibrary(services.db) : undefined;
  const log = actor.isAdmin ? await showDeliveryLog(services.db, actor) : null;
  const ideas = actor.isAdmin ? await listPendingIdeas(services.db, actor) : null;
  const changes = actor.isAdmin ? await listProgrammeChanges(services.db, actor, HOME_CHANGES) : null;
  await client.views.publish({
    user_id: userId,
    view: renderHomeView(programme, locale, now, {
      libraryCode: actor.libraryCode,
      seesCoverage,
      answeredBy,
      answeredByMe,
      ...(linkedPeople && { linkedPeople }),
      ...(log?.kind === 'log' && { deliveryLog: log.channels }),
      ...(ideas?.kind === 'ideas' && { pendingIdeas: ideas }),
      ...(changes?.kind === 'changes' && { recentChanges: changes.changes }),
      ...(decide(actor, { kind: 'changeProgramme' }).allowed && { admin: { offset: adminOffset } }),
    }),
  });
}
