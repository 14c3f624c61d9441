import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * OWASP's Password Storage Cheat Sheet minimum for scrypt: N=2^17 (128 MiB with r=8), r=8, p=1
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt).
 */
export const OWASP_SCRYPT_LOG2_N = 17;
const KEY_BYTES = 32;

type Params = { N: number; r: number; p: number };

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, KEY_BYTES, { ...options, maxmem: 128 * (options.N ?? 0) * (options.r ?? 8) * 2 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * scrypt password hashes as `scrypt$N$r$p$salt$hash` (base64url parts). Each hash records its
 * parameters, so they can change: a hash made with other ones is rehashed at the next login
 * (needsRehash). The cost comes from PASSWORD_SCRYPT_LOG2_N (OWASP's 17 unless a test lowers it).
 */
export class PasswordHasher {
  private readonly params: Params;
  private dummyHash: Promise<string> | undefined;

  constructor(log2N = OWASP_SCRYPT_LOG2_N) {
    this.params = { N: 2 ** log2N, r: 8, p: 1 };
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, this.params);
    return ['scrypt', this.params.N, this.params.r, this.params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  verify(password: string, stored: string): Promise<boolean> {
    return verifyPassword(password, stored);
  }

  /** True when `stored` was hashed with other parameters than today's. */
  needsRehash(stored: string): boolean {
    const [scheme, n, r, p] = stored.split('$');
    return scheme !== 'scrypt' || Number(n) !== this.params.N || Number(r) !== this.params.r || Number(p) !== this.params.p;
  }

  /**
   * Verifies against a hash of a random password, made once with today's parameters: a login for
   * an unknown email then costs what a wrong password costs, so timing does not tell which emails
   * have accounts. Always false.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('base64url'));
    await verifyPassword(password, await this.dummyHash);
    return false;
  }
}
