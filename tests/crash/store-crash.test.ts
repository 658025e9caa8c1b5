import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationStore } from '../../station/store/index';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'station-crash-'));
const path = join(dir, 'station.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The child is bundled once into plain JavaScript so each of the 20 starts costs a bare `node` start,
// not a TypeScript transform of the whole domain (slow on a busy 2-core host). It lives under
// node_modules/.cache so that it resolves the real better-sqlite3 with its native binding.
const childScript = join(
  here,
  '..',
  '..',
  'node_modules',
  '.cache',
  'duty-room-crash',
  `append-child-${process.pid}.mjs`,
);
beforeAll(async () => {
  await build({
    entryPoints: [join(here, 'append-child.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
});
afterAll(() => rmSync(childScript, { force: true }));

/** Run the appending child and SIGKILL it `afterMs` after it is ready. Returns the ids it reported as appended. */
function appendUntilKilled(run: number, afterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'append-child.ts'), path, String(run)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!timer && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') { reject(new Error(`child ended by itself (code ${code}): ${err}`)); return; }
      // Only complete lines were reported: a line cut by the kill was never promised to anyone.
      const lines = out.split('\n').slice(1, -1);
      resolve(lines.flatMap((l) => l.split(' ')));
    });
  });
}

describe('crash safety of the station store', () => {
  it('after 20 SIGKILLs at random moments every append that returned is present once, and the log is sound', async () => {
    const promised: string[] = [];
    for (let run = 0; run < 20; run += 1) {
      const ids = await appendUntilKilled(run, 50 + Math.floor(Math.random() * 400));
      promised.push(...ids);

      const store = openStationStore({ path, stationId: 'district-500101', jurisdiction: '500101' });
      try {
        expect(store.writable).toBe(true); // integrity_check passed at open
        const verified = store.verify();
        expect(verified.ok).toBe(true);
      } finally {
        store.close();
      }
      const db = new Database(path, { readonly: true });
      try {
        const held = new Set(db.prepare('SELECT id FROM events').pluck().all() as string[]);
        expect(promised.filter((id) => !held.has(id))).toEqual([]);
        // Station sequence has no gap and no repeat (an empty log too: a loaded host can kill the first child
        // before its first commit); no incident was registered twice.
        const seq = db
          .prepare('SELECT count(*) AS n, coalesce(max(station_seq), 0) AS top FROM events')
          .get() as {
          n: number;
          top: number;
        };
        expect(seq.top).toBe(seq.n);
        const titles = db
          .prepare(
            "SELECT json_extract(envelope, '$.payload.facts.title') AS t, count(*) AS c FROM events WHERE type = 'incident.registered' GROUP BY t HAVING c > 1",
          )
          .all();
        expect(titles).toEqual([]);
        // Projections were written in the same transaction as the log: they agree with it.
        const registered = db
          .prepare("SELECT count(*) FROM events WHERE type = 'incident.registered'")
          .pluck()
          .get();
        expect(db.prepare('SELECT count(*) FROM incidents').pluck().get()).toBe(registered);
        expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(seq.n);
      } finally {
        db.close();
      }
    }
    expect(new Set(promised).size).toBe(promised.length);
    expect(promised.length).toBeGreaterThan(20);
  }, 240_000); // measured 38–94 s on the shared 2-core host (load 12–20); the margin is for that load
});
