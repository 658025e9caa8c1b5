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
    const issued = await runHubCommand(['issue-token', '--data', data, '--key', KEY, '--station', 'district-500110', '--jurisdiction', '500110', '--ttl', '600']);
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    const principal = await verifyToken(new TextEncoder().encode(KEY), token, Date.now());
    expect(principal).toMatchObject({ station: 'district-500110', jurisdiction: '500110' });

    const port = await freePort();
    const hub = await spawnHub({ port, dataDir: data, key: KEY, args: ['--simulate', 'demo', '--seed', '3', '--tick-ms', '50'] });
    const client = rawClient(`http://127.0.0.1:${port}`, token);
    try {
      expect(await connectOutcome(client)).toEqual({ connected: true });
      const received: EventEnvelope[] = [];
      client.on('events', (b) => received.push(...b.events));
      const replay: PullReply = await client.emitWithAck('pull', { since: 0 });
      if (replay.ok) received.push(...replay.events);
      await waitFor('the demo teams and their moves', () => received.some((e) => e.type === 'team.registered') && received.length >= 6, 60_000);
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
