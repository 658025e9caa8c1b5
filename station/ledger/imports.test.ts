import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import type { LedgerKind } from '../../shared/ledger/table';
import { LedgerReportWire } from '../../shared/ledger/wire';
import { openStationStore } from '../store/index';
import { createLedgerImports } from './imports';

const samples = fileURLToPath(new URL('../../resources/ledgers/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ledger-imports-'));
const store = openStationStore({ path: join(scratch, 'station.db'), stationId: 'district-500110', jurisdiction: '500110' });
afterAll(() => {
  store.close();
  rmSync(scratch, { recursive: true, force: true });
});

const actor = { id: 'officer-1', role: 'commander' as const };
const idsOf: Record<LedgerKind, () => string[]> = {
  team: () => store.teams().map((t) => t.id),
  depot: () => store.depots().map((d) => d.id),
  shelter: () => store.shelters().map((s) => s.id),
  risk_point: () => store.riskPoints().map((r) => r.id),
};
const imports = createLedgerImports({
  context: (kind) => ({ stationJurisdiction: '500110', existingIds: new Set(idsOf[kind]()) }),
  newId: () => newId(),
});
const bytesOf = (file: string) => new Uint8Array(readFileSync(join(samples, file)));

describe('a ledger import kept at the station until confirmed', () => {
  it('registers nothing on preview, then registers exactly the valid rows once confirmed and executed', async () => {
    const prepared = await imports.prepare({ fileName: 'risk-points.csv', bytes: bytesOf('risk-points.csv'), kind: 'auto' });
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(LedgerReportWire.safeParse(prepared.value.report).success).toBe(true);
    expect(prepared.value.report.invalidRows).toEqual([8, 14]);
    expect(store.riskPoints()).toEqual([]);

    const unacknowledged = imports.confirm({ importId: prepared.value.importId, actor, skippedRowsAcknowledged: 0 });
    expect(unacknowledged.ok).toBe(false);
    const confirmed = imports.confirm({ importId: prepared.value.importId, actor, skippedRowsAcknowledged: 2 });
    expect(confirmed.ok).toBe(true);
    if (!confirmed.ok) return;
    expect(store.riskPoints()).toEqual([]); // still nothing: building commands executes nothing
    for (const command of confirmed.value) expect(store.execute(command, actor).ok).toBe(true);
    expect(store.riskPoints().map((r) => r.id).sort()).toEqual(
      prepared.value.report.valid.map((v) => v.object.id).sort(),
    );
    expect(store.riskPoints()).toHaveLength(18);
    expect(imports.confirm({ importId: prepared.value.importId, actor, skippedRowsAcknowledged: 2 }).ok).toBe(false);
  });

  it('marks rows of a re-imported ledger as updates of what the station holds', async () => {
    const first = await imports.prepare({ fileName: 'teams.xlsx', bytes: bytesOf('teams.xlsx'), kind: 'team' });
    if (!first.ok) throw new Error('unreadable');
    expect(first.value.report.valid.every((v) => !v.updatesExisting)).toBe(true);
    const commands = imports.confirm({ importId: first.value.importId, actor, skippedRowsAcknowledged: 0 });
    if (!commands.ok) throw new Error('refused');
    for (const command of commands.value) expect(store.execute(command, actor).ok).toBe(true);
    const again = await imports.prepare({ fileName: 'teams.xlsx', bytes: bytesOf('teams.xlsx'), kind: 'team' });
    if (!again.ok) throw new Error('unreadable');
    expect(again.value.report.valid.every((v) => v.updatesExisting)).toBe(true);
    expect(store.teams()).toHaveLength(12);
  });

  it('refuses an unknown import id and drops previews left unconfirmed too long', async () => {
    let now = 0;
    const timed = createLedgerImports({ context: () => ({ stationJurisdiction: '500110' }), newId: () => newId(), clock: () => now, keepMs: 1000 });
    const prepared = await timed.prepare({ fileName: 'shelters.csv', bytes: bytesOf('shelters.csv'), kind: 'shelter' });
    if (!prepared.ok) throw new Error('unreadable');
    now = 2000;
    const late = timed.confirm({ importId: prepared.value.importId, actor, skippedRowsAcknowledged: 0 });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.errors[0].code).toBe('NOT_FOUND');
    expect(timed.pending()).toBe(0);
    const bad = await timed.prepare({ fileName: '', bytes: new Uint8Array(), kind: 'shelter' });
    expect(bad.ok).toBe(false);
  });
});
