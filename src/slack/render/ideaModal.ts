import type { KnownBlock, ModalView } from '@slack/types';
import type { Idea } from '../../db/ideaRepository.js';
import type { Library, Project } from '../../domain/programme.js';
import { MAX_IDEA_DESCRIPTION, MAX_IDEA_THEME, MAX_IDEA_TITLE } from '../../domain/projectForms.js';
import { type Locale, messages } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import {
  actions,
  button,
  context,
  fields,
  header,
  input,
  modal,
  multiSearchSelect,
  multiSelect,
  option,
  SLACK_LIMITS,
  section,
  textInput,
  truncate,
} from '../blocks/index.js';
import type { HomePages } from '../homePages.js';
import type { SlackMessage } from './answerLayout.js';
import { SEARCH_OPTIONS_ACTION } from './feedbackModal.js';

export const IDEA_CALLBACK = 'idea';
/** The confirmation of declining an idea from the admins' Home. */
export const IDEA_DECLINE_CALLBACK = 'idea_decline';
/** One action id per input: the block_id (title, description, theme, libraries) says which field it is. */
export const IDEA_ACTION = 'value';
export const IDEA_ACTIONS = {
  approve: 'idea_approve',
  decline: 'idea_decline',
  /** Opens the project form filled in from the idea; saving makes the project and decides the idea. */
  toProject: 'idea_to_project',
} as const;

/** The idea form: title, description, theme and the libraries interested. */
export function renderIdeaModal(libraries: Library[], locale: Locale): ModalView {
  const m = messages(locale);
  const blocks: KnownBlock[] = [
    section(m.ideaIntro),
    input('title', m.ideaTitleLabel, textInput(IDEA_ACTION, { maxLength: MAX_IDEA_TITLE })),
    input(
      'description',
      m.ideaDescriptionLabel,
      textInput(IDEA_ACTION, { multiline: true, maxLength: MAX_IDEA_DESCRIPTION }),
    ),
    input('theme', m.ideaThemeLabel, textInput(IDEA_ACTION, { maxLength: MAX_IDEA_THEME }), {
      optional: true,
    }),
  ];
  if (libraries.length > 0) {
    // Past Slack's 100 static options the libraries are searched as the user types (app.options).
    const element =
      libraries.length <= SLACK_LIMITS.selectOptions
        ? multiSelect(
            IDEA_ACTION,
            libraries.map((library) => option(library.name, library.code)),
          )
        : multiSearchSelect(SEARCH_OPTIONS_ACTION, SLACK_LIMITS.selectOptions);
    blocks.push(input('libraries', m.ideaLibrariesLabel, element, { optional: true }));
  }
  return modal({
    callbackId: IDEA_CALLBACK,
    title: m.ideaModalTitle,
    submit: m.submit,
    close: m.close,
    blocks,
  });
}

/**
 * The confirmation a decline from the Home asks for: the idea, who hears of it, and a red Decline. The
 * metadata carries the idea and the Home's pages, to show the Home again where the admin was.
 */
export function renderIdeaDeclineModal(idea: Idea, pages: HomePages, locale: Locale): ModalView {
  const m = messages(locale);
  return modal({
    callbackId: IDEA_DECLINE_CALLBACK,
    title: m.ideaDeclineTitle,
    submit: m.ideaDecline,
    close: m.close,
    privateMetadata: JSON.stringify({ idea: idea.id, pages }),
    blocks: [section(m.ideaDeclineConfirm(esc(idea.title), idea.proposedBy))],
  });
}

/** The idea's own words and facts, as every message about it shows them. */
function ideaBlocks(idea: Idea, libraryNames: ReadonlyMap<string, string>, locale: Locale): KnownBlock[] {
  const m = messages(locale);
  const facts = [
    ...(idea.theme ? [`*${m.ideaThemeLabel}:*\n${esc(idea.theme)}`] : []),
    ...(idea.libraryCodes.length > 0
      ? [
          `*${m.ideaLibrariesLabel}:*\n${idea.libraryCodes.map((code) => esc(libraryNames.get(code) ?? code)).join(', ')}`,
        ]
      : []),
  ];
  return [
    section(`*${esc(idea.title)}*\n${esc(idea.description)}`),
    ...(facts.length > 0 ? [fields(facts)] : []),
    context([m.ideaProposedBy(idea.proposedBy)]),
  ];
}

