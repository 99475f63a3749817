import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tokenCipher } from '../../src/db/tokenCipher.js';

const TOKEN = 'xoxb-1234-5678-abcdefghijkl';
const ROW = 'installations/team:T1/bot_token';

describe('tokens sealed at rest', () => {
  it('never hold the token, differ each time, and open again', () => {
    const cipher = tokenCipher({ current: randomBytes(32) });
    const first = cipher.seal(TOKEN, ROW);
    const second = cipher.seal(TOKEN, ROW);
    expect(first).not.toContain(TOKEN);
    expect(first).not.toContain('5678');
    expect(first).not.toBe(second);
    expect(cipher.open(first, ROW)).toBe(TOKEN);
  });

  it('do not open in another row, when changed, or without the key', () => {
    const cipher = tokenCipher({ current: randomBytes(32) });
    const sealed = cipher.seal(TOKEN, ROW);
    expect(() => cipher.open(sealed, 'installations/team:T2/bot_token')).toThrow(/another row/);
    const body = sealed.split('.');
    body[4] = Buffer.from('xoxb-forged').toString('base64url');
    expect(() => cipher.open(body.join('.'), ROW)).toThrow();
    expect(() => tokenCipher({ current: randomBytes(32) }).open(sealed, ROW)).toThrow(
      /KOERS_ENCRYPTION_KEY_OLD/,
    );
  });

  it('after a rotation: the old key still opens, the new one seals', () => {
    const oldKey = randomBytes(32);
    const sealedBefore = tokenCipher({ current: oldKey }).seal(TOKEN, ROW);
    const newKey = randomBytes(32);
    const rotated = tokenCipher({ current: newKey, previous: oldKey });
    expect(rotated.isCurrent(sealedBefore)).toBe(false);
    expect(rotated.open(sealedBefore, ROW)).toBe(TOKEN);
    const sealedAfter = rotated.seal(TOKEN, ROW);
    expect(rotated.isCurrent(sealedAfter)).toBe(true);
    // Once the old key is gone, what the new one sealed still opens; what the old one sealed does not.
    const newOnly = tokenCipher({ current: newKey });
    expect(newOnly.open(sealedAfter, ROW)).toBe(TOKEN);
    expect(() => newOnly.open(sealedBefore, ROW)).toThrow(/KOERS_ENCRYPTION_KEY_OLD/);
  });
});
