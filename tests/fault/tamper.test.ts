import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAnchorSigner, type AnchorSigner } from '../../hub/anchors';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { canonicalJson } from '../../shared/events/hash';
import { openStation } from '../../station/host/station';
import { nodeSha256 } from '../../station/store/log';
import { officer, registerIncidentCommand } from '../../station/store/store.testing';
import { openStationStore, type StationStore } from '../../station/store/index';
import { startSyncClient, type SyncClient } from '../../station/sync/client';
import { checkChain } from '../../station/verify/chain';
import { exitCodeOf, formatReport, verifyStoreFile } from '../../station/verify/index';
import { startIntegrityWatch, type IntegrityWatch } from '../../station/verify/watch';
import { mustExecuteAll, tempDir, waitFor } from './helpers';

/*
 * Issue 17, "tamper evidence that holds": each way of altering a station's record behind its back is
 * made here, directly in SQLite, and each must be found — a trimmed tail, a re-sealed rewrite, an edited
 * projection row — with a real hub (sockets, its SQLite log, its signing key on disk) for the case only
 * the hub can catch: a tail trimmed together with its newest anchors.
 */
const key = new TextEncoder().encode('tamper-test-hub-key-0123456789-abcdefghij');
const STATION = 'district-410102';
const JURISDICTION = '410102';

let dir: ReturnType<typeof tempDir>;
let hubStore: HubEventStore;
let hub: Hub;
let signer: AnchorSigner;
let token: string;
const path = () => join(dir.path, `${STATION}.sqlite`);

beforeEach(async () => {
  dir = tempDir('tamper');
  hubStore = openSqliteHubStore(join(dir.path, 'hub', 'hub.sqlite'));
  signer = loadAnchorSigner(join(dir.path, 'hub'));
  hub = await startHub({ store: hubStore, key, anchors: signer });
  token = (await issueToken(key, { station: STATION, jurisdiction: JURISDICTION })).token;
});

afterEach(async () => {
  await hub.close();
  hubStore.close();
  dir.remove();
});

/** A station with its tamper check and sync client, as the host wires them. */
function station(): { store: StationStore; watch: IntegrityWatch; client: SyncClient; close: () => void } {
  const store = openStationStore({ path: path(), stationId: STATION, jurisdiction: JURISDICTION });
  const watch = startIntegrityWatch({ store });
  const client = startSyncClient({
    url: hub.url,
    token,
    store,
    anchors: watch.sink,
    backoff: { minMs: 50, maxMs: 200 },
  });
  return {
    store,
    watch,
    client,
    close: () => {
      client.stop();
      store.close();
    },
  };
}

/** Record `count` incidents and wait until the hub has acknowledged (and signed) every one. */
async function recordAndSync(s: ReturnType<typeof station>, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1)
    mustExecuteAll(s.store, [registerIncidentCommand({ title: `险情 ${i}` })], officer);
  const tail = s.store.tamper.log.tailOf(STATION)?.seq ?? 0;
  await waitFor(
    'every event acknowledged and anchored',
    () => s.store.outboxDepth() === 0 && (s.store.tamper.anchors.newest()?.seq ?? 0) === tail,
  );
}

/** Open the store's file as someone with the file and sqlite3 would: no triggers, no store in the way. */
function tamper(work: (db: Database.Database) => void): void {
  const db = new Database(path());
  try {
    db.exec('DROP TRIGGER IF EXISTS events_neverUpdated; DROP TRIGGER IF EXISTS events_neverDeleted;');
    db.transaction(() => work(db))();
  } finally {
    db.close();
  }
}

/**
 * Delete this station's last `count` events and everything that points at them (hub sequences,
 * outbox, the incidents they registered, their obligations). `withAnchors`: the careful tamperer also
 * deletes the anchors that name them and the start check's verified point.
 */
function trimTail(count: number, withAnchors: boolean): void {
  tamper((db) => {
    const tail = db
      .prepare('SELECT max(station_seq) FROM events WHERE station = ?')
      .pluck()
      .get(STATION) as number;
    const from = tail - count + 1;
    const rows = db
      .prepare('SELECT id, stream FROM events WHERE station = ? AND station_seq >= ?')
      .all(STATION, from) as Array<{ id: string; stream: string }>;
    for (const r of rows) {
      db.prepare('DELETE FROM hub_sequence WHERE event_id = ?').run(r.id);
      const incident = r.stream.slice('incident:'.length);
      db.prepare('DELETE FROM obligations WHERE incident_id = ?').run(incident);
      db.prepare('DELETE FROM incidents WHERE id = ?').run(incident);
      db.prepare('DELETE FROM events WHERE id = ?').run(r.id);
    }
    db.prepare('DELETE FROM outbox WHERE station_seq >= ?').run(from);
    if (withAnchors) {
      db.prepare('DELETE FROM anchors WHERE station_seq >= ?').run(from);
      db.prepare('DELETE FROM verified_point').run();
    }
  });
}

