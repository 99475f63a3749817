import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Slack tokens at rest: AES-256-GCM with a key from the environment (KOERS_ENCRYPTION_KEY), so a copy
 * of the database (a backup, a dump on a laptop) holds no token that works. Each sealed value names
 * the key it was sealed with (a short hash of it, which says nothing about the key), so after a
 * rotation the old key (KOERS_ENCRYPTION_KEY_OLD) still opens what it sealed, and everything new is
 * sealed with the new one. The value is bound to its row and column (`context`, the additional
 * authenticated data): a sealed token copied into another installation's row does not open.
 */
export interface TokenCipher {
  seal(plain: string, context: string): string;
  /** Throws when no key of ours sealed it, or when it was changed or moved. */
  open(sealed: string, context: string): string;
  /** True when `sealed` was sealed with the current key; otherwise it wants sealing anew. */
  isCurrent(sealed: string): boolean;
}

export interface TokenKeys {
  current: Buffer;
  previous?: Buffer | undefined;
}

const VERSION = 'k1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class UnreadableTokenError extends Error {
  constructor(reason: string) {
    super(`a sealed token cannot be opened: ${reason}`);
    this.name = 'UnreadableTokenError';
  }
}

export function tokenCipher(keys: TokenKeys): TokenCipher {
  if (keys.current.length !== 32) throw new Error('the encryption key must be 32 bytes');
  const currentId = keyId(keys.current);
  const byId = new Map<string, Buffer>([[currentId, keys.current]]);
  if (keys.previous && !keys.previous.equals(keys.current)) byId.set(keyId(keys.previous), keys.previous);

  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys.current, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, currentId, iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const [version, id, iv, tag, body, ...rest] = sealed.split('.');
      if (version !== VERSION || !id || !iv || !tag || body === undefined || rest.length > 0)
        throw new UnreadableTokenError('not a sealed token');
      const key = byId.get(id);
      if (!key)
        throw new UnreadableTokenError(
          'sealed with a key that is neither KOERS_ENCRYPTION_KEY nor KOERS_ENCRYPTION_KEY_OLD',
        );
      const tagBytes = Buffer.from(tag, 'base64url');
      if (tagBytes.length !== TAG_BYTES) throw new UnreadableTokenError('not a sealed token');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tagBytes);
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new UnreadableTokenError('changed, or sealed for another row');
      }
    },
    isCurrent(sealed) {
      return sealed.split('.')[1] === currentId;
    },
  };
}

function keyId(key: Buffer): string {
  return createHash('sha256').update('koers token key').update(key).digest('base64url').slice(0, 8);
}
