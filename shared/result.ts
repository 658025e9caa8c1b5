import type { DomainError } from './errors';

/** Outcome of a domain decision: a value, or the list of reasons it was refused. */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: DomainError[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...errors: DomainError[]): Result<T> => ({ ok: false, errors });
