import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStationStore, type StationStore } from '../store';
import { officer, registerIncidentCommand, updateFactsCommand } from '../store/store.testing';
import { verifyStoreFile } from '../verify/index';
import { backupStation, backupsIn, scheduleBackups, stationOfBackup } from './backup';
import { placeBackup } from './index';

const STATION = 'district-500110';
const JURISDICTION = '500110';

let dir: string;
let store: StationStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duty-backup-'));
  store = openStationStore({ path: join(dir, `${STATION}.sqlite`), stationId: STATION, jurisdiction: JURISDICTION });
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Record incidents through the one write path, `batch` to a transaction. */
function record(count: number, batch = 50): string[] {
  const ids: string[] = [];
  for (let done = 0; done < count; done += batch) {
    const commands = Array.from({ length: Math.min(batch, count - done) }, (_, i) =>
      registerIncidentCommand({ title: `内涝险情 ${done + i}` }),
    );
    for (const r of store.executeAll(commands, officer)) {
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      ids.push(r.value[0]?.stream.slice('incident:'.length) ?? '');
    }
  }
  return ids;
}

describe('online backup of a station to a second folder', () => {
  it('copies a live store while writes go on, and the copy restores and verifies', async () => {
    const ids = record(1000);
    const backups = join(dir, 'second-disk');
    // Writes keep coming, one transaction a turn of the event loop, while the backup copies page by page.
    let writing = true;
    let writesDuring = 0;
    const writer = (async () => {
      let i = 0;
      while (writing) {
        const id = ids[i % ids.length];
        const r = store.execute(updateFactsCommand(id, { affectedPeople: 100 + i }), officer);
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        writesDuring += 1;
        i += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const before = store.lastPosition();
    const writesBefore = writesDuring;
    const result = await backupStation(store, { dir: backups, keep: 3 });
    const writesWhileCopying = writesDuring - writesBefore;
    writing = false;
    await writer;
    const after = store.lastPosition();
    // The copy really overlapped with writing (else this test would prove nothing about "online").
    expect(writesWhileCopying).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(before);

    expect(basename(result.path)).toMatch(/^district-500110-\d{8}T\d{9}Z\.sqlite$/);
    expect(stationOfBackup(basename(result.path))).toBe(STATION);
    if (process.platform !== 'win32') expect(statSync(result.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(backups).filter((f) => f.endsWith('.partial'))).toEqual([]);

    // The copy is a consistent snapshot: every check passes, projections rebuilt from its log included.
    const report = await verifyStoreFile({ path: result.path, station: STATION });
    expect(report.sections.filter((s) => s.status === 'mismatch')).toEqual([]);

    // Restored into an empty data folder, it opens, verifies and holds a prefix of the live log.
    const target = join(dir, 'new-machine', 'station', `${STATION}.sqlite`);
    const placed = placeBackup({ backup: result.path, target });
    expect(placed.movedAside).toBeNull();
    const restored = openStationStore({ path: target, stationId: STATION, jurisdiction: JURISDICTION });
    try {
      expect(restored.verify()).toEqual({ ok: true, events: placed.events });
      expect(placed.events).toBeGreaterThanOrEqual(before);
      expect(placed.events).toBeLessThanOrEqual(after);
      const live = store.eventsSince(0, placed.events).map((e) => e.event.id);
      expect(restored.eventsSince(0, placed.events).map((e) => e.event.id)).toEqual(live);
      expect(restored.openIncidents()).toHaveLength(1000);
      // It goes on from where the copy ends: the next own event follows its last one.
      const next = restored.execute(registerIncidentCommand({ title: '恢复后第一起' }), officer);
      expect(next.ok && next.value[0]?.stationSeq).toBe(placed.events + 1);
      expect(restored.verify().ok).toBe(true);
    } finally {
      restored.close();
    }
  }, 180_000);

  it('keeps only the newest copies, and never replaces a store that holds records unless forced', async () => {
    record(20);
    const backups = join(dir, 'second-disk');
    let ms = Date.parse('2026-12-07T10:00:00.000Z');
    const clock = () => (ms += 60_000);
    for (let i = 0; i < 4; i += 1) await backupStation(store, { dir: backups, keep: 2, clock });
    const kept = backupsIn(backups, STATION);
    expect(kept.map((p) => basename(p))).toEqual([
      'district-500110-20261207T100300000Z.sqlite',
      'district-500110-20261207T100400000Z.sqlite',
    ]);
    const newest = kept.at(-1) as string;

    const target = join(dir, 'station-dir', `${STATION}.sqlite`);
    placeBackup({ backup: newest, target });
    expect(() => placeBackup({ backup: newest, target })).toThrow(/--force/);
    const forced = placeBackup({ backup: newest, target, force: true });
    expect(forced.movedAside).toMatch(/\.replaced-/);
    expect(statSync(forced.movedAside as string).size).toBeGreaterThan(0);
  });

  it('runs on a schedule: one copy at start, then one every interval', async () => {
    record(5);
    const backups = join(dir, 'scheduled');
    const done: string[] = [];
    const schedule = scheduleBackups(store, {
      dir: backups,
      everyMinutes: 0.001, // 60 ms
      keep: 3,
      onDone: (r) => done.push(r.path),
    });
    await new Promise((r) => setTimeout(r, 400));
    await schedule.stop();
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(backupsIn(backups, STATION).length).toBeLessThanOrEqual(3);
    expect(schedule.last()?.path).toBe(done.at(-1));
  });
});

describe('npm run restore', () => {
  it('puts a sound backup in place, and refuses one whose records were altered', async () => {
    record(30);
    const backups = join(dir, 'second-disk');
    const good = await backupStation(store, { dir: backups, keep: 5 });
    const data = join(dir, 'reinstalled');
    const ok = await runRestore(['--from', backups, '--data', data]);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.output).toContain('已恢复到');
    const placed = join(data, 'station', `${STATION}.sqlite`);
    const restored = openStationStore({ path: placed, stationId: STATION, jurisdiction: JURISDICTION });
    expect(restored.verify()).toEqual({ ok: true, events: 30 });
    restored.close();

    // A backup whose projection was edited behind the log's back is refused, and nothing is placed.
    const altered = join(dir, 'altered', basename(good.path));
    mkdirSync(join(dir, 'altered'));
    writeFileSync(altered, readFileSync(good.path));
    const db = new Database(altered);
    db.prepare("UPDATE incidents SET state = json_set(state, '$.facts.title', '篡改') WHERE rowid = 1").run();
    db.close();
    const other = join(dir, 'other-machine');
    const refused = await runRestore(['--from', altered, '--data', other]);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain('未通过核验');
    expect(() => statSync(join(other, 'station', `${STATION}.sqlite`))).toThrow();
  }, 60_000);
});

function runRestore(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'station/restore/cli.ts', ...args]);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}
