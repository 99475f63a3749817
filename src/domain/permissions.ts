import type { Project } from './programme.js';

/**
 * Who may change what, decided in one place and always on the server, in the handler that writes:
 * a hidden button is a courtesy, not a permission.
 */
export interface Actor {
  userId: string;
  /** In ADMIN_USER_IDS or the admins table. */
  isAdmin: boolean;
  /** The library the user speaks for, or null for someone who has not said. */
  libraryCode: string | null;
}

export type Action =
  | { kind: 'chooseOwnLibrary' }
  | { kind: 'setLibraryOfOther' }
  | { kind: 'submitFeedback'; libraryCode: string }
  | { kind: 'updateProject'; project: Pick<Project, 'allLibraries' | 'partners'> }
  | { kind: 'linkProject' }
  | { kind: 'proposeIdea' }
  | { kind: 'decideIdea' }
  | { kind: 'viewPendingIdeas' }
  | { kind: 'manageSubscriptions' }
  | { kind: 'exportFeedback' }
  | { kind: 'exportProgramme' }
  | { kind: 'importProgrammeFile' }
  | { kind: 'manageAdmins' }
  | { kind: 'viewFeedbackCoverage' }
  | { kind: 'viewDeliveryLog' }
  | { kind: 'retryDelivery' }
  /** Adding, changing or removing anything the programme file holds, from Slack, a file or the CLI. */
  | { kind: 'changeProgramme' }
  | { kind: 'viewProgrammeChanges' };

export type Refusal =
  /** Only the programme's admins may do this. */
  | 'adminsOnly'
  /** The user must first say which library they are from. */
  | 'noLibrary'
  /** The user speaks for another library than the one concerned. */
  | 'otherLibrary'
  /** A user chooses their library once; changing it is for an admin. */
  | 'libraryAlreadyChosen'
  /** Linking someone else to a library is for the admins. */
  | 'othersAdminsOnly';

export type Decision = { allowed: true } | { allowed: false; refusal: Refusal };

const allow: Decision = { allowed: true };
const refuse = (refusal: Refusal): Decision => ({ allowed: false, refusal });

export function decide(actor: Actor, action: Action): Decision {
  if (actor.isAdmin) return allow;
  switch (action.kind) {
    case 'proposeIdea':
      return allow;
    case 'chooseOwnLibrary':
      return actor.libraryCode === null ? allow : refuse('libraryAlreadyChosen');
    case 'submitFeedback':
      if (actor.libraryCode === null) return refuse('noLibrary');
      return actor.libraryCode === action.libraryCode ? allow : refuse('otherLibrary');
    case 'updateProject': {
      if (actor.libraryCode === null) return refuse('noLibrary');
      const { project } = action;
      const isPartner =
        project.allLibraries || project.partners.some((partner) => partner.libraryCode === actor.libraryCode);
      return isPartner ? allow : refuse('otherLibrary');
    }
    case 'setLibraryOfOther':
      return refuse('othersAdminsOnly');
    case 'linkProject':
    case 'decideIdea':
    case 'viewPendingIdeas':
    case 'manageSubscriptions':
    case 'exportFeedback':
    case 'exportProgramme':
    case 'importProgrammeFile':
    case 'manageAdmins':
    case 'viewFeedbackCoverage':
    case 'viewDeliveryLog':
    case 'retryDelivery':
    case 'changeProgramme':
    case 'viewProgrammeChanges':
      return refuse('adminsOnly');
  }
}
