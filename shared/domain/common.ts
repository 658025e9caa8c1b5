import { z } from 'zod';

/** Text limits: generous for a duty room, small enough that nothing floods the log. */
export const ShortText = z.string().trim().min(1).max(200);
export const LongText = z.string().max(8000);
export const PhoneNumber = z.string().regex(/^[0-9+\-() ]{3,32}$/, 'expected a phone number');

export const GeoPoint = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

export const Count = z.number().int().min(0).max(10_000_000);

/** The person behind an action: who pressed the key, as recorded in the log. */
export const Actor = z.object({
  id: z.string().min(1).max(64),
  name: z.string().max(100).optional(),
  role: z.enum(['officer', 'leader', 'reporter', 'commander', 'system', 'feed']).optional(),
});
export type Actor = z.infer<typeof Actor>;

export const Person = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: ShortText,
  unit: ShortText.optional(),
  department: ShortText.optional(),
  role: ShortText.optional(),
  phones: z.array(PhoneNumber).max(5).default([]),
});
export type Person = z.infer<typeof Person>;
