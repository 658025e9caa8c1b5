import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { officer, registerIncidentCommand } from '../../station/store/store.testing';
import { openStationStore } from '../../station/store/index';
import { percentile, timeSamples, type Bench, type BenchResult } from './harness';

/*
 * Issue 20, decision 0026: does the station belong in Electron's main process (as today) or in a utility
 * process (Signal moves SQL off the main thread)? The main process also moves windows, routes IPC and paints
 * nothing itself, so what matters is how long station work holds its event loop, against what a hop to another
 * process costs each API call. Measured in Node, whose event loop and child IPC with structured clone are what
 * Electron's main process and utilityProcess are built on:
 *  - a catch-up after a night offline: EVENTS remote events ingested in batches of BATCH as the sync client
 *    does, then the whole log verified — once in this process, once in a child process — while a 10 ms timer
 *    in this process notes how late it fires (what a window drag or an IPC reply would wait);
 *  - an API call both ways: the open-incident list (200 of them) and a one-number call, direct and through the
 *    child's IPC.
 */
const EVENTS = 5_000;
const BATCH = 500;
const here = dirname(fileURLToPath(import.meta.url));
const CITY = { stationId: 'bench-city-5001', jurisdiction: '5001' };

/** How late a 10 ms timer fires while `work` runs: the main process's stalls. */
async function loopStalls(work: () => Promise<void>): Promise<{ maxMs: number; p99Ms: number; workMs: number }> {
  const lateness: number[] = [];
  let expected = performance.now() + 10;
  const timer = setInterval(() => {
    const now = performance.now();
    lateness.push(Math.max(0, now - expected));
    expected = now + 10;
  }, 10);
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const t0 = performance.now();
  await work();
  const workMs = performance.now() - t0;
  // Let the last stall's timer fire before reading.
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(timer);
  histogram.disable();
  lateness.sort((a, b) => a - b);
  return { maxMs: Math.max(histogram.max / 1e6, lateness.at(-1) ?? 0), p99Ms: percentile(lateness, 99), workMs };
}

function child(): { proc: ChildProcess; ask: (m: unknown) => Promise<unknown> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(here, 'station-process-child.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const waiting: Array<(m: unknown) => void> = [];
  proc.on('message', (m) => waiting.shift()?.(m));
  const ask = (m: unknown) =>
    new Promise<unknown>((resolve) => {
      waiting.push(resolve);
      proc.send(m as never);
    });
  return { proc, ask };
}

async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-station-process-'));
  try {
    // A district's night: EVENTS incidents registered, as the city will receive them from the hub.
    const district = openStationStore({ path: join(dir, 'district.sqlite'), stationId: 'bench-district-500101', jurisdiction: '500101' });
    for (let done = 0; done < EVENTS; done += 100)
      district.executeAll(Array.from({ length: 100 }, () => registerIncidentCommand()), officer);
    const events = district.eventsSince(0, EVENTS + 10).map((e, i) => ({ ...e.event, hubSeq: i + 1 }));
    district.close();
    const batches: unknown[][] = [];
    for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));

    // In this process (the station in Electron's main process, as today).
    const inMain = openStationStore({ path: join(dir, 'city-main.sqlite'), ...CITY });
    const mainStalls = await loopStalls(async () => {
      for (const batch of batches) {
        inMain.ingestRemote(batch);
        // The sync client yields between batches (socket reads): so does this.
        await new Promise((r) => setImmediate(r));
      }
      inMain.verify();
    });
    const directList = timeSamples(50, () => inMain.openIncidents().slice(0, 200));
    const directSmall = timeSamples(200, () => inMain.lastPosition());
    inMain.close();

    // In a process of its own (a utility process).
    const { proc, ask } = child();
    await ask({ open: join(dir, 'city-child.sqlite'), ...CITY });
    const childStalls = await loopStalls(async () => {
      for (const batch of batches) await ask({ ingest: batch });
      await ask({ verify: true });
    });
    const hop = async (call: string, n: number, runs: number) => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const t0 = performance.now();
        await ask({ call, n });
        samples.push(performance.now() - t0);
      }
      return samples.sort((a, b) => a - b);
    };
    const hopList = await hop('openIncidents', 200, 50);
    const hopSmall = await hop('lastPosition', 0, 200);
    proc.send('close');

    return {
      name: 'station-process',
      description: `Where the station runs (decision 0026): a catch-up of ${EVENTS} remote events in batches of ${BATCH} plus a full verify, in this process vs in a child process with structured-clone IPC (as a utility process), with a 10 ms timer here noting its stalls; and API calls (200 open incidents; one number) direct vs through the child.`,
      figures: {
        catchup_in_process_ms: { value: mainStalls.workMs, unit: 'ms' },
        catchup_in_process_max_stall: { value: mainStalls.maxMs, unit: 'ms' },
        catchup_in_process_p99_timer_late: { value: mainStalls.p99Ms, unit: 'ms' },
        catchup_in_child_ms: { value: childStalls.workMs, unit: 'ms' },
        catchup_in_child_max_stall: { value: childStalls.maxMs, unit: 'ms' },
        catchup_in_child_p99_timer_late: { value: childStalls.p99Ms, unit: 'ms' },
        list_200_direct_p50: { value: percentile(directList, 50), unit: 'ms' },
        list_200_child_p50: { value: percentile(hopList, 50), unit: 'ms' },
        list_200_child_p99: { value: percentile(hopList, 99), unit: 'ms' },
        small_call_direct_p50: { value: percentile(directSmall, 50), unit: 'ms' },
        small_call_child_p50: { value: percentile(hopSmall, 50), unit: 'ms' },
        small_call_child_p99: { value: percentile(hopSmall, 99), unit: 'ms' },
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [{ name: 'station-process', run }];
