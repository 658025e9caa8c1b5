// The PostgreSQL connection behind hub/pg-sync.ts: `pg` is asynchronous, the hub's store interface is
// synchronous (like better-sqlite3's), so the hub thread posts one query here and waits on a shared
// flag (Atomics.wait) until this thread has the answer (decision 0021). One query at a time, in order.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

// Hub sequences and times are bigint columns; they stay below 2^53, so they are read as numbers.
pg.types.setTypeParser(20, (value) => Number(value));

const { url, searchPath, port, flag } = workerData;
let client = null;

/** A connection, made again after the server went away (a PostgreSQL restart): the next query retries. */
async function connection() {
  if (client) return client;
  const c = new pg.Client({
    connectionString: url,
    ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}),
  });
  c.on('error', () => {
    if (client === c) client = null;
  });
  await c.connect();
  client = c;
  return c;
}

/**
 * Statements with parameters are prepared once per connection (named by their text) and then only
 * bound and executed: the hub sends the same few statements thousands of times. A new connection
 * prepares them again (pg keeps the names per connection).
 */
const names = new Map();
const statement = (sql, params) => {
  if (!params || params.length === 0) return { text: sql };
  let name = names.get(sql);
  if (!name) {
    name = `dutyroom_${names.size + 1}`;
    names.set(sql, name);
  }
  return { name, text: sql, values: params };
};

port.on('message', async ({ id, sql, params }) => {
  let reply;
  try {
    const c = await connection();
    const result = await c.query(statement(sql, params));
    const last = Array.isArray(result) ? result.at(-1) : result;
    reply = { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
  } catch (error) {
    const code = typeof error?.code === 'string' ? error.code : '';
    // Not an SQL error (no SQLSTATE), or a connection or shutdown class one (08, 57): the link is gone.
    if (client && (!/^[0-9A-Z]{5}$/.test(code) || /^(08|57)/.test(code))) {
      // A broken connection: drop it, so the next query opens a new one (an open transaction is lost with it).
      client.end().catch(() => undefined);
      client = null;
    }
    reply = { error: { message: String(error?.message ?? error), code: error?.code } };
  }
  port.postMessage({ id, ...reply });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});

port.on('close', () => {
  if (client) client.end().catch(() => undefined);
});
