import type { AnyMiddlewareArgs, App, Context, Middleware } from '@slack/bolt';
import { type Locale, messages } from '../../i18n/index.js';
import type { Logger } from '../../logger.js';
import type { BackgroundWork } from '../backgroundWork.js';
import { ADMIN_ACTIONS } from '../render/adminSection.js';
import { ANSWER_ACTIONS } from '../render/answerLayout.js';
import { DELIVERY_ACTIONS } from '../render/deliveryLog.js';
import { FEEDBACK_CALLBACK, SEARCH_OPTIONS_ACTION } from '../render/feedbackModal.js';
import { HOME_ACTIONS } from '../render/homeView.js';
import { IDEA_ACTIONS, IDEA_CALLBACK, IDEA_DECLINE_CALLBACK } from '../render/ideaModal.js';
import { NUDGE_ACTIONS } from '../render/nudgeMessage.js';
import { IDEA_LIST_ACTIONS } from '../render/pendingIdeas.js';
import { PROGRAMME_FILE_ACTIONS } from '../render/programmeFilePreview.js';
import { PROGRAMME_CALLBACKS } from '../render/programmeModals.js';
import { PROJECT_UPDATE_CALLBACK } from '../render/projectUpdateModal.js';
import { REMINDER_ACTIONS } from '../render/reminderMessage.js';
import type { SlackServices } from '../services.js';
import {
  adminAddButton,
  adminEntryMenu,
  homePageButton,
  ideaToProjectButton,
} from './actions/adminActions.js';
import { answerButton } from './actions/answerButtons.js';
import { deliveryRetryButton } from './actions/deliveryRetry.js';
import { homeChooseLibrary, homeFeedbackButton } from './actions/homeActions.js';
import { ideaDecisionButton, ideaMenu } from './actions/ideaDecision.js';
import { nudgeUpdateOpener } from './actions/nudgeButtons.js';
import { programmeFileButton } from './actions/programmeFileButtons.js';
import { reminderFeedbackButton, reminderTimelineButton } from './actions/reminderButtons.js';
import { projectCommand } from './commands/project.js';
import { appHomeOpened } from './events/appHome.js';
import { directMessageFile } from './events/directMessage.js';
import { pinRemoved } from './events/pinRemoved.js';
import { ignoreRetriedEvents } from './middleware/ignoreRetriedEvents.js';
import { setUpRequest } from './middleware/requestContext.js';
import { searchOptions } from './options/search.js';
import { feedbackSubmitted } from './views/feedback.js';
import { ideaDeclineSubmitted, ideaSubmitted } from './views/idea.js';
import { programmeFormSubmitted, programmeRemoveSubmitted } from './views/programme.js';
import { projectUpdateSubmitted } from './views/projectUpdate.js';
import { onlyViewsKoersOpened } from './views/sealed.js';

/**
 * A listener typed for the payload it handles. The tables below hold listeners of several payload
 * types; the router has matched the kind of payload and its id before a listener is called, so each
 * gets the payload it expects.
 */
// biome-ignore lint/suspicious/noExplicitAny: the table's entries take different Bolt argument types
type Listener = (args: any) => Promise<void>;

/** What Bolt's authorisation put on a request's context: which installation it came through. */
export type WorkspaceOfRequest = Pick<Context, 'teamId' | 'enterpriseId' | 'isEnterpriseInstall'>;

/** What the router needs of the instance, whichever workspace a request is of. */
export interface ListenerInstance {
  logger: Logger;
  background: BackgroundWork;
  defaultLocale: Locale;
}

/**
 * Every Slack surface Koers listens on, in one place, reached through one Bolt middleware that routes
 * by the kind of payload and a table by id. Bolt runs every registered listener's own middleware chain
 * (its matchers included) for every request: five listeners cost 52–68 µs of CPU per request in Bolt
 * alone, one router 14–19 µs (Bolt's `processEvent` in a loop), a sixth of Koers's CPU per answer.
 *
 * One router serves every workspace: each request's listener comes from its own workspace's table, built
 * on the first request of that workspace with that workspace's services, so a listener only ever holds
 * the database, programme and workers of the workspace Bolt authorised the request for.
 */
