import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

/** One PostgreSQL error as the worker reports it: its message and SQLSTATE. */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

/** A PostgreSQL connection answered synchronously, like better-sqlite3 (decision 0021). */
export interface SyncPg {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): T[];
  /**
   * Run `body` in one transaction (ROLLBACK when it throws). `first`, SQL without parameters, is sent in
   * the same round trip as BEGIN, and its rows handed to `body` (each statement still reads its own snapshot).
   */
  transaction<T>(body: (rows: Array<Record<string, unknown>>) => T, first?: string): T;
  close(): void;
}

/**
 * `pg` answers asynchronously; the hub's store interface is synchronous, as the whole ingest path is
 * written on it. So the connection lives in a worker thread (hub/pg-worker.mjs): a query is posted to
 * it and this thread sleeps on a shared flag (Atomics.wait) until the answer is back, then takes it
 * off the port synchronously. The hub's thread blocks for a round trip, as it blocks for an fsync on
 * SQLite.
 */
export function openSyncPg(url: string, options: { searchPath?: string; timeoutMs?: number } = {}): SyncPg {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./pg-worker.mjs', import.meta.url), {
    workerData: { url, searchPath: options.searchPath, port: port2, flag },
    transferList: [port2],
  });
  worker.unref();
  let closed = false;
  let depth = 0;

  let asked = 0;
  const query = <T>(sql: string, params: readonly unknown[] = []): T[] => {
    if (closed) throw new Error('the hub database connection is closed');
    // Each query carries its number and the answer echoes it: the late answer to a query given up on
    // (timed out) is dropped, never taken for the next query's.
    const id = (asked += 1);
    port1.postMessage({ id, sql, params });
    const deadline = Date.now() + timeoutMs;
    type Answer = { id: number } & (
      { rows: T[]; rowCount: number } | { error: { message: string; code?: string } }
    );
    for (;;) {
      // Lowered before the port is read: an answer posted after this raises it again, so no wake is lost.
      Atomics.store(flag, 0, 0);
      let message: Answer | undefined;
      for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) {
        const answer = m.message as Answer;
        if (answer.id === id) {
          message = answer;
          break;
        }
      }
      if (message) {
        if ('error' in message) throw new PgError(message.error.message, message.error.code);
        return message.rows;
      }
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(flag, 0, 0, left) === 'timed-out')
        throw new Error(
          `PostgreSQL did not answer within ${timeoutMs} ms (${url.replace(/\/\/[^@]*@/, '//')})`,
        );
    }
  };

  return {
    query,
    transaction: <T>(body: (rows: Array<Record<string, unknown>>) => T, first?: string): T => {
      if (depth > 0) return body(first ? query(first) : []);
      let rows: Array<Record<string, unknown>>;
      try {
        rows = query(first ? `BEGIN; ${first}` : 'BEGIN');
      } catch (error) {
        // BEGIN may have run before `first` failed: leave no aborted transaction on the connection.
        if (first) {
          try {
            query('ROLLBACK');
          } catch {
            // The connection went away with it.
          }
        }
        throw error;
      }
      depth += 1;
      try {
        const result = body(rows);
        query('COMMIT');
        return result;
      } catch (error) {
        try {
          query('ROLLBACK');
        } catch {
          // The connection went away: the server rolled the transaction back itself.
        }
        throw error;
      } finally {
        depth -= 1;
      }
    },
    close: () => {
      if (closed) return;
      closed = true;
      port1.close();
      void worker.terminate();
    },
  };
}
