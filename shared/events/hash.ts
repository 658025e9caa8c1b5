import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Canonical JSON: keys sorted at every depth, no whitespace, undefined members dropped.
 * The same value always gives the same bytes, on every station and the hub.
 *
 * Written as plain loops with string appends: every event is serialised once per append, and the
 * entries/filter/sort/map version allocated several arrays per object level (a large share of the
 * store's append time, and of its garbage). Keys are only sorted when they are not already in order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in event');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return arrayJson(value);
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  let previous = '';
  for (const key of keys) {
    if (key < previous) {
      keys.sort();
      break;
    }
    previous = key;
  }
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    out += `${first ? '' : ','}${quotedKey(key)}:${typeof member === 'string' ? JSON.stringify(member) : canonicalJson(member)}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * Field names repeat in every event of a type, so their quoted form is kept. Bounded in count and
 * length: keys of untrusted input (a dictionary payload) can neither grow it nor fill it with large text.
 */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 4_096;
const MAX_QUOTED_KEY_LENGTH = 64;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (key.length <= MAX_QUOTED_KEY_LENGTH && quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function arrayJson(array: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i += 1) {
    if (i > 0) out += ',';
    const item = array[i];
    // A hole stays empty text (as Array.prototype.join leaves it); an undefined element is null.
    if (item === undefined) out += i in array ? 'null' : '';
    else out += canonicalJson(item);
  }
  return `${out}]`;
}

export const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));

/** A hex SHA-256 of UTF-8 text. Node code passes its native one; the pure default runs anywhere. */
export type HashFn = (text: string) => string;
