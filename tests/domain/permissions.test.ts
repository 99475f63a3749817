import { describe, expect, it } from 'vitest';
import { type Action, type Actor, decide, type Refusal } from '../../src/domain/permissions.js';

/*
 * Every mutating action, and what only some may see, for every kind of user. The library member speaks for AVV; the other member
 * for UTR. The project is Effectmeting (AVV and HGH), the "all" project Nieuwe zoekinterface / NBC+.
 */
const users: Record<string, Actor> = {
  stranger: { userId: 'USTRANGER', isAdmin: false, libraryCode: null },
  member: { userId: 'UMEMBER', isAdmin: false, libraryCode: 'AVV' },
  otherMember: { userId: 'UOTHER', isAdmin: false, libraryCode: 'UTR' },
  admin: { userId: 'UADMIN', isAdmin: true, libraryCode: null },
};

const effectmeting = {
  allLibraries: false,
  partners: [
    { libraryCode: 'AVV', role: 'partner' as const },
    { libraryCode: 'HGH', role: 'partner' as const },
  ],
};
const forAll = { allLibraries: true, partners: [] };

type Expected = 'allow' | Refusal;
const table: [string, Action, Record<keyof typeof users, Expected>][] = [
  [
    'choose own library',
    { kind: 'chooseOwnLibrary' },
    {
      stranger: 'allow',
      member: 'libraryAlreadyChosen',
      otherMember: 'libraryAlreadyChosen',
      admin: 'allow',
    },
  ],
  [
    "set another user's library",
    { kind: 'setLibraryOfOther' },
    {
      stranger: 'othersAdminsOnly',
      member: 'othersAdminsOnly',
      otherMember: 'othersAdminsOnly',
      admin: 'allow',
    },
  ],
  [
    'submit feedback for AVV',
    { kind: 'submitFeedback', libraryCode: 'AVV' },
    { stranger: 'noLibrary', member: 'allow', otherMember: 'otherLibrary', admin: 'allow' },
  ],
  [
    'update Effectmeting',
    { kind: 'updateProject', project: effectmeting },
    { stranger: 'noLibrary', member: 'allow', otherMember: 'otherLibrary', admin: 'allow' },
  ],
  [
    'update a project for all libraries',
    { kind: 'updateProject', project: forAll },
    { stranger: 'noLibrary', member: 'allow', otherMember: 'allow', admin: 'allow' },
  ],
  [
    'link a project to a channel',
    { kind: 'linkProject' },
    { stranger: 'adminsOnly', member: 'adminsOnly', otherMember: 'adminsOnly', admin: 'allow' },
  ],
  [
    'propose an idea',
    { kind: 'proposeIdea' },
    { stranger: 'allow', member: 'allow', otherMember: 'allow', admin: 'allow' },
  ],
  [
    'approve or decline an idea',
    { kind: 'decideIdea' },
    { stranger: 'adminsOnly', member: 'adminsOnly', otherMember: 'adminsOnly', admin: 'allow' },
  ],
  [
    'change channel subscriptions',
    { kind: 'manageSubscriptions' },
    { stranger: 'adminsOnly', member: 'adminsOnly', otherMember: 'adminsOnly', admin: 'allow' },
  ],
  [
    "see every library's feedback coverage",
    { kind: 'viewFeedbackCoverage' },
    { stranger: 'adminsOnly', member: 'adminsOnly', otherMember: 'adminsOnly', admin: 'allow' },
  ],
  [
    'export feedback',
    { kind: 'exportFeedback' },
    { stranger: 'adminsOnly', member: 'adminsOnly', otherMember: 'adminsOnly', admin: 'allow' },
  ],
];

describe('who may change what', () => {
  for (const [actionName, action, expectations] of table) {
    for (const [userKind, expected] of Object.entries(expectations)) {
      it(`${userKind}: ${actionName} → ${expected}`, () => {
        const decision = decide(users[userKind]!, action);
        expect(decision.allowed ? 'allow' : decision.refusal).toBe(expected);
      });
    }
  }
});
