import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * hub/cli.ts bundled once into plain JS, so that restarting the hub twenty times costs a node start,
 * not a TypeScript transpile each time.
 */
let bundled: Promise<string> | undefined;
export function hubBundle(): Promise<string> {
  const outfile = join(process.cwd(), 'node_modules', '.cache', 'duty-room-tests', `hub-cli-${process.pid}.mjs`);
  if (!bundled) process.once('exit', () => rmSync(outfile, { force: true }));
  bundled ??= build({
    entryPoints: [join(process.cwd(), 'hub', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay external, except their JSON data, which plain node would only import with an
    // import attribute (tsx adds it on the fly).
    plugins: [
      {
        name: 'packages-external-but-json',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.endsWith('.json') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
    outfile,
    logLevel: 'error',
  }).then(() => {
    // The PostgreSQL store's worker thread is a file of its own, found beside the module that starts it.
    copyFileSync(join(process.cwd(), 'hub', 'pg-worker.mjs'), join(dirname(outfile), 'pg-worker.mjs'));
    return outfile;
  });
  return bundled;
}

const running = new Set<ChildProcess>();
/** Kill every hub this test file started that is still running (a timed-out test leaves no orphan). */
export function killRunningHubs(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** `npm run hub` as a real child process, resolved once it listens. */
export async function spawnHub(options: {
  port: number;
  dataDir: string;
  key: string;
  crashAfterCommit?: number;
  args?: string[];
}): Promise<{ child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const child = spawn(
    process.execPath,
    [await hubBundle(), '--port', String(options.port), '--data', options.dataDir, '--key', options.key, ...(options.args ?? [])],
    {
      env: {
        ...process.env,
        DUTY_HUB_LOG: 'warn',
        ...(options.crashAfterCommit !== undefined ? { DUTY_HUB_TEST_CRASH_AFTER_COMMIT: String(options.crashAfterCommit) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('hub listening on')) resolve();
    });
    void exited.then(({ code, signal }) => reject(new Error(`hub exited before listening (${code ?? signal}): ${stderr.slice(-2000)}`)));
  });
  return { child, exited };
}

/** Run one `npm run hub -- <command>` to completion (issue-token, revoke-token). */
export async function runHubCommand(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [await hubBundle(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, stdout, stderr };
}