/**
 * Change the title of this station's event #`seq` and re-seal the log after it as the store would:
 * that event's hash, every later own event's prevHash and hash, every later local chain link.
 */
function resealRewrite(seq: number, title: string): void {
  tamper((db) => {
    const rows = db
      .prepare('SELECT pos, station, station_seq, envelope FROM events ORDER BY pos')
      .all() as Array<{
      pos: number;
      station: string;
      station_seq: number;
      envelope: string;
    }>;
    let chain = '';
    let ownHash: string | null = null;
    const update = db.prepare('UPDATE events SET envelope = ?, hash = ?, chain = ? WHERE pos = ?');
    for (const r of rows) {
      const body = JSON.parse(r.envelope) as {
        payload: { facts: { title: string } };
        prevHash: string | null;
      };
      const own = r.station === STATION;
      if (own && r.station_seq === seq) body.payload.facts.title = title;
      if (own && r.station_seq > seq) body.prevHash = ownHash;
      const text = canonicalJson(body);
      const hash = nodeSha256(text);
      chain = nodeSha256(chain + hash);
      update.run(text, hash, chain, r.pos);
      if (own) ownHash = hash;
    }
  });
}

describe('tamper evidence', () => {
  it('a trimmed tail: the anchors find it offline, verify() fails, and the station alarms at start', async () => {
    const s = station();
    await recordAndSync(s, 6);
    expect(s.store.verify()).toEqual({ ok: true, events: 6 });
    s.close();

    trimTail(2, false);

    // The log is sound in itself: hashes, links and sequences hold.
    const reopened = openStationStore({ path: path(), stationId: STATION, jurisdiction: JURISDICTION });
    expect(checkChain(reopened.tamper.log, STATION).broken).toBeUndefined();
    const verdict = reopened.verify();
    expect(verdict).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/hub signed .* #6.*ends at #4.*cut off/),
    });
    const watch = startIntegrityWatch({ store: reopened });
    expect(watch.findings().map((f) => f.check)).toEqual(expect.arrayContaining(['chain', 'anchors']));
    reopened.close();

    const report = await verifyStoreFile({ path: path(), station: STATION });
    expect(exitCodeOf(report)).toBe(1);
    expect(report.sections.find((x) => x.check === 'anchors')?.status).toBe('mismatch');
    expect(formatReport(report)).toMatch(/记录尾部被删除/);
  });

  it('a tail trimmed together with its newest anchors passes offline, and only the hub catches it', async () => {
    const s = station();
    await recordAndSync(s, 5);
    s.close();

    trimTail(2, true);

    const offline = await verifyStoreFile({ path: path(), station: STATION });
    expect(offline.mismatch).toBe(false);
    const hubSection = offline.sections.find((x) => x.check === 'hub');
    expect(hubSection?.status).toBe('skipped');
    // The output says what an offline check cannot see.
    expect(formatReport(offline)).toMatch(/only the comparison with the hub catches it/);
    expect(formatReport(offline)).toMatch(/只有与上级平台核对才能发现/);

    const online = await verifyStoreFile({ path: path(), station: STATION, hub: { url: hub.url, token } });
    expect(exitCodeOf(online)).toBe(1);
    expect(online.sections.find((x) => x.check === 'hub')).toMatchObject({
      status: 'mismatch',
      findings: [
        expect.objectContaining({
          en: expect.stringMatching(/hub signed this station's head at #5.*ends at #3/),
        }),
      ],
    });

    // The station: sound at start (nothing left to compare offline), caught at its first reconnection.
    const again = station();
    try {
      expect(again.watch.findings()).toEqual([]);
      await waitFor('the hub comparison', () => again.watch.findings().length > 0);
      expect(again.watch.findings()).toEqual([expect.objectContaining({ check: 'hub' })]);
    } finally {
      again.close();
    }
  });

  it('a re-sealed rewrite: every hash recomputed, the chain holds, the hub-signed head does not', async () => {
    const s = station();
    await recordAndSync(s, 4);
    s.close();

    resealRewrite(2, '改写后的标题');

    const reopened = openStationStore({ path: path(), stationId: STATION, jurisdiction: JURISDICTION });
    // The rewrite is a good one: what verify() checked before this issue finds nothing.
    expect(checkChain(reopened.tamper.log, STATION).broken).toBeUndefined();
    expect(reopened.verify()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /event #\d is not the one the hub signed: it or an earlier one was rewritten/,
      ),
    });
    reopened.close();

    const report = await verifyStoreFile({ path: path(), station: STATION, hub: { url: hub.url, token } });
    expect(report.sections.find((x) => x.check === 'chain')?.status).toBe('ok');
    expect(report.sections.find((x) => x.check === 'anchors')?.status).toBe('mismatch');
    expect(report.sections.find((x) => x.check === 'hub')?.status).toBe('mismatch');
    expect(exitCodeOf(report)).toBe(1);
  });

  it('an edited projection row: the rebuild from the log differs in that table and row', async () => {
    const s = station();
    await recordAndSync(s, 3);
    const incidentId = s.store.openIncidents()[1].id;
    s.close();

    tamper((db) => {
      db.prepare("UPDATE incidents SET state = json_set(state, '$.facts.level', 'I') WHERE id = ?").run(
        incidentId,
      );
    });

    const report = await verifyStoreFile({ path: path(), station: STATION });
    expect(report.sections.find((x) => x.check === 'chain')?.status).toBe('ok');
    expect(report.sections.find((x) => x.check === 'anchors')?.status).toBe('ok');
    expect(report.sections.find((x) => x.check === 'projections')).toMatchObject({
      status: 'mismatch',
      findings: [
        expect.objectContaining({
          en: expect.stringContaining(
            `rows of incidents that differ from the rebuild from the log: ${incidentId}`,
          ),
        }),
      ],
    });
    expect(exitCodeOf(report)).toBe(1);
  });

  it('npm run verify: readable in Chinese and English, non-zero on a mismatch, the token from a file', async () => {
    const s = station();
    await recordAndSync(s, 2);
    s.close();
    const tokenFile = join(dir.path, 'token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    // A child process, waited for without blocking: the hub it asks runs in this process.
    const cli = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'station/verify/cli.ts', ...args]);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('close', (status) => resolve({ status, stdout, stderr }));
      });
    const sound = await cli('--data', dir.path, '--hub', hub.url, '--token-file', tokenFile);
    expect(sound.stdout).toMatch(/结果：通过 \/ result: OK/);
    expect(sound.status).toBe(0);

    trimTail(1, true);
    const trimmed = await cli('--data', dir.path, '--hub', hub.url, '--token-file', tokenFile);
    expect(trimmed.stdout).toMatch(/\[不符 MISMATCH\] 上级平台 hub/);
    expect(trimmed.stdout).toMatch(/its tail was cut off/);
    expect(trimmed.status).toBe(1);

    const missing = await cli('--data', join(dir.path, 'nowhere'));
    expect(missing.stderr).toMatch(/no such folder/);
    expect(missing.status).toBe(2);
  }, 120_000);

  it('an untouched store passes every check, the hub included', async () => {
    const s = station();
    await recordAndSync(s, 3);
    s.close();
    const report = await verifyStoreFile({ path: path(), station: STATION, hub: { url: hub.url, token } });
    expect(report.sections.map((x) => [x.check, x.status])).toEqual([
      ['sqlite', 'ok'],
      ['chain', 'ok'],
      ['anchors', 'ok'],
      ['projections', 'ok'],
      ['hub', 'ok'],
    ]);
    expect(exitCodeOf(report)).toBe(0);
  });

  it('the station puts what it finds on record as a chain_mismatch alarm, at start and at reconnection', async () => {
    const s = station();
    await recordAndSync(s, 4);
    s.close();
    trimTail(1, false);

    const running = openStation({
      dataDir: dir.path,
      stationId: STATION,
      jurisdiction: JURISDICTION,
      name: '金水区应急值守（测试）',
      operator: officer,
      onDuty: { leader: '李主任', officers: ['值班员甲'] },
      hub: { url: hub.url, token },
      notifier: null,
    });
    try {
      const recorded = () =>
        running.store
          .eventsSince(0, 1000)
          .map((x) => x.event)
          .filter((e) => e.type === 'alarm.raised')
          .map((e) => e.payload as { kind?: string; params?: Record<string, string> });
      // At start: the anchors name a sequence the log no longer holds.
      expect(recorded()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'chain_mismatch',
            params: expect.objectContaining({ check: 'anchors' }),
          }),
        ]),
      );
      // At the first connection: the hub's head says the same.
      await waitFor('the hub comparison on record', () =>
        recorded().some((p) => p.kind === 'chain_mismatch' && p.params?.check === 'hub'),
      );
    } finally {
      running.close();
    }
  });

  it('a hub that shows another key is refused with an alarm; its anchors are not kept', async () => {
    const s = station();
    await recordAndSync(s, 2);
    s.close();
    const anchorsBefore = (() => {
      const st = openStationStore({ path: path(), stationId: STATION, jurisdiction: JURISDICTION });
      const n = st.tamper.anchors.count();
      st.close();
      return n;
    })();

    // The same log served by a hub with a new key (a replaced or impostor hub).
    await hub.close();
    hub = await startHub({ store: hubStore, key });
    const again = station();
    try {
      await waitFor('the key refused', () => again.watch.findings().some((f) => f.check === 'hub_key'));
      mustExecuteAll(again.store, [registerIncidentCommand()], officer);
      await waitFor('delivered', () => again.store.outboxDepth() === 0);
      expect(again.store.tamper.anchors.count()).toBe(anchorsBefore);
      expect(again.store.tamper.anchors.pinnedKey()?.keyId).toBe(signer.publicKey.keyId);
    } finally {
      again.close();
    }
  });
});
