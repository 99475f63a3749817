import type { Database } from '../db/client.js';
import {
  type InstallTarget,
  installKeyOf,
  type Revocation,
  removeRevokedTokens,
} from '../db/installationRepository.js';

export type RevocationResult =
  | { kind: 'removed'; key: string }
  /** Nothing held any more (a retry of the event), or the workspace installed Koers again since. */
  | { kind: 'nothing'; key: string }
  | { kind: 'noTarget' };

/**
 * Slack told Koers its tokens in a workspace are revoked (`tokens_revoked`) or that it was uninstalled
 * there (`app_uninstalled`): the tokens go at once, so nothing is ever sent with them again. The
 * installation's data stays until it is purged (not yet: issue 22, item 3).
 */
export async function forgetRevokedTokens(
  db: Database,
  request: { target: InstallTarget; revoked: Revocation; revokedAt: Date; now: Date },
): Promise<RevocationResult> {
  const key = installKeyOf(request.target);
  if (!key) return { kind: 'noTarget' };
  const removed = await removeRevokedTokens(db, key, request.revoked, request.revokedAt, request.now);
  return { kind: removed > 0 ? 'removed' : 'nothing', key };
}
