import { randomBytes } from 'node:crypto';

// One call to the system's random source per 4 KiB instead of one per id, request id or IV: each call
// costs a few microseconds, several times per request. The bytes are the same CSPRNG output, handed out
// once each.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** `length` (≤ 4096) fresh random bytes, copied out of the pool. */
export function pooledRandomBytes(length: number): Buffer {
  if (length > POOL_SIZE) return randomBytes(length);
  if (poolOffset + length > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + length));
  // Zeroed as handed out, so no byte stays readable in the pool after its use.
  pool.fill(0, poolOffset, poolOffset + length);
  poolOffset += length;
  return bytes;
}

/** One random byte from the pool. */
export function pooledRandomByte(): number {
  if (poolOffset >= pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const byte = pool[poolOffset]!;
  pool[poolOffset++] = 0;
  return byte;
}

/** A request id, `req_` + 24 hex digits (96 random bits). */
export function newRequestId(): string {
  return `req_${pooledRandomBytes(12).toString('hex')}`;
}
