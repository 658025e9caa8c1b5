import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { EventEnvelope } from '../../shared/events/envelope';
import type { PullReply } from '../../shared/sync/protocol';
import { issueToken, verifyToken } from '../../hub/auth';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import { certificateFingerprint } from '../../hub/tls';
import { connectOutcome, rawClient, tempDir, waitFor } from './helpers';
import { freePort, hubBundle, killRunningHubs, runHubCommand, spawnHub } from './hub-process';

const POSIX = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;

const KEY = 'cli-test-signing-key-0123456789-abcdefgh';
const dir = tempDir('cli');
afterAll(() => {
  killRunningHubs();
  dir.remove();
});

describe('npm run hub', () => {
  it('issues a token, serves the demo feed to it, and a revoke-token run against the data directory cuts it off', async () => {
    const data = `${dir.path}/hub`;
    const issued = await runHubCommand([
      'issue-token',
      '--data',
      data,
      '--key',
      KEY,
      '--station',
      'district-500110',
      '--jurisdiction',
      '500110',
      '--ttl',
      '600',
    ]);
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    const principal = await verifyToken(new TextEncoder().encode(KEY), token, Date.now());
    expect(principal).toMatchObject({ station: 'district-500110', jurisdiction: '500110' });

    const port = await freePort();
    const hub = await spawnHub({
      port,
      dataDir: data,
      key: KEY,
      args: ['--simulate', 'demo', '--seed', '3', '--tick-ms', '50'],
    });
    const client = rawClient(`http://127.0.0.1:${port}`, token);
    try {
      expect(await connectOutcome(client)).toEqual({ connected: true });
      const received: EventEnvelope[] = [];
      client.on('events', (b) => received.push(...b.events));
      const replay: PullReply = await client.emitWithAck('pull', { since: 0 });
      if (replay.ok) received.push(...replay.events);
      await waitFor(
        'the demo teams and their moves',
        () => received.some((e) => e.type === 'team.registered') && received.length >= 6,
        60_000,
      );
      expect(received.every((e) => e.station === 'sim-500110')).toBe(true);

      const closed = new Promise<number>((resolve) => client.once('disconnect', () => resolve(Date.now())));
      const revoked = await runHubCommand(['revoke-token', '--data', data, '--key', KEY, '--token', token]);
      const revokedAt = Date.now(); // the revocation is committed when the command exits
      expect(revoked.code).toBe(0);
      expect((await closed) - revokedAt).toBeLessThan(5000);
      const again = rawClient(`http://127.0.0.1:${port}`, token);
      expect((await connectOutcome(again)).connected).toBe(false);
      again.disconnect();
    } finally {
      client.disconnect();
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
  }, 180_000);
});

describe('npm run hub issue-token: one station per jurisdiction, and no nonsense', () => {
  it('refuses a second station for a code, or a second code for a station, until the code is released', async () => {
    const data = `${dir.path}/claims`;
    const issue = (station: string, jurisdiction: string, ...more: string[]) =>
      runHubCommand([
        'issue-token',
        '--data',
        data,
        '--key',
        KEY,
        '--station',
        station,
        '--jurisdiction',
        jurisdiction,
        ...more,
      ]);
    expect((await issue('district-500110', '500110')).code).toBe(0);
    // The same station again (a new token for the same room) is fine.
    expect((await issue('district-500110', '500110')).code).toBe(0);
    const second = await issue('district-500110-b', '500110');
    expect(second.code).toBe(2);
    expect(second.stdout.trim()).toBe('');
    expect(second.stderr).toContain('jurisdiction 500110 belongs to station district-500110');
    const elsewhere = await issue('district-500110', '500111');
    expect(elsewhere.code).toBe(2);
    expect(
      (
        await runHubCommand([
          'release-jurisdiction',
          '--data',
          data,
          '--key',
          KEY,
          '--jurisdiction',
          '500110',
        ])
      ).code,
    ).toBe(0);
    expect((await issue('district-500110-b', '500110')).code).toBe(0);
  });

  it('refuses a ttl that is not a whole number of seconds above 0, with a message and no token', async () => {
    const data = `${dir.path}/ttl`;
    for (const ttl of ['-5', 'abc', '0', '1.5']) {
      const r = await runHubCommand([
        'issue-token',
        '--data',
        data,
        '--key',
        KEY,
        '--station',
        'township-1',
        '--jurisdiction',
        '500110001',
        `--ttl=${ttl}`,
      ]);
      expect(r.code, ttl).toBe(2);
      expect(r.stdout.trim(), ttl).toBe('');
      expect(r.stderr, ttl).toContain('--ttl must be a whole number of seconds above 0');
      expect(r.stderr, ttl).not.toMatch(/\n\s+at /);
    }
    // Typed with a space, a negative number reads as an option: still one line, no stack trace.
    const spaced = await runHubCommand([
      'issue-token',
      '--data',
      data,
      '--key',
      KEY,
      '--station',
      'township-1',
      '--jurisdiction',
      '500110001',
      '--ttl',
      '-5',
    ]);
    expect(spaced.code).toBe(2);
    expect(spaced.stdout.trim()).toBe('');
    expect(spaced.stderr).not.toMatch(/\n\s+at /);
  });
});

const serving = new Set<ChildProcess>();
afterAll(() => {
  for (const child of serving) child.kill('SIGKILL');
});

/** `npm run hub` serving, with its standard output kept (the start lines name the address and the certificate). */
async function serveHub(args: string[]): Promise<{ stdout: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [await hubBundle(), ...args], {
    env: { ...process.env, DUTY_HUB_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  serving.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  void exited.then(() => serving.delete(child));
  await Promise.race([
    // The address, then (with TLS) the certificate's fingerprint.
    waitFor('the hub to listen', () => out.includes('hub listening on') && (!args.includes('--tls-cert') || out.includes('fingerprint')), 60_000),
    exited.then((c) => {
      throw new Error(`hub exited (${c}) before listening: ${err}`);
    }),
  ]);
  return {
    stdout: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('npm run hub: TLS with a site CA it makes (issue 17, decision 0013)', () => {
  it('make-cert makes the site CA once and server certificates signed by it, keys 0600 in a 0700 folder', async () => {
    const data = `${dir.path}/tls-make`;
    const first = await runHubCommand(['make-cert', '--data', data, '--host', '127.0.0.1', '--host', 'localhost,hub.example']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('made the site CA');
    const caPrint = /CA SHA-256 fingerprint: ([0-9A-F:]{95})/.exec(first.stdout)?.[1];
    const certPrint = /certificate SHA-256 fingerprint: ([0-9A-F:]{95})/.exec(first.stdout)?.[1];
    expect(caPrint).toBe(certificateFingerprint(readFileSync(`${data}/tls/ca.crt`, 'utf8')));
    expect(certPrint).toBe(certificateFingerprint(readFileSync(`${data}/tls/hub.crt`, 'utf8')));
    expect(new X509Certificate(readFileSync(`${data}/tls/hub.crt`)).subjectAltName).toBe(
      'IP Address:127.0.0.1, DNS:localhost, DNS:hub.example',
    );
    if (POSIX) {
      expect(mode(`${data}/tls`)).toBe(0o700);
      for (const f of ['ca.key', 'hub.key']) expect(mode(`${data}/tls/${f}`), f).toBe(0o600);
    }
    // Again, for another server: the same CA signs it.
    const second = await runHubCommand(['make-cert', '--data', data, '--host', '10.0.0.7', '--name', 'station-500110']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('reused the site CA');
    expect(second.stdout).toContain(`CA SHA-256 fingerprint: ${caPrint}`);
    const ca = new X509Certificate(readFileSync(`${data}/tls/ca.crt`));
    expect(new X509Certificate(readFileSync(`${data}/tls/station-500110.crt`)).verify(ca.publicKey)).toBe(true);
    // Nonsense is one line and exit 2.
    for (const bad of [[], ['--host', 'not a host!'], ['--host', 'x', '--days', '-3'], ['--host', 'x', '--name', 'ca']]) {
      const r = await runHubCommand(['make-cert', '--data', data, ...bad]);
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stderr, bad.join(' ')).not.toMatch(/\n\s+at /);
    }
  }, 120_000);

  it('serves TLS only with the certificate it made, printing its fingerprint; plain and untrusting clients are refused', async () => {
    const data = `${dir.path}/tls-serve`;
    expect((await runHubCommand(['make-cert', '--data', data, '--host', '127.0.0.1'])).code).toBe(0);
    const keyFile = `${dir.path}/tls-serve.key`;
    writeFileSync(keyFile, KEY, { mode: 0o600 });
    const port = await freePort();
    const hub = await serveHub([
      '--port', String(port), '--data', data, '--key-file', keyFile,
      '--tls-cert', `${data}/tls/hub.crt`, '--tls-key', `${data}/tls/hub.key`,
    ]);
    try {
      expect(hub.stdout()).toContain(`hub listening on https://127.0.0.1:${port}`);
      expect(hub.stdout()).toContain(
        `certificate SHA-256 fingerprint: ${certificateFingerprint(readFileSync(`${data}/tls/hub.crt`, 'utf8'))}`,
      );
      const token = (await issueToken(new TextEncoder().encode(KEY), { station: 'district-500110', jurisdiction: '500110' })).token;
      const ca = readFileSync(`${data}/tls/ca.crt`, 'utf8');
      // Each client made just before its outcome is awaited, so that no refusal comes before it is listened for.
      const clients: Array<{ disconnect(): unknown }> = [];
      const outcome = (client: Parameters<typeof connectOutcome>[0]) => {
        clients.push(client);
        return connectOutcome(client);
      };
      try {
        const options = { transports: ['websocket'], reconnection: false, auth: { token } };
        expect(await outcome(io(`https://127.0.0.1:${port}`, { ...options, ca }))).toEqual({ connected: true });
        expect((await outcome(io(`https://127.0.0.1:${port}`, options))).connected).toBe(false);
        expect((await outcome(rawClient(`http://127.0.0.1:${port}`, token))).connected).toBe(false);
      } finally {
        for (const c of clients) c.disconnect();
      }
      if (POSIX) for (const f of ['hub.sqlite', 'hub.sqlite-wal', 'hub.sqlite-shm']) expect(mode(`${data}/${f}`), f).toBe(0o600);
    } finally {
      await hub.stop();
    }
  }, 120_000);

  it('refuses to listen beyond loopback in plain text, or with half a certificate, saying what to do', async () => {
    const data = `${dir.path}/tls-refusals`;
    const open = await runHubCommand(['--data', data, '--host', '0.0.0.0', '--port', String(await freePort())]);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('refused: listening on 0.0.0.0 without TLS');
    expect(open.stderr).toContain('make-cert');
    const half = await runHubCommand(['--data', data, '--tls-cert', `${data}/x.crt`, '--port', String(await freePort())]);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('TLS needs both --tls-cert and --tls-key');
    const missing = await runHubCommand(['--data', data, '--tls-cert', `${data}/x.crt`, '--tls-key', `${data}/x.key`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--tls-cert .*x\.crt: cannot read it \(ENOENT\)/);
    for (const r of [open, half, missing]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run hub: secrets from files, never on the screen (issue 17)', () => {
  it('issue-token --out writes the token 0600 and prints none of it; revoke-token --token-file revokes it', async () => {
    const data = `${dir.path}/secrets`;
    const keyFile = `${dir.path}/secrets.key`;
    writeFileSync(keyFile, KEY, { mode: 0o600 });
    const out = `${dir.path}/district.token`;
    const issued = await runHubCommand([
      'issue-token', '--data', data, '--key-file', keyFile,
      '--station', 'district-500110', '--jurisdiction', '500110', '--out', out,
    ]);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.stdout.trim()).toBe('');
    const token = readFileSync(out, 'utf8').trim();
    const principal = await verifyToken(new TextEncoder().encode(KEY), token, Date.now());
    expect(principal).toMatchObject({ station: 'district-500110' });
    expect(issued.stderr).not.toContain(token);
    expect(issued.stderr).not.toContain('warning');
    if (POSIX) expect(mode(out)).toBe(0o600);

    const revoked = await runHubCommand(['revoke-token', '--data', data, '--token-file', out]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stderr).toContain(`token ${principal!.tokenId} revoked`);
    expect(revoked.stderr).not.toContain(token);
    const store = openSqliteHubStore(`${data}/hub.sqlite`);
    try {
      expect(store.isRevoked(principal!)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('a token or key on the command line still works, with a warning naming the file option; the secret is not repeated', async () => {
    const data = `${dir.path}/flags`;
    const issued = await runHubCommand([
      'issue-token', '--data', data, '--key', KEY, '--station', 'township-1', '--jurisdiction', '500110001',
    ]);
    expect(issued.code).toBe(0);
    expect(issued.stderr).toContain('warning: --key on the command line shows in the process list (ps)');
    expect(issued.stderr).toContain('--key-file FILE');
    expect(issued.stderr).not.toContain(KEY);
    const token = issued.stdout.trim();
    const revoked = await runHubCommand(['revoke-token', '--data', data, '--token', token]);
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toContain('warning: --token on the command line');
    expect(revoked.stderr).toContain('--token-file FILE');
    expect(revoked.stderr).not.toContain(token);
    const notToken = `${dir.path}/not-a-token`;
    writeFileSync(notToken, 'hello-this-is-no-jwt\n', { mode: 0o600 });
    const refused = await runHubCommand(['revoke-token', '--data', data, '--token-file', notToken]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('that is not a hub token (…-jwt');
    expect(refused.stderr).not.toContain('hello-this-is-no-jwt');
  });
});
