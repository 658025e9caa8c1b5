import { z } from 'zod';

/** Sortable unique ids (ULID): time-ordered, so the log's id order follows creation order on one station. */
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'expected a ULID');
export type Ulid = z.infer<typeof Ulid>;

/** Ids of objects that may come from an imported ledger keep their own key, within a safe alphabet. */
export const ObjectId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an id of letters, digits, _ or -');
export type ObjectId = z.infer<typeof ObjectId>;

const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Every pair of base-32 digits, so ten bits are written with one lookup. */
const PAIRS = Array.from({ length: 1024 }, (_, i) => ENCODING.charAt(i >> 5) + ENCODING.charAt(i & 31));
const pair = (n: number) => PAIRS[n];
const TIME_MAX = 2 ** 48 - 1;
const TWO_20 = 2 ** 20;
const TWO_30 = 2 ** 30;
const TWO_40 = 2 ** 40;

/** 20 bits as four base-32 digits. */
const digits4 = (n: number) => pair(n >>> 10) + pair(n & 1023);
/** 40 bits as eight base-32 digits. */
const digits8 = (n: number) => digits4(Math.floor(n / TWO_20)) + digits4(n % TWO_20);
/** A 40-bit number from five random bytes. */
const bits40 = (b: Uint8Array, at: number) =>
  (b[at] ?? 0) * 2 ** 32 +
  ((((b[at + 1] ?? 0) << 24) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 8) | (b[at + 4] ?? 0)) >>> 0);

function encodeTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > TIME_MAX) throw new Error(`cannot encode ${ms} as a ULID time`);
  const high = Math.floor(ms / TWO_30); // 18 bits, as four digits
  const low = ms % TWO_30; // 30 bits, as six digits
  return digits4(high) + pair(low >>> 20) + pair((low >>> 10) & 1023) + pair(low & 1023);
}

const cryptoRandom = (bytes: Uint8Array) => globalThis.crypto.getRandomValues(bytes);

/**
 * A monotonic ULID source, as the `ulid` package's monotonicFactory: within one millisecond (or when
 * the clock steps back) the 80-bit random part of the last id is incremented, otherwise it is drawn
 * afresh. Kept as two 40-bit numbers and written with a digit-pair table: a batch of events takes one
 * id each, and the package's string increment and per-character random draws were a visible share of
 * an append.
 */
export function ulidFactory(
  fillRandom: (bytes: Uint8Array) => unknown = cryptoRandom,
): (nowMs?: number) => Ulid {
  let lastTime = 0;
  let timeText = '';
  let high = 0;
  let highText = '';
  let low = 0;
  const bytes = new Uint8Array(10);
  return (nowMs) => {
    const seed = !nowMs || Number.isNaN(nowMs) ? Date.now() : nowMs;
    if (seed <= lastTime && timeText !== '') {
      low += 1;
      if (low === TWO_40) {
        low = 0;
        high += 1;
        if (high === TWO_40) throw new Error('ULID random part overflowed within one millisecond');
        highText = digits8(high);
      }
    } else {
      timeText = encodeTime(seed);
      lastTime = seed;
      fillRandom(bytes);
      high = bits40(bytes, 0);
      highText = digits8(high);
      low = bits40(bytes, 5);
    }
    return timeText + highText + digits8(low);
  };
}

const nextUlid = ulidFactory();
export const newId = (nowMs?: number): Ulid => nextUlid(nowMs);
