import type { adminsNl } from './adminsNl.js';

export const adminsEn: typeof adminsNl = {
  list: (stored, seeded) =>
    `*Admins*: ${[stored, seeded && `${seeded} (ADMIN_USER_IDS on the server)`].filter(Boolean).join(', ')}`,
  none: 'There are no admins yet. Put one in `ADMIN_USER_IDS` on the server.',
  usage:
    'Usage: `/project admins` (who they are), `/project admins add @someone` or `/project admins remove @someone` (admins only). Pick the person from the list Slack shows when you type @.',
  added: (user) => `<@${user}> is now an admin of the programme.`,
  alreadyAdmin: (user) => `<@${user}> is an admin already.`,
  removed: (user) => `<@${user}> is no longer an admin.`,
  notAdmin: (user) => `<@${user}> is not an admin; nothing has changed.`,
  seeded: (user) =>
    `<@${user}> is an admin through \`ADMIN_USER_IDS\` on the server; that is changed there, not in Slack.`,
  last: (user) =>
    `<@${user}> is the last admin: a programme always keeps one. Make someone else an admin first.`,
};
