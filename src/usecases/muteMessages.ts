import type { Database } from '../db/client.js';
import { muteUntil, unmute } from '../db/muteRepository.js';
import { muteEndsAt, parseMuteRequest } from '../domain/mute.js';
import type { IsoDate } from '../domain/programme.js';
import { dayInZone } from '../domain/timeline.js';

export type MuteResult =
  | { kind: 'muted'; lastDay: IsoDate }
  | { kind: 'unmuted'; wasMuted: boolean }
  | { kind: 'invalid'; reason: 'shape' | 'past' | 'tooLong' };

/**
 * `/project stil …` for oneself: anyone may mute Koers's nudges and other non-essential direct
 * messages, or lift the mute. The day is read in the programme's time zone.
 */
export async function muteMessages(
  db: Database,
  request: { userId: string; args: string; timezone: string; now: Date },
): Promise<MuteResult> {
  const { now, timezone } = request;
  const asked = parseMuteRequest(request.args, dayInZone(now, timezone));
  if (asked.kind === 'invalid') return asked;
  if (asked.kind === 'off') return { kind: 'unmuted', wasMuted: await unmute(db, request.userId, now) };
  await muteUntil(db, request.userId, muteEndsAt(asked.lastDay, timezone), now);
  return { kind: 'muted', lastDay: asked.lastDay };
}
