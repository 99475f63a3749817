import type { Database } from '../db/client.js';
import { type Idea, proposedIdeas } from '../db/ideaRepository.js';
import { type OwedMessage, undeliveredMessages } from '../db/outboxRepository.js';
import { type Actor, decide, type Refusal } from '../domain/permissions.js';

/** The messages Koers gave up on that an admin is shown beside the ideas, newest first. */
export const UNDELIVERED_SHOWN = 10;

export type PendingIdeasResult =
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'ideas'; ideas: Idea[]; undelivered: OwedMessage[] };

/**
 * The admins' list of proposed ideas still waiting for a decision (`/project ideeën`, the Home, the
 * CLI), with the messages that could not be delivered after every retry, so nothing is lost silently.
 */
export async function listPendingIdeas(db: Database, actor: Actor | 'operator'): Promise<PendingIdeasResult> {
  if (actor !== 'operator') {
    const decision = decide(actor, { kind: 'viewPendingIdeas' });
    if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  }
  return {
    kind: 'ideas',
    ideas: await proposedIdeas(db),
    undelivered: await undeliveredMessages(db, UNDELIVERED_SHOWN),
  };
}