export function registerListeners(
  app: App,
  instance: ListenerInstance,
  servicesFor: (workspace: WorkspaceOfRequest) => Promise<SlackServices | null>,
): void {
  const tables = new WeakMap<SlackServices, Routes>();
  const routesOf = (services: SlackServices) => {
    let routes = tables.get(services);
    if (!routes) {
      routes = routesFor(services);
      tables.set(services, routes);
    }
    return routes;
  };
  app.use(async (args) => {
    let services: SlackServices | null;
    try {
      services = await servicesFor(args.context);
    } catch (error) {
      await answerWorkspaceUnavailable(instance, args, error);
      return;
    }
    const listener = services && listenerFor(routesOf(services), args.body, args.payload);
    // Nobody's request goes on through Bolt, which reports it as unhandled when nothing acks it.
    if (!listener) return args.next();
    // A listener's whole run, its work after the answer included, is tracked: a stopping instance waits for it.
    const run = listener(args);
    instance.background.track(run);
    await run;
  });
  app.error(async (error) => {
    // OAuth mode: a request from a workspace whose tokens are gone (uninstalled), acknowledged with nothing.
    if (error.code === 'slack_bolt_authorization_error') {
      instance.logger.warn({ reason: error.message }, 'a request Koers holds no installation for; refused');
      return;
    }
    // Listeners answer their own users; this only catches what slipped through, for the logs.
    instance.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
}

/**
 * A workspace's programme could not be opened (the database away while its schema is first brought up
 * to date). A command is told to try again; a button is acknowledged; a form is not, so Slack keeps it
 * open with what the user typed and says it could not be sent.
 */
async function answerWorkspaceUnavailable(
  instance: ListenerInstance,
  args: AnyMiddlewareArgs & { context: Context },
  error: unknown,
): Promise<void> {
  instance.logger.warn(
    { err: error, teamId: args.context.teamId, enterpriseId: args.context.enterpriseId },
    "a workspace's programme could not be opened; the request is answered with try again later",
  );
  const body = args.body as { type?: unknown; command?: unknown };
  const ack = 'ack' in args ? (args.ack as (answer?: object) => Promise<void>) : null;
  if (!ack || body.type === 'view_submission') return;
  await ack(
    typeof body.command === 'string'
      ? { response_type: 'ephemeral', text: messages(instance.defaultLocale).databaseUnavailable }
      : undefined,
  );
}

/** Every Slack surface Koers listens on, wired to one workspace's services. */
function routesFor(services: SlackServices): Routes {
  const setUp = setUpRequest(services);
  const withRequest = (listener: Listener) => after(setUp, listener);
  const actions = new Map<string, Listener>([
    [ANSWER_ACTIONS.share, answerButton(services, 'share')],
    [ANSWER_ACTIONS.more, answerButton(services, 'more')],
    [REMINDER_ACTIONS.timeline, reminderTimelineButton(services)],
    [REMINDER_ACTIONS.feedback, reminderFeedbackButton(services)],
    [HOME_ACTIONS.feedback, homeFeedbackButton(services)],
    [HOME_ACTIONS.chooseLibrary, homeChooseLibrary(services)],
    [IDEA_ACTIONS.approve, ideaDecisionButton(services, 'approved')],
    [IDEA_ACTIONS.decline, ideaDecisionButton(services, 'declined')],
    [IDEA_ACTIONS.toProject, ideaToProjectButton(services)],
    [IDEA_LIST_ACTIONS.menu, ideaMenu(services)],
    [DELIVERY_ACTIONS.retry, deliveryRetryButton(services)],
    [NUDGE_ACTIONS.update, nudgeUpdateOpener(services)],
    [NUDGE_ACTIONS.chooseUpdate, nudgeUpdateOpener(services)],
    [ADMIN_ACTIONS.entry, adminEntryMenu(services)],
    [ADMIN_ACTIONS.addPhase, adminAddButton(services)],
    [ADMIN_ACTIONS.addProject, adminAddButton(services)],
    [ADMIN_ACTIONS.addLibrary, adminAddButton(services)],
    [ADMIN_ACTIONS.previous, homePageButton(services, 'admin')],
    [ADMIN_ACTIONS.next, homePageButton(services, 'admin')],
    [IDEA_LIST_ACTIONS.previous, homePageButton(services, 'ideas')],
    [IDEA_LIST_ACTIONS.next, homePageButton(services, 'ideas')],
    [PROGRAMME_FILE_ACTIONS.import, programmeFileButton(services, 'import')],
    [PROGRAMME_FILE_ACTIONS.importAndRemove, programmeFileButton(services, 'importAndRemove')],
    [PROGRAMME_FILE_ACTIONS.cancel, programmeFileButton(services, 'cancel')],
  ]);
  const views = new Map<string, Listener>([
    [FEEDBACK_CALLBACK, feedbackSubmitted(services)],
    [PROJECT_UPDATE_CALLBACK, projectUpdateSubmitted(services)],
    [IDEA_CALLBACK, ideaSubmitted(services)],
    [IDEA_DECLINE_CALLBACK, ideaDeclineSubmitted(services)],
    [PROGRAMME_CALLBACKS.phase, programmeFormSubmitted(services, 'phase')],
    [PROGRAMME_CALLBACKS.project, programmeFormSubmitted(services, 'project')],
    [PROGRAMME_CALLBACKS.library, programmeFormSubmitted(services, 'library')],
    [PROGRAMME_CALLBACKS.remove, programmeRemoveSubmitted(services)],
  ]);
  return {
    command: new Map([['/project', withRequest(projectCommand(services))]]),
    action: mapValues(actions, withRequest),
    view: mapValues(views, (listener) => withRequest(onlyViewsKoersOpened(services, listener))),
    options: new Map([[SEARCH_OPTIONS_ACTION, searchOptions(services)]]),
    // Only events are retried by Slack; commands and interactions are not, and skip this check.
    event: new Map([
      ['app_home_opened', after(ignoreRetriedEvents(services), withRequest(appHomeOpened(services)))],
      ['pin_removed', after(ignoreRetriedEvents(services), withRequest(pinRemoved(services)))],
      // A file sent to Koers's direct message (`message.im`): the programme file, previewed.
      ['message', after(ignoreRetriedEvents(services), withRequest(directMessageFile(services)))],
    ]),
  };
}

interface Routes {
  command: Map<string, Listener>;
  action: Map<string, Listener>;
  view: Map<string, Listener>;
  options: Map<string, Listener>;
  event: Map<string, Listener>;
}

/**
 * The listener for a request, matched as Bolt's own `app.command`, `app.action`, `app.view` (view
 * submissions only), `app.options` and `app.event` match: `payload` is what Bolt made of the body (the
 * first action of a block_actions, the view of a submission, the event of an event_callback).
 */
function listenerFor(
  routes: Routes,
  body: AnyMiddlewareArgs['body'],
  payload: unknown,
): Listener | undefined {
  const field = (name: string) => {
    const value = (payload as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' ? value : '';
  };
  if ('command' in body && typeof body.command === 'string') return routes.command.get(body.command);
  switch ((body as { type?: unknown }).type) {
    case 'block_actions':
      return routes.action.get(field('action_id'));
    case 'view_submission':
      return routes.view.get(field('callback_id'));
    case 'block_suggestion':
      return routes.options.get(field('action_id'));
    case 'event_callback':
      return routes.event.get(field('type'));
    default:
      return undefined;
  }
}

/** `listener` behind `middleware`, as Bolt runs a listener's own middleware before it. */
function after(middleware: Middleware<AnyMiddlewareArgs>, listener: Listener): Listener {
  return async (args) => {
    await middleware({ ...args, next: () => listener(args) });
  };
}

function mapValues<V>(map: Map<string, V>, change: (value: V) => V): Map<string, V> {
  return new Map([...map].map(([key, value]) => [key, change(value)]));
}
