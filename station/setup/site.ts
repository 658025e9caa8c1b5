import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { JurisdictionCode } from '../../shared/domain/jurisdiction';
import { ownerOnlyDir, writeOwnerOnly } from '../../hub/secrets';

/**
 * The site a station was set up as (issue 19, the first-run screen): saved in the station's data folder as
 * site.json (0600, like the store), read at every start, so the station runs as its own jurisdiction with no
 * flags. A flag given on the command line still wins for that start. No secret is in it: the hub token
 * stays in its own file, named here; the administrator's PIN is only a hash in the store.
 */
export const SiteConfig = z.object({
  version: z.literal(1),
  stationId: z.string().min(1).max(100),
  jurisdiction: JurisdictionCode,
  name: z.string().min(1).max(200),
  /** A rule profile's id, or `auto` (the profile resources/rules maps to the code). */
  ruleProfile: z.string().min(1).max(100),
  /** Null: the station works alone, with no hub (and no demo feed). */
  hub: z.object({ url: z.string().min(1), tokenFile: z.string().min(1), caFile: z.string().min(1).optional() }).nullable(),
  directories: z.object({ staffFile: z.string().optional(), teamsFile: z.string().optional() }),
  setUpAt: z.string(),
});
export type SiteConfig = z.infer<typeof SiteConfig>;

export const siteFile = (dataDir: string) => join(dataDir, 'site.json');

/** The saved site, null when there is none; a damaged file stops the start with its path and the reason. */
export function readSiteConfig(dataDir: string): SiteConfig | null {
  const file = siteFile(dataDir);
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not JSON (${error instanceof Error ? error.message : String(error)}); set the site up again with npm start -- --setup`);
  }
  const parsed = SiteConfig.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}; set the site up again with npm start -- --setup`,
    );
  return parsed.data;
}

/** Save the site: written beside it first and renamed, so a crash leaves the old file or the new one whole. */
export function writeSiteConfig(dataDir: string, config: SiteConfig): void {
  const file = siteFile(dataDir);
  const draft = `${file}.new`;
  // A first start's data folder does not exist yet: made for its owner only (0700), as the station makes it.
  ownerOnlyDir(dataDir, { tighten: true });
  writeOwnerOnly(draft, `${JSON.stringify(SiteConfig.parse(config), null, 2)}\n`);
  renameSync(draft, file);
}
