import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { officer } from '../store/store.testing';
import { openTestStation } from './api.testing';
import type { StationPush } from '../../shared/api/contract';
import type { LedgerJobProgress } from '../../shared/api/ledger-calls';

const samples = fileURLToPath(new URL('../../resources/ledgers/', import.meta.url));
const bytesOf = (file: string) => new Uint8Array(readFileSync(join(samples, file)));

/** Uploads carry bytes, so the client passes values as the IPC transport does. */
const setup = () =>
  openTestStation({
    stationId: 'district-500110',
    jurisdiction: '500110',
    name: '万盛经开区应急值班室',
    onDuty: { leader: null, officers: [] },
    transport: 'ipc',
  });

let current: ReturnType<typeof setup> | null = null;
afterEach(() => {
  current?.close();
  current = null;
});

const jobPushes = (pushes: StationPush[], uploadId: string): LedgerJobProgress[] =>
  pushes.flatMap((p) => (p.kind === 'ledger' && p.job.uploadId === uploadId ? [p.job] : []));

async function until(check: () => boolean, what: string) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Upload in chunks of `size` bytes, in order. */
async function upload(client: ReturnType<typeof setup>['client'], uploadId: string, fileName: string, bytes: Uint8Array, size: number) {
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    const chunk = bytes.subarray(offset, Math.min(offset + size, bytes.byteLength));
    const r = await client.ledgerUpload({ uploadId, fileName, totalBytes: bytes.byteLength, offset, chunk });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  }
}

