/**
 * The bot scopes Koers asks for when it is added to a workspace: those of manifest.yml, where each is
 * explained (tests/manifest.test.ts keeps the two the same).
 */
export const BOT_SCOPES = [
  'commands',
  'users:read',
  'chat:write',
  'channels:join',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  'im:history',
  'files:write',
  'files:read',
  'im:write',
  'pins:write',
  'pins:read',
  'canvases:write',
] as const;
