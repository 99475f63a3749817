import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ModalView } from '@slack/types';

/*
 * A modal Koers opened carries a seal in its private_metadata: an HMAC, keyed by the signing secret, over
 * the modal's callback_id, the user it was opened for and the metadata it holds. A submission whose seal
 * does not match is of no view Koers opened for that user (a made-up view id, a view of another app, a
 * form copied to another user) and is refused before any listener reads it. Stateless: every instance
 * checks the seals of the others, and a modal left open across a restart still sends.
 */

/** 128 bits of HMAC-SHA256 in base64url: 22 characters, then a dot, then the metadata. */
const SEAL_LENGTH = 22;

function sealOf(key: string, callbackId: string, userId: string, metadata: string): string {
  return createHmac('sha256', key)
    .update(`koers-view\n${callbackId}\n${userId}\n${metadata}`)
    .digest('base64url')
    .slice(0, SEAL_LENGTH);
}

/** The view with its private_metadata sealed for `userId`; what the listener reads back is unchanged. */
export function sealView(key: string, view: ModalView, userId: string): ModalView {
  const metadata = view.private_metadata ?? '';
  const seal = sealOf(key, view.callback_id ?? '', userId, metadata);
  return { ...view, private_metadata: `${seal}.${metadata}` };
}

/** The metadata Koers put in a view it opened for `userId`; null when the seal is missing or wrong. */
export function unsealViewMetadata(
  key: string,
  privateMetadata: string | undefined,
  callbackId: string,
  userId: string,
): string | null {
  const sealed = privateMetadata ?? '';
  if (sealed.length < SEAL_LENGTH + 1 || sealed[SEAL_LENGTH] !== '.') return null;
  const metadata = sealed.slice(SEAL_LENGTH + 1);
  const expected = Buffer.from(sealOf(key, callbackId, userId, metadata));
  const given = Buffer.from(sealed.slice(0, SEAL_LENGTH));
  return given.length === expected.length && timingSafeEqual(given, expected) ? metadata : null;
}