describe('ledger import through the station API', () => {
  it('reports the two bad rows by row and column, registers nothing until confirmed, then exactly the valid rows', async () => {
    current = setup();
    const { client, store, pushes } = current;
    const uploadId = 'up-riskpoints01';
    const bytes = bytesOf('risk-points.csv');
    await upload(client, uploadId, 'risk-points.csv', bytes, 700);
    expect(jobPushes(pushes, uploadId).at(-1)).toMatchObject({ state: 'uploading', done: bytes.byteLength });

    const started = await client.ledgerPrepare({ uploadId, kind: 'auto' });
    expect(started.ok).toBe(true);
    await until(() => jobPushes(pushes, uploadId).some((j) => j.state === 'ready'), 'the report');
    const status = await client.ledgerStatus({ uploadId });
    if (!status.ok) throw new Error(JSON.stringify(status.errors));
    const report = status.value.report!;
    expect(report.kind).toBe('risk_point');
    expect(report.rowsRead).toBe(20);
    expect(report.validCount).toBe(18);
    expect(report.invalidRows).toEqual([8, 14]);
    expect(report.findings.map((f) => [f.row, f.column, f.problem])).toEqual([
      [8, '风险等级', 'UNKNOWN_RISK_LEVEL'],
      [14, '纬度', 'COORDINATES_SWAPPED'],
    ]);
    expect(store.riskPoints()).toEqual([]);

    // Without acknowledging the two skipped rows nothing is registered.
    const unacknowledged = await client.ledgerConfirm({ uploadId, skippedRowsAcknowledged: 0 });
    expect(unacknowledged.ok).toBe(false);
    if (!unacknowledged.ok) expect(unacknowledged.errors[0].code).toBe('LEDGER_SKIPPED_ROWS_UNCONFIRMED');
    expect(store.riskPoints()).toEqual([]);

    const confirmed = await client.ledgerConfirm({ uploadId, skippedRowsAcknowledged: 2 });
    expect(confirmed.ok).toBe(true);
    await until(() => jobPushes(pushes, uploadId).some((j) => j.state === 'done'), 'the import');
    const done = await client.ledgerStatus({ uploadId });
    if (!done.ok) throw new Error('no status');
    expect(done.value.result).toEqual({ kind: 'risk_point', registered: 18, updated: 0, skipped: 2, refused: [] });
    expect(store.riskPoints()).toHaveLength(18);
    const previewIds = new Set(report.preview.map((p) => p.id));
    expect(new Set(store.riskPoints().map((r) => r.id))).toEqual(previewIds);
    // Registered by the person at this console: the station stamps its operator on each.
    const registeredBy = store
      .eventsSince(0, 1000)
      .filter((l) => l.event.type === 'risk_point.registered')
      .map((l) => l.event.actor);
    expect(registeredBy).toHaveLength(18);
    expect(new Set(registeredBy.map((a) => a.id))).toEqual(new Set([officer.id]));
    // The windows got the new risk points with the changes (so the map draws them without a reload).
    const pushedRisk = pushes.flatMap((p) => (p.kind === 'changes' ? p.riskPoints : []));
    expect(new Set(pushedRisk.map((r) => r.id))).toEqual(previewIds);
    // A second confirmation of the same upload is refused.
    expect((await client.ledgerConfirm({ uploadId, skippedRowsAcknowledged: 2 })).ok).toBe(false);
    expect(store.riskPoints()).toHaveLength(18);
    expect(current.bugs).toEqual([]);
  });

  it('refuses chunks out of order or beyond the announced size, and a damaged file is reported, not thrown', async () => {
    current = setup();
    const { client, pushes } = current;
    const bytes = bytesOf('teams.xlsx');
    const first = bytes.subarray(0, 1000);
    const base = { uploadId: 'up-teamsxlsx01', fileName: 'teams.xlsx', totalBytes: bytes.byteLength };
    expect((await client.ledgerUpload({ ...base, offset: 0, chunk: first })).ok).toBe(true);
    const skipped = await client.ledgerUpload({ ...base, offset: 2000, chunk: first });
    expect(skipped.ok).toBe(false);
    const premature = await client.ledgerPrepare({ uploadId: base.uploadId, kind: 'team' });
    expect(premature.ok).toBe(false);
    const tooMuch = await client.ledgerUpload({ ...base, offset: 1000, chunk: bytes.subarray(0, bytes.byteLength) });
    expect(tooMuch.ok).toBe(false);

    const broken = new TextEncoder().encode('not a zip at all');
    const damaged = { uploadId: 'up-damaged0001', fileName: 'teams.xlsx', totalBytes: broken.byteLength };
    expect((await client.ledgerUpload({ ...damaged, offset: 0, chunk: broken })).ok).toBe(true);
    expect((await client.ledgerPrepare({ uploadId: damaged.uploadId, kind: 'auto' })).ok).toBe(true);
    await until(() => jobPushes(pushes, damaged.uploadId).some((j) => j.state === 'failed'), 'the failure');
    const status = await client.ledgerStatus({ uploadId: damaged.uploadId });
    if (!status.ok) throw new Error('no status');
    expect(status.value.errors?.[0]?.code).toBe('LEDGER_UNREADABLE');
    expect(status.value.report).toBeUndefined();
  });

  it('registers a team ledger and counts a re-import as updates', async () => {
    current = setup();
    const { client, store, pushes } = current;
    const bytes = bytesOf('teams.xlsx');
    for (const [n, uploadId] of ['up-teamsfirst1', 'up-teamsagain1'].entries()) {
      await upload(client, uploadId, 'teams.xlsx', bytes, 512 * 1024);
      await client.ledgerPrepare({ uploadId, kind: 'auto' });
      await until(() => jobPushes(pushes, uploadId).some((j) => j.state === 'ready'), 'the report');
      await client.ledgerConfirm({ uploadId, skippedRowsAcknowledged: 0 });
      await until(() => jobPushes(pushes, uploadId).some((j) => j.state === 'done'), 'the import');
      const status = await client.ledgerStatus({ uploadId });
      if (!status.ok) throw new Error('no status');
      expect(status.value.result).toMatchObject(n === 0 ? { registered: 12, updated: 0 } : { registered: 0, updated: 12 });
    }
    expect(store.teams()).toHaveLength(12);
  });
});
