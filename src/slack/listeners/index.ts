import type { App } from '@slack/bolt';
import { ANSWER_ACTIONS } from '../render/answerLayout.js';
import { DELIVERY_ACTIONS } from '../render/deliveryLog.js';
import { FEEDBACK_CALLBACK, SEARCH_OPTIONS_ACTION } from '../render/feedbackModal.js';
import { HOME_ACTIONS } from '../render/homeView.js';
import { IDEA_ACTIONS, IDEA_CALLBACK } from '../render/ideaModal.js';
import { PROJECT_UPDATE_CALLBACK } from '../render/projectUpdateModal.js';
import { REMINDER_ACTIONS } from '../render/reminderMessage.js';
import type { SlackServices } from '../services.js';
import { answerButton } from './actions/answerButtons.js';
import { deliveryRetryButton } from './actions/deliveryRetry.js';
import { homeChooseLibrary, homeFeedbackButton } from './actions/homeActions.js';
import { ideaDecisionButton } from './actions/ideaDecision.js';
import { reminderFeedbackButton, reminderTimelineButton } from './actions/reminderButtons.js';
import { projectCommand } from './commands/project.js';
import { appHomeOpened } from './events/appHome.js';
import { ignoreRetriedEvents } from './middleware/ignoreRetriedEvents.js';
import { setUpRequest } from './middleware/requestContext.js';
import { searchOptions } from './options/search.js';
import { feedbackSubmitted } from './views/feedback.js';
import { ideaSubmitted } from './views/idea.js';
import { projectUpdateSubmitted } from './views/projectUpdate.js';

/**
 * A listener typed for the payload it handles. The tables below hold listeners of several payload
 * types; Bolt has matched the id before a listener is called, so each gets the payload it expects.
 */
// biome-ignore lint/suspicious/noExplicitAny: the table's entries take different Bolt argument types
type Listener = (args: any) => Promise<void>;

/**
 * Every Slack surface Koers listens on, in one place. Bolt runs the matching middleware of every
 * registered listener for every request, so one listener per kind of surface, with a table by id,
 * costs a third of the CPU per request that a listener per id did (measured with `npm run bench`).
 */
export function registerListeners(app: App, services: SlackServices): void {
  const actions: Record<string, Listener> = {
    [ANSWER_ACTIONS.share]: answerButton(services, 'share'),
    [ANSWER_ACTIONS.more]: answerButton(services, 'more'),
    [REMINDER_ACTIONS.timeline]: reminderTimelineButton(services),
    [REMINDER_ACTIONS.feedback]: reminderFeedbackButton(services),
    [HOME_ACTIONS.feedback]: homeFeedbackButton(services),
    [HOME_ACTIONS.chooseLibrary]: homeChooseLibrary(services),
    [IDEA_ACTIONS.approve]: ideaDecisionButton(services, 'approved'),
    [IDEA_ACTIONS.decline]: ideaDecisionButton(services, 'declined'),
    [DELIVERY_ACTIONS.retry]: deliveryRetryButton(services),
  };
  const views: Record<string, Listener> = {
    [FEEDBACK_CALLBACK]: feedbackSubmitted(services),
    [PROJECT_UPDATE_CALLBACK]: projectUpdateSubmitted(services),
    [IDEA_CALLBACK]: ideaSubmitted(services),
  };

  // A listener's whole run, its work after the answer included, is tracked: a stopping instance waits for it.
  app.use(async ({ next }) => {
    const run = next();
    services.background.track(run);
    await run;
  });
  // Set up per listener rather than with app.use: only a request a listener takes pays for it.
  const setUp = setUpRequest(services);
  app.command('/project', setUp, projectCommand(services));
  app.action(exactly(actions), setUp, (args) =>
    actions[(args.action as { action_id: string }).action_id]!(args),
  );
  app.view(exactly(views), setUp, (args) => views[args.view.callback_id]!(args));
  app.options(SEARCH_OPTIONS_ACTION, searchOptions(services));
  // Only events are retried by Slack; commands and interactions are not, and skip this check.
  app.event('app_home_opened', ignoreRetriedEvents(services), setUp, appHomeOpened(services));
  app.error(async (error) => {
    // Listeners answer their own users; this only catches what slipped through, for the logs.
    services.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
}

/** Matches exactly the table's ids: any other id stays unhandled, as with a listener per id. */
function exactly(table: Record<string, Listener>): RegExp {
  const ids = Object.keys(table).map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${ids.join('|')})$`);
}
