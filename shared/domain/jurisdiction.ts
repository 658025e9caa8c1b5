import { z } from 'zod';

/**
 * A node of the government tree, written as its administrative division code trimmed to its level:
 * province "50", city "5001", district/county "500101", township "500101001", village "500101001001".
 * Trimming makes "sees itself and everything below" a prefix test.
 */
export const JurisdictionCode = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'expected a division code of 2, 4, 6, 9 or 12 digits');
export type JurisdictionCode = z.infer<typeof JurisdictionCode>;

export const JurisdictionLevel = z.enum(['province', 'city', 'district', 'township', 'village']);
export type JurisdictionLevel = z.infer<typeof JurisdictionLevel>;

const levelByLength: Record<number, JurisdictionLevel> = {
  2: 'province',
  4: 'city',
  6: 'district',
  9: 'township',
  12: 'village',
};
const parentLength: Record<number, number> = { 4: 2, 6: 4, 9: 6, 12: 9 };

export const levelOf = (code: JurisdictionCode): JurisdictionLevel => levelByLength[code.length] ?? 'village';

/** The node one level up, or null at the top. */
export function parentOf(code: JurisdictionCode): JurisdictionCode | null {
  const len = parentLength[code.length];
  return len === undefined ? null : code.slice(0, len);
}

/** True when `code` is `ancestor` itself or lies below it. */
export const isWithin = (code: JurisdictionCode, ancestor: JurisdictionCode): boolean => code.startsWith(ancestor);

/** Every node from `code` up to the top, nearest first. */
export function ancestorsOf(code: JurisdictionCode): JurisdictionCode[] {
  const chain: JurisdictionCode[] = [];
  for (let c = parentOf(code); c !== null; c = parentOf(c)) chain.push(c);
  return chain;
}
