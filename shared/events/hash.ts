import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Canonical JSON: keys sorted at every depth, no whitespace, undefined members dropped.
 * The same value always gives the same bytes, on every station and the hub.
 *
 * Written as plain loops with string appends: every event is serialised once per append, and the
 * entries/filter/sort/map version allocated several arrays per object level (a large share of the
 * store's append time, and of its garbage). Small key lists are sorted in place (see sortInPlace).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in event');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return arrayJson(value);
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  sortInPlace(keys);
  let out = '';
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    const prefix = keyPrefix(key);
    out += out === '' ? prefix.first : prefix.next;
    out += typeof member === 'string' ? JSON.stringify(member) : canonicalJson(member);
  }
  return out === '' ? '{}' : `${out}}`;
}

/** Up to this many keys an insertion sort is used; a larger object (a dictionary) takes the built-in sort. */
const INSERTION_SORT_MAX = 16;

/**
 * Sort keys by UTF-16 code units, as Array.prototype.sort does, in place: an event's objects have a
 * handful of keys, often already in order, and the built-in sort allocated a work array for every one.
 */
function sortInPlace(keys: string[]): void {
  if (keys.length > INSERTION_SORT_MAX) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i += 1) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && key < (keys[j])) {
      keys[j + 1] = keys[j];
      j -= 1;
    }
    keys[j + 1] = key;
  }
}

/**
 * Field names repeat in every event of a type, so their quoted form is kept. Bounded in count and
 * length: keys of untrusted input (a dictionary payload) can neither grow it nor fill it with large text.
 */
const keyPrefixes = new Map<string, { first: string; next: string }>();
const MAX_QUOTED_KEYS = 4_096;
const MAX_QUOTED_KEY_LENGTH = 64;

/** A member's text up to its value: `{"key":` when it opens the object, `,"key":` after another. */
function keyPrefix(key: string): { first: string; next: string } {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    const quoted = JSON.stringify(key);
    prefix = { first: `{${quoted}:`, next: `,${quoted}:` };
    if (key.length <= MAX_QUOTED_KEY_LENGTH && keyPrefixes.size < MAX_QUOTED_KEYS) keyPrefixes.set(key, prefix);
  }
  return prefix;
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
