// Sign-in benchmark (issue 17): the station's sign-in check, end to end through a screen's dispatcher as a
// socket would call it — argon2id verification (19 MiB, 2 passes), throttle bookkeeping, the session, the role
// from the directory and the running demo roster. Goal: under 300 ms per check on this machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStation } from '../../station/api/api.testing';
import { seedDemoRoster } from '../../station/roster/demo';
import { demoCredentials, demoPinOf } from '../../station/auth/demo';
import { goal, percentile, type Bench } from './harness';

const RUNS = 30;

export const benches: Bench[] = [
  {
    name: 'signin-check',
    run: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-signin-'));
      const station = openTestStation({ dir, jurisdiction: '500110', stationId: 'station-500110', operator: undefined });
      try {
        seedDemoRoster(station.store, Date.now());
        const staff = station.store.staff();
        await station.api.auth.provision(demoCredentials(staff));
        const person = staff.find((p) => p.dutyRoles.includes('officer'));
        if (!person) throw new Error('no demo officer');
        const secret = demoPinOf(person) ?? '';
        const samples: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          const screen = station.api.connect('console', `bench-${i}`);
          const t0 = performance.now();
          const reply = await screen.dispatch({ method: 'signIn', input: { personId: person.id, secret } });
          samples.push(performance.now() - t0);
          if (!reply.ok) throw new Error(`sign-in refused: ${JSON.stringify(reply)}`);
        }
        samples.sort((a, b) => a - b);
        const figures = {
          p50: { value: percentile(samples, 50), unit: 'ms' },
          p99: { value: percentile(samples, 99), unit: 'ms' },
          max: { value: samples[samples.length - 1] ?? 0, unit: 'ms' },
        };
        return {
          name: 'signin-check',
          description: `${RUNS} sign-ins of a demo officer through a screen's dispatcher (argon2id m=19 MiB t=2 p=1, throttle, session, role from the roster)`,
          figures,
          goals: [goal(figures, 'p99', '<=', 300)],
        };
      } finally {
        station.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
