import type { App } from '@slack/bolt';
import { ANSWER_ACTIONS } from '../render/answerLayout.js';
import { FEEDBACK_CALLBACK, SEARCH_OPTIONS_ACTION } from '../render/feedbackModal.js';
import { HOME_ACTIONS } from '../render/homeView.js';
import { IDEA_ACTIONS, IDEA_CALLBACK } from '../render/ideaModal.js';
import { PROJECT_UPDATE_CALLBACK } from '../render/projectUpdateModal.js';
import { REMINDER_ACTIONS } from '../render/reminderMessage.js';
import type { SlackServices } from '../services.js';
import { answerButton } from './actions/answerButtons.js';
import { homeChooseLibrary, homeFeedbackButton } from './actions/homeActions.js';
import { ideaDecisionButton } from './actions/ideaDecision.js';
import { reminderFeedbackButton, reminderTimelineButton } from './actions/reminderButtons.js';
import { projectCommand } from './commands/project.js';
import { appHomeOpened } from './events/appHome.js';
import { ignoreRetriedEvents } from './middleware/ignoreRetriedEvents.js';
import { searchOptions } from './options/search.js';
import { feedbackSubmitted } from './views/feedback.js';
import { ideaSubmitted } from './views/idea.js';
import { projectUpdateSubmitted } from './views/projectUpdate.js';

/** Every Slack surface Koers listens on, in one place. */
export function registerListeners(app: App, services: SlackServices): void {
  app.use(ignoreRetriedEvents(services));
  app.command('/project', projectCommand(services));
  app.action(ANSWER_ACTIONS.share, answerButton(services, 'share'));
  app.action(ANSWER_ACTIONS.more, answerButton(services, 'more'));
  app.action(REMINDER_ACTIONS.timeline, reminderTimelineButton(services));
  app.action(REMINDER_ACTIONS.feedback, reminderFeedbackButton(services));
  app.action(HOME_ACTIONS.feedback, homeFeedbackButton(services));
  app.action(HOME_ACTIONS.chooseLibrary, homeChooseLibrary(services));
  app.view(FEEDBACK_CALLBACK, feedbackSubmitted(services));
  app.view(PROJECT_UPDATE_CALLBACK, projectUpdateSubmitted(services));
  app.view(IDEA_CALLBACK, ideaSubmitted(services));
  app.action(IDEA_ACTIONS.approve, ideaDecisionButton(services, 'approved'));
  app.action(IDEA_ACTIONS.decline, ideaDecisionButton(services, 'declined'));
  app.options(SEARCH_OPTIONS_ACTION, searchOptions(services));
  app.event('app_home_opened', appHomeOpened(services));
  app.error(async (error) => {
    // Listeners answer their own users; this only catches what slipped through, for the logs.
    services.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
}
