import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The feed's address carries a capability token. The database keeps only a random nonce and the token's
 * hash: the token is derived from the nonce with a key that lives in the environment (the Slack signing
 * secret), so Koers can show the address again while a copy of the database alone cannot.
 */

/** 256 random bits; the token derived from it is as unguessable. */
const NONCE_BYTES = 32;
/** Separates this use of the key from Slack's own signatures made with it. */
const DERIVATION_LABEL = 'koers calendar feed token\u0000';

/** A token as it appears in the address: 43 base64url characters (256 bits). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface NewToken {
  token: string;
  nonce: string;
  hash: string;
}

export function newCalendarToken(key: string): NewToken {
  const nonce = randomBytes(NONCE_BYTES).toString('base64url');
  const token = deriveCalendarToken(key, nonce);
  return { token, nonce, hash: hashCalendarToken(token) };
}

export function deriveCalendarToken(key: string, nonce: string): string {
  return createHmac('sha256', key).update(DERIVATION_LABEL).update(nonce).digest('base64url');
}

export function hashCalendarToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token` is the one whose hash is stored; compared in constant time. */
export function isCalendarToken(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashCalendarToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
