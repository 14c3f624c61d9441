import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';

/**
 * OWASP's Password Storage Cheat Sheet minimum for scrypt: N=2^17 (128 MiB with r=8), r=8, p=1
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt).
 */
export const OWASP_SCRYPT_LOG2_N = 17;
const KEY_BYTES = 32;

/**
 * scrypt computations one process runs at once. Each holds N * r * 128 bytes (128 MiB at OWASP's
 * cost) outside the JavaScript heap for as long as it runs, on libuv's pool of 4 threads: unbounded,
 * a burst of logins took 512 MiB and every thread the pool has, so PostgreSQL connects, DNS lookups
 * and file reads queued behind passwords. Two keep the memory at 256 MiB and two threads free; on 2
 * cores a burst is done no later, since scrypt is CPU-bound.
 */
export const MAX_CONCURRENT_SCRYPT = 2;

type Params = { N: number; r: number; p: number };

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, KEY_BYTES, { ...options, maxmem: 128 * (options.N ?? 0) * (options.r ?? 8) * 2 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * scrypt password hashes as `scrypt$N$r$p$salt$hash` (base64url parts). Each hash records its
 * parameters, so they can change: a hash made with other ones is rehashed at the next login
 * (needsRehash). The cost comes from PASSWORD_SCRYPT_LOG2_N (OWASP's 17 unless a test lowers it).
 */
export class PasswordHasher {
  private readonly params: Params;
  private dummyHash: Promise<string> | undefined;
  private readonly limit: LimitFunction = pLimit(MAX_CONCURRENT_SCRYPT);

  constructor(log2N = OWASP_SCRYPT_LOG2_N) {
    this.params = { N: 2 ** log2N, r: 8, p: 1 };
  }

  /** scrypt computations running now, and waiting for their turn. */
  get load(): { running: number; waiting: number } {
    return { running: this.limit.activeCount, waiting: this.limit.pendingCount };
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await this.limit(() => scrypt(password, salt, this.params));
    return ['scrypt', this.params.N, this.params.r, this.params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64url');
    const actual = await this.limit(() => scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
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
    await this.verify(password, await this.dummyHash);
    return false;
  }
}
