import { afterAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/events/envelope';
import type { PullReply } from '../../shared/sync/protocol';
import { verifyToken } from '../../hub/auth';
import { connectOutcome, rawClient, tempDir, waitFor } from './helpers';
import { freePort, killRunningHubs, runHubCommand, spawnHub } from './hub-process';

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
