import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateHub } from './index';
import { openSqliteHubStore } from '../sqlite-store';

// Migration 0050 (decision 0024): a hub log written before drill ceilings keeps every old event visible as it was.
describe('the hub log from before ceilings', () => {
  it('keeps its events uncapped: the column is added empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-hub-ceiling-'));
    try {
      const path = join(dir, 'hub.sqlite');
      const db = new Database(path);
      migrateHub(db, { target: 40 });
      // A row as a hub before 0050 wrote it (no ceiling column yet).
      db.prepare(
        `INSERT INTO events (id, station, station_seq, jurisdiction, down, extra, type, stream, body)
         VALUES ('old-1', 'district-500110', 1, '500110', 0, NULL, 'incident.registered', 'incident:x', '{}')`,
      ).run();
      db.close();
      const migrated = openSqliteHubStore(path);
      try {
        const seen: string[] = [];
        migrated.forEachVisible('50', 0, migrated.head(), (_seq, id) => seen.push(id));
        expect(seen).toEqual(['old-1']);
      } finally {
        migrated.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
