import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenVault, VaultError } from './vault.ts';

const key = () => randomBytes(32).toString('base64');
const vaultWith = (current: { version: number; key: string }, previous: { version: number; key: string }[] = []) =>
  TokenVault.fromConfig({
    TOKEN_ENCRYPTION_KEY: current.key,
    TOKEN_ENCRYPTION_KEY_VERSION: current.version,
    TOKEN_ENCRYPTION_PREVIOUS_KEYS: previous.map((p) => `${p.version}:${p.key}`).join(','),
  });

const ROW_ID = '6a3c1c1e-1f43-4a53-9f5e-4c2f2d8f7a10';
const ROW = { table: 'user_oauth_accounts', column: 'access_token_encrypted', rowId: ROW_ID };

/** Flips one bit of the base64url part at `index` (0 = iv, 1 = tag, 2 = ciphertext). */
function tamper(payload: string, index: number): string {
  const [format, version, ...parts] = payload.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return [format, version, ...parts].join('.');
}

describe('TokenVault', () => {
  it('round-trips with a fresh IV every time and never contains the plaintext', () => {
    const vault = vaultWith({ version: 1, key: key() });
    const secret = 'ya29.a0AfH6SMB-access-token';
    const a = vault.encrypt(secret, ROW);
    const b = vault.encrypt(secret, ROW);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^f2\.v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain(secret);
    expect(vault.decrypt(a, ROW)).toBe(secret);
    expect(vault.decrypt(b, ROW)).toBe(secret);
    expect(vault.decrypt(vault.encrypt('', ROW), ROW)).toBe('');
  });

  it.each([0, 1, 2])('fails loudly when part %i of the payload is tampered with', (part) => {
    const vault = vaultWith({ version: 1, key: key() });
    const payload = vault.encrypt('refresh-token-value', ROW);
    expect(() => vault.decrypt(tamper(payload, part), ROW)).toThrow(VaultError);
  });

  it('binds the ciphertext to its row: another row id fails', () => {
    const vault = vaultWith({ version: 1, key: key() });
    const payload = vault.encrypt('bot-token', ROW);
    expect(() => vault.decrypt(payload, { ...ROW, rowId: '00000000-0000-4000-8000-000000000000' })).toThrow(VaultError);
  });

  it('fails with the wrong key, an unknown version or a malformed payload', () => {
    const payload = vaultWith({ version: 1, key: key() }).encrypt('token', ROW);
    expect(() => vaultWith({ version: 1, key: key() }).decrypt(payload, ROW)).toThrow(VaultError);
    expect(() => vaultWith({ version: 2, key: key() }).decrypt(payload, ROW)).toThrow(/no key for version 1/);
    expect(() => vaultWith({ version: 1, key: key() }).decrypt('not a payload', ROW)).toThrow(/malformed/);
  });

  it('rotates: old versions still decrypt, new writes use the new key, needsRotation tells them apart', () => {
    const oldKey = { version: 1, key: key() };
    const before = vaultWith(oldKey);
    const legacy = before.encrypt('old-token', ROW);
    expect(before.needsRotation(legacy)).toBe(false);

    const after = vaultWith({ version: 2, key: key() }, [oldKey]);
    expect(after.decrypt(legacy, ROW)).toBe('old-token');
    expect(after.needsRotation(legacy)).toBe(true);
    const rewritten = after.encrypt(after.decrypt(legacy, ROW), ROW);
    expect(rewritten.startsWith('f2.v2.')).toBe(true);
    expect(after.needsRotation(rewritten)).toBe(false);
    // The retired key alone cannot read the new ciphertext.
    expect(() => before.decrypt(rewritten, ROW)).toThrow(VaultError);
  });

  it('rejects keys that are not 32 bytes and malformed previous-key lists', () => {
    expect(() => vaultWith({ version: 1, key: randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
    expect(() =>
      TokenVault.fromConfig({ TOKEN_ENCRYPTION_KEY: key(), TOKEN_ENCRYPTION_KEY_VERSION: 2, TOKEN_ENCRYPTION_PREVIOUS_KEYS: 'garbage' }),
    ).toThrow(VaultError);
  });

  it("binds table:column:row: swapping a row's access and refresh tokens, or tables, fails", () => {
    const vault = vaultWith({ version: 1, key: key() });
    const access = vault.encrypt('access', ROW);
    const refreshField = { ...ROW, column: 'refresh_token_encrypted' };
    expect(() => vault.decrypt(access, refreshField)).toThrow(VaultError);
    expect(() => vault.decrypt(access, { ...ROW, table: 'slack_integrations' })).toThrow(VaultError);
    expect(vault.decrypt(vault.encrypt('refresh', refreshField), refreshField)).toBe('refresh');
  });

  it('still decrypts format 1 (row id only) and reports it for rewriting', () => {
    const raw = randomBytes(32);
    const vault = vaultWith({ version: 1, key: raw.toString('base64') });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', raw, iv);
    cipher.setAAD(Buffer.from(ROW_ID));
    const ct = Buffer.concat([cipher.update('legacy-token', 'utf8'), cipher.final()]);
    const formatOne = `v1.${[iv, cipher.getAuthTag(), ct].map((b) => b.toString('base64url')).join('.')}`;
    expect(vault.decrypt(formatOne, ROW)).toBe('legacy-token');
    expect(vault.needsRotation(formatOne)).toBe(true);
    expect(vault.needsRotation(vault.encrypt('x', ROW))).toBe(false);
  });
});