/** The projects an idea shares its name with, as a warning names them: `*Effectmeting* (`effectmeting`)`. */
function namedProjects(projects: readonly Pick<Project, 'slug' | 'name'>[]): string {
  return projects.map((project) => `*${esc(project.name)}* (\`${project.slug}\`)`).join(', ');
}

function sameNameWarning(sameName: readonly Pick<Project, 'slug' | 'name'>[], locale: Locale): KnownBlock[] {
  return sameName.length > 0 ? [section(`⚠️ ${messages(locale).ideaSameName(namedProjects(sameName))}`)] : [];
}

/** What the modal turns into after a stored idea; a warning when a project has its name already. */
export function renderIdeaSaved(
  idea: Idea,
  libraryNames: ReadonlyMap<string, string>,
  sameName: readonly Pick<Project, 'slug' | 'name'>[],
  locale: Locale,
): ModalView {
  const m = messages(locale);
  return modal({
    callbackId: 'idea_saved',
    title: m.ideaSavedTitle,
    close: m.close,
    blocks: [
      section(m.ideaSaved(esc(idea.title))),
      ...sameNameWarning(sameName, locale),
      ...ideaBlocks(idea, libraryNames, locale),
    ],
  });
}

/** The direct message each admin gets: the idea, and buttons to approve or decline it. */
export function renderIdeaForAdmin(
  idea: Idea,
  libraryNames: ReadonlyMap<string, string>,
  sameName: readonly Pick<Project, 'slug' | 'name'>[],
  locale: Locale,
): SlackMessage {
  const m = messages(locale);
  const value = String(idea.id);
  return {
    text: truncate(`${m.ideaAdminTitle}: ${esc(idea.title)}`, SLACK_LIMITS.fallbackText),
    blocks: [
      header(m.ideaAdminTitle),
      ...ideaBlocks(idea, libraryNames, locale),
      ...sameNameWarning(sameName, locale),
      actions(
        [
          button({ text: m.ideaApprove, actionId: IDEA_ACTIONS.approve, value, style: 'primary' }),
          button({ text: m.ideaDecline, actionId: IDEA_ACTIONS.decline, value, style: 'danger' }),
          button({ text: m.admin.toProject, actionId: IDEA_ACTIONS.toProject, value }),
        ],
        'idea_decision',
      ),
    ],
  };
}

/**
 * The admin's message once the idea is decided: no buttons any more, who decided what, and for an
 * approved idea named like another project, which slug is which.
 */
export function renderIdeaDecided(
  idea: Idea,
  libraryNames: ReadonlyMap<string, string>,
  alreadyDecided: boolean,
  sameName: readonly Pick<Project, 'slug' | 'name'>[],
  locale: Locale,
): SlackMessage {
  const m = messages(locale);
  const approved = m.ideaApprovedBy(idea.decidedBy ?? '', idea.projectSlug ?? '');
  const verdict =
    idea.status === 'approved'
      ? sameName.length > 0
        ? `${approved}\n⚠️ ${m.ideaApprovedSameName(idea.projectSlug ?? '', namedProjects(sameName))}`
        : approved
      : m.ideaDeclinedBy(idea.decidedBy ?? '');
  return {
    text: truncate(`${esc(idea.title)}: ${verdict}`, SLACK_LIMITS.fallbackText),
    blocks: [
      header(m.ideaAdminTitle),
      ...ideaBlocks(idea, libraryNames, locale),
      section(alreadyDecided ? `${m.ideaAlreadyDecided}\n${verdict}` : verdict),
    ],
  };
}

/** The direct message to whoever proposed the idea, once it is decided. */
export function renderIdeaDecisionForProposer(idea: Idea, locale: Locale): SlackMessage {
  const m = messages(locale);
  const text =
    idea.status === 'approved'
      ? m.ideaApprovedForProposer(esc(idea.title), idea.projectSlug ?? '')
      : m.ideaDeclinedForProposer(esc(idea.title));
  return { text: truncate(text, SLACK_LIMITS.fallbackText), blocks: [section(text)] };
}
