/**
 * A public (C…) or private (G…) channel's id. Reminders, digests and project updates go to channels
 * people share; a direct message (D…) is no place for them.
 */
export function isChannelId(id: string): boolean {
  return /^[CG][A-Z0-9]+$/.test(id);
}
