import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Actor } from '../../shared/domain/common';
import { domainError, fromZodError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { commandsForConfirmedImport } from '../../shared/ledger/confirm';
import { StaffMember } from '../../shared/roster/schemas';
import { fail, ok, type Result } from '../../shared/result';
import { prepareLedgerImport } from '../ledger/import';
import type { StationStore } from '../store';

/**
 * The directories a site brings at set-up (issue 19): 值班人员名录 as JSON (a list of people, or a file shaped
 * like resources/demo/wansheng-staff.json with its `staff`), and 救援队伍台账 as the ledger import reads it
 * (xlsx or csv, station/ledger). Both are registered through commands, as a person importing them would.
 */
const StaffFile = z.union([z.array(StaffMember).min(1), z.looseObject({ staff: z.array(StaffMember).min(1) })]);

export function readStaffDirectory(file: string): Result<StaffMember[]> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(domainError('SETUP_FILE_UNREADABLE', undefined, `${file}: ${error instanceof Error ? error.message : String(error)}`));
  }
  const parsed = StaffFile.safeParse(json);
  if (!parsed.success) return fail(...fromZodError(parsed.error));
  return ok(Array.isArray(parsed.data) ? parsed.data : parsed.data.staff);
}

export interface DirectoryImport {
  staff: number;
  teams: number;
  /** Team rows the ledger check refused (a bad phone, an area outside the jurisdiction…): not registered. */
  teamsSkipped: number;
}

type ImportStore = Pick<StationStore, 'staff' | 'teams' | 'execute' | 'jurisdiction'>;

/** Register the site's people (those not already in the directory) and its teams' valid rows. */
export async function importDirectories(
  store: ImportStore,
  files: { staffFile?: string | undefined; teamsFile?: string | undefined },
  actor: Actor,
): Promise<Result<DirectoryImport>> {
  const done: DirectoryImport = { staff: 0, teams: 0, teamsSkipped: 0 };
  if (files.staffFile) {
    const staff = readStaffDirectory(files.staffFile);
    if (!staff.ok) return staff;
    const known = new Set(store.staff().map((p) => p.id));
    for (const member of staff.value) {
      if (known.has(member.id)) continue;
      const r = store.execute({ id: newId(), type: 'staff.register', payload: { member } }, actor);
      if (!r.ok) return fail(...r.errors.map((e) => ({ ...e, detail: `${member.name}: ${e.detail ?? e.code}` })));
      done.staff += 1;
    }
  }
  if (files.teamsFile) {
    const report = await prepareLedgerImport(
      { path: files.teamsFile },
      {
        kind: 'team',
        context: { stationJurisdiction: store.jurisdiction, existingIds: new Set(store.teams().map((t) => t.id)) },
      },
    );
    if (!report.ok) return report;
    const commands = commandsForConfirmedImport(
      report.value,
      // The set-up screen says how many rows were skipped; the valid ones are registered.
      { actor, skippedRowsAcknowledged: report.value.invalidRows.length },
      () => newId(),
    );
    if (!commands.ok) return commands;
    for (const command of commands.value) {
      const r = store.execute(command, actor);
      if (r.ok) done.teams += 1;
      else done.teamsSkipped += 1;
    }
    done.teamsSkipped += report.value.invalidRows.length;
  }
  return ok(done);
}
