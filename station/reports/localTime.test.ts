import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const sources = ['shared/reports', 'station/reports'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f)),
);

describe('report wording does not depend on the host time zone or clock', () => {
  it('report code never calls a local-time Date API or reads the wall clock itself', () => {
    // Local getters and locale formatting read the host zone (a station abroad or misconfigured would
    // print wrong times); Date.now() or new Date() would bypass the injected clock.
    const forbidden =
      /\.(get|set)(FullYear|Month|Date|Day|Hours|Minutes|Seconds|TimezoneOffset)\(|toLocale\w*\(|\.toDateString\(|\.toTimeString\(|new Date\(\)|Date\.now\(/;
    expect(sources.length).toBeGreaterThan(8);
    for (const file of sources) {
      const offending = readFileSync(join(root, file), 'utf8')
        .split('\n')
        .map((line, i) => [i + 1, line] as const)
        .filter(([, line]) => forbidden.test(line));
      expect(offending, file).toEqual([]);
    }
  });
});
