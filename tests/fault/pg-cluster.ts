// A PostgreSQL server of one test's own (issue 21): made with initdb in a temporary folder, on a free
// port, so that the test may restart it mid-run without touching the shared test server other suites
// use in parallel. Debian's server binaries (/usr/lib/postgresql/<version>/bin); as root, the server
// runs as the `postgres` user (it refuses root). Missing binaries fail the test, never skip it.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './hub-process';

const run = promisify(execFile);

function serverBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin (install Debian\'s postgresql: README, "Testing")',
    );
  return join(root, versions[0], 'bin');
}

export interface PrivatePg {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust on this port only, for the test). */
  url: string;
  /** `pg_ctl restart -m fast`: every session ended, the server back with the same options. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startPrivatePg(): Promise<PrivatePg> {
  const bin = serverBin();
  const dir = mkdtempSync(join(tmpdir(), 'duty-pg-'));
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    chownSync(data, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
      : run(join(bin, command), args);
  await as('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const ctl = (args: string[]) => as('pg_ctl', ['-D', data, '-w', '-t', '60', ...args]);
  await ctl(['-l', join(dir, 'server.log'), '-o', options, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => {
      // The log named again: without it the server would write to this pipe and hold it open.
      await ctl(['-l', join(dir, 'server.log'), '-m', 'fast', 'restart']);
    },
    close: async () => {
      try {
        await ctl(['-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
