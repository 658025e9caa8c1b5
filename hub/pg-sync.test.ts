// The synchronous PostgreSQL connection (hub/pg-sync.ts, decision 0021): a query given up on (timed out)
// must not leave its late answer to be taken for the next query's.
import { describe, expect, it } from 'vitest';
import { openSyncPg } from './pg-sync';
import { TEST_PG_URL } from './test-stores.testing';

describe('openSyncPg', () => {
  it(
    'drops the late answer of a timed-out query: the next query gets its own rows',
    { timeout: 20_000 },
    async () => {
      const db = openSyncPg(TEST_PG_URL, { timeoutMs: 2_000 });
      try {
        expect(db.query<{ x: number }>('SELECT 1 AS x')).toEqual([{ x: 1 }]);
        expect(() => db.query('SELECT pg_sleep(3), 2 AS x')).toThrow(/did not answer within 2000 ms/);
        // The slow one finishes meanwhile and answers; its answer is not this one's.
        await new Promise((r) => setTimeout(r, 3_500));
        expect(db.query<{ y: number }>('SELECT 3 AS y')).toEqual([{ y: 3 }]);
        expect(db.query<{ z: string }>("SELECT 'four' AS z")).toEqual([{ z: 'four' }]);
      } finally {
        db.close();
      }
    },
  );
});
