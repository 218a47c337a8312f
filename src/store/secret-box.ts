import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pooledRandomBytes } from '../domain/random-pool.js';

export const DEFAULT_MASTER_KEY_FILE = './data/master.key';

const VERSION = 'v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBoxLoadOptions {
  /** Where `POLYPAY_MASTER_KEY` is read from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Key file used when the env variable is not set (default `./data/master.key`). */
  readonly keyFile?: string;
  /**
   * Whether a missing key file may be created with a new key (default true). False for a database that
   * already holds secrets: a new key could never open them, so a lost key file must be an error.
   */
  readonly createIfMissing?: boolean;
  /** Told about a key file that others than its owner may read (default: a line on stderr). */
  readonly warn?: (message: string) => void;
}

/** Decodes a 32-byte key written as 64 hex digits or as base64; throws a clear error otherwise. */
export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new Error(`${source} must be a 32-byte key written as 64 hex digits or as base64`);
}

/**
 * Credentials at rest (app signing secrets, terminal keys, channel credentials, webhook secrets):
 * AES-256-GCM under one 32-byte master key. A sealed value is `v1:` + base64(iv | tag | ciphertext);
 * the version prefix leaves room for a later key rotation scheme.
 */
export class SecretBox {
  readonly #key: Buffer;
  readonly #source: string;

  private constructor(key: Buffer, source: string) {
    if (key.length !== KEY_BYTES) throw new Error(`master key must be ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = Buffer.from(key);
    this.#source = source;
  }

  /** A box over a given key (tests, tools). */
  static fromKey(key: Buffer | string): SecretBox {
    return new SecretBox(typeof key === 'string' ? parseMasterKey(key, 'master key') : key, 'given key');
  }

  /**
   * The process's box: the key of env `POLYPAY_MASTER_KEY` (hex or base64), else of the key file,
   * which is created (mode 0600, random key) when it does not exist yet.
   */
  static load(options: SecretBoxLoadOptions = {}): SecretBox {
    const env = options.env ?? process.env;
    const fromEnv = env.POLYPAY_MASTER_KEY;
    if (fromEnv !== undefined && fromEnv.trim() !== '') {
      return new SecretBox(parseMasterKey(fromEnv, 'POLYPAY_MASTER_KEY'), 'POLYPAY_MASTER_KEY');
    }
    const file = resolve(options.keyFile ?? DEFAULT_MASTER_KEY_FILE);
    const warn =
      options.warn ?? ((message: string) => process.stderr.write(`polypay: warning: ${message}\n`));
    const key = readOrCreateKeyFile(file, options.createIfMissing ?? true);
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      warn(
        `master key file ${file} is readable by others (mode ${mode.toString(8).padStart(4, '0')}); ` +
          `run: chmod 600 ${file}`,
      );
    }
    return new SecretBox(key, `key file ${file}`);
  }

  /**
   * A 32-byte key for another purpose (e.g. keyed hashes), derived from the master key with HKDF, so
   * that one purpose's key reveals nothing of the master key or of another purpose's.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `polypay:${purpose}`, KEY_BYTES));
  }

  encrypt(plaintext: string): string {
    const iv = pooledRandomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith(VERSION)) {
      throw new Error('cannot decrypt secret: not a v1 sealed value');
    }
    const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES)
      throw new Error('cannot decrypt secret: sealed value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch (err) {
      throw new Error(
        `cannot decrypt secret: wrong master key (using ${this.#source}) or corrupted data; ` +
          'the master key must be the one the secret was encrypted with',
        { cause: err },
      );
    }
  }
}

/** Reads the key file, or creates it with a fresh random key; two processes racing agree on one key. */
function readOrCreateKeyFile(file: string, createIfMissing: boolean): Buffer {
  try {
    return parseMasterKey(readFileSync(file, 'utf8'), `master key file ${file}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (!createIfMissing) {
    throw new Error(
      `master key file ${file} does not exist, but the database already holds secrets sealed with a ` +
        'master key: restore the key file (or set POLYPAY_MASTER_KEY); a new key could not open them',
    );
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  // Write a temporary file, then link it into place: link() fails if the file exists, so a process
  // racing us never reads a half-written key.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return parseMasterKey(readFileSync(file, 'utf8'), `master key file ${file}`);
  } finally {
    rmSync(tmp, { force: true });
  }
}
