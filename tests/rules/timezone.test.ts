import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const engineFiles = readdirSync(join(root, 'shared', 'rules')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

/** Run the printing script in a fresh Node process with the given host time zone. */
async function printUnder(tz: string): Promise<{ hostOffsetMinutes: number; out: unknown[]; more: unknown[]; windows: number[] }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'print-obligations.ts')], {
    cwd: root,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as { hostOffsetMinutes: number; out: unknown[]; more: unknown[]; windows: number[] };
}

describe('deadlines do not depend on the host time zone', () => {
  it('the engine never calls a local-time Date API', () => {
    // Local getters/setters and locale formatting read the host zone; the engine must use shared/time.
    const localTime = /\.(get|set)(FullYear|Month|Date|Day|Hours|Minutes|Seconds|TimezoneOffset)\(|toLocale\w*\(|\.toDateString\(|\.toTimeString\(|\bnew Date\(|Date\.now\(/;
    expect(engineFiles).toEqual(expect.arrayContaining(['obligations.ts', 'profile.ts']));
    for (const file of engineFiles) {
      const offending = readFileSync(join(root, 'shared', 'rules', file), 'utf8')
        .split('\n')
        .map((line, i) => [i + 1, line] as const)
        .filter(([, line]) => localTime.test(line));
      expect(offending, file).toEqual([]);
    }
  });

  it('the same histories give the same obligations, schedules and day windows in New York, Shanghai and UTC processes', async () => {
    const [newYork, shanghai, utc] = await Promise.all(['America/New_York', 'Asia/Shanghai', 'UTC'].map(printUnder));
    // The zones really differ in the child processes, or the comparison would prove nothing.
    expect([newYork.hostOffsetMinutes, shanghai.hostOffsetMinutes, utc.hostOffsetMinutes]).toEqual([300, -480, 0]);
    expect(newYork.out.length).toBe(300);
    expect(newYork.out).toEqual(utc.out);
    expect(shanghai.out).toEqual(utc.out);
    // Tianjin's profile and every daily follow-up start, with their schedules; calendar-day windows.
    expect(newYork.more.length).toBe(240);
    expect(newYork.more).toEqual(utc.more);
    expect(shanghai.more).toEqual(utc.more);
    expect(newYork.windows.length).toBe(54);
    expect(newYork.windows).toEqual(utc.windows);
    expect(shanghai.windows).toEqual(utc.windows);
  }, 120_000);
});
