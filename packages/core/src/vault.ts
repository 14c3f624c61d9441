import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

export type VaultKeys = { currentVersion: number; keys: Map<number, Buffer> };

/** Where a ciphertext is stored. It is bound to exactly that place: another row or column fails to decrypt. */
export type SealedField = { table: string; column: string; rowId: string };

/** Payload format 2 binds `table:column:row id`; format 1 (no prefix) bound only the row id. */
const FORMAT_PREFIX = 'f2.';
const associatedData = (field: SealedField) => `${field.table}:${field.column}:${field.rowId}`;

/**
 * Encrypts provider tokens at rest: AES-256-GCM with a random IV, `table:column:row id` as
 * associated data (swapping a row's access and refresh tokens, or copying a ciphertext to another
 * row, fails authentication) and the format and key versions in the payload
 * (`f2.v<key version>.<iv>.<tag>.<ciphertext>`, base64url) so both can change. Format-1 payloads
 * (`v<key version>...`, bound to the row id only) still decrypt; `needsRotation` reports them, so
 * they are rewritten at their next refresh.
 */
export class TokenVault {
  private readonly keys: Map<number, Buffer>;
  private readonly currentVersion: number;

  constructor({ currentVersion, keys }: VaultKeys) {
    if (!keys.has(currentVersion)) throw new VaultError(`no key for current version ${currentVersion}`);
    for (const [version, key] of keys) {
      if (key.length !== 32) throw new VaultError(`key version ${version} must be 32 bytes, got ${key.length}`);
    }
    this.keys = keys;
    this.currentVersion = currentVersion;
  }

  /** Builds a vault from `TOKEN_ENCRYPTION_KEY` (base64), its version and "version:key,..." older keys. */
  static fromConfig(config: {
    TOKEN_ENCRYPTION_KEY: string;
    TOKEN_ENCRYPTION_KEY_VERSION: number;
    TOKEN_ENCRYPTION_PREVIOUS_KEYS: string;
  }): TokenVault {
    const keys = new Map<number, Buffer>();
    for (const entry of config.TOKEN_ENCRYPTION_PREVIOUS_KEYS.split(',').filter(Boolean)) {
      const [version, key] = entry.split(':');
      if (!version || !key || !/^\d+$/.test(version)) {
        throw new VaultError('TOKEN_ENCRYPTION_PREVIOUS_KEYS must look like "1:base64key,2:base64key"');
      }
      keys.set(Number(version), Buffer.from(key, 'base64'));
    }
    keys.set(config.TOKEN_ENCRYPTION_KEY_VERSION, Buffer.from(config.TOKEN_ENCRYPTION_KEY, 'base64'));
    return new TokenVault({ currentVersion: config.TOKEN_ENCRYPTION_KEY_VERSION, keys });
  }

  encrypt(plaintext: string, field: SealedField): string {
    const key = this.keys.get(this.currentVersion)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData(field), 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return `${FORMAT_PREFIX}v${this.currentVersion}.${parts.join('.')}`;
  }

  decrypt(payload: string, field: SealedField): string {
    const current = payload.startsWith(FORMAT_PREFIX);
    const aad = current ? associatedData(field) : field.rowId;
    const match = /^v(\d+)\.([\w-]+)\.([\w-]+)\.([\w-]*)$/.exec(current ? payload.slice(FORMAT_PREFIX.length) : payload);
    if (!match) throw new VaultError('malformed ciphertext');
    const [, version, iv, tag, ciphertext] = match as unknown as [string, string, string, string, string];
    const key = this.keys.get(Number(version));
    if (!key) throw new VaultError(`no key for version ${version}`);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError('ciphertext failed authentication (tampered, wrong key, or another row or column)');
    }
  }

  /** True when the payload was written with an older key or format and should be re-encrypted. */
  needsRotation(payload: string): boolean {
    return !payload.startsWith(`${FORMAT_PREFIX}v${this.currentVersion}.`);
  }
}
