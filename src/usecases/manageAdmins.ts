import { addStoredAdmin, removeStoredAdmin, storedAdminIds } from '../db/peopleRepository.js';
import { decide, type Refusal } from '../domain/permissions.js';
import type { UseCaseContext } from './context.js';

export type AdminRequest =
  | { kind: 'list' }
  | { kind: 'add'; userId: string }
  | { kind: 'remove'; userId: string };

export type AdminOutcome =
  | { kind: 'refused'; refusal: Refusal }
  /** Who the admins are: those kept in Slack, and those the server's ADMIN_USER_IDS names. */
  | { kind: 'list'; stored: string[]; seeded: string[] }
  | { kind: 'added'; userId: string }
  | { kind: 'alreadyAdmin'; userId: string }
  | { kind: 'removed'; userId: string }
  | { kind: 'notAdmin'; userId: string }
  /** An admin by the server's ADMIN_USER_IDS: changed there, not from Slack. */
  | { kind: 'seeded'; userId: string }
  /** The only admin left: a programme always keeps one. */
  | { kind: 'last'; userId: string };

/**
 * `/project beheerder` (`admin`): who the admins are, for everyone; making someone an admin or taking it
 * off, for admins, never leaving the programme without one. ADMIN_USER_IDS stays the server's list, the
 * first admins of a new installation; those admins are changed there.
 */
export async function manageAdmins(
  context: UseCaseContext,
  request: { actorId: string; action: AdminRequest },
): Promise<AdminOutcome> {
  const { action } = request;
  const seeded = [...context.configuredAdminIds];
  if (action.kind === 'list') {
    const stored = (await storedAdminIds(context.db)).filter((id) => !seeded.includes(id));
    return { kind: 'list', stored, seeded };
  }

  const decision = decide(await context.actorFor(request.actorId), { kind: 'manageAdmins' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  const { userId } = action;
  if (action.kind === 'add') {
    if (seeded.includes(userId)) return { kind: 'alreadyAdmin', userId };
    return (await addStoredAdmin(context.db, userId, request.actorId, context.now()))
      ? { kind: 'added', userId }
      : { kind: 'alreadyAdmin', userId };
  }
  if (seeded.includes(userId)) return { kind: 'seeded', userId };
  const removed = await removeStoredAdmin(
    context.db,
    userId,
    (storedLeft) => storedLeft.length + seeded.length > 0,
  );
  if (removed === 'notStored') return { kind: 'notAdmin', userId };
  if (removed === 'last') return { kind: 'last', userId };
  return { kind: 'removed', userId };
}
