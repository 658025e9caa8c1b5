import { z } from 'zod';
import { JurisdictionCode } from '../domain/jurisdiction';
import { fromZodError } from '../errors';
import { fail, ok, type Result } from '../result';
import { RoleHolder, type RoleDirectory } from './plan';

/**
 * 领导职务名录 as a file: who holds each plan role, their phones, and the station (jurisdiction)
 * that serves them — a township head is told at the township's duty room as well as by SMS.
 */
export const DirectoryHolder = RoleHolder.extend({ station: JurisdictionCode.optional() });
export type DirectoryHolder = z.infer<typeof DirectoryHolder>;

export const HolderDirectoryFile = z.object({
  note: z.string().max(2000).optional(),
  jurisdiction: JurisdictionCode,
  holders: z.array(DirectoryHolder).max(5000),
});
export type HolderDirectoryFile = z.infer<typeof HolderDirectoryFile>;

export function loadHolderDirectory(json: unknown): Result<HolderDirectoryFile> {
  const parsed = HolderDirectoryFile.safeParse(json);
  return parsed.success ? ok(parsed.data) : fail(...fromZodError(parsed.error));
}

/** The directory as the preview reads it (role → person). */
export const roleDirectoryOf = (file: HolderDirectoryFile): RoleDirectory =>
  file.holders.map((h) => ({ role: h.role, person: h.person }));
