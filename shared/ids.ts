import { z } from 'zod';
import { monotonicFactory } from 'ulid';

/** Sortable unique ids (ULID): time-ordered, so the log's id order follows creation order on one station. */
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'expected a ULID');
export type Ulid = z.infer<typeof Ulid>;

/** Ids of objects that may come from an imported ledger keep their own key, within a safe alphabet. */
export const ObjectId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an id of letters, digits, _ or -');
export type ObjectId = z.infer<typeof ObjectId>;

const nextUlid = monotonicFactory();
export const newId = (nowMs?: number): Ulid => nextUlid(nowMs);
