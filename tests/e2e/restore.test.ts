import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { browserModeRig, describeBrowserSuite, linkStatus, registerIncident, SCENARIO_LIMIT } from './rig';

/**
 * Issue 21, a duty room that lost its machine, in Debian's Chromium: a district registers a call and the hub
 * acknowledges it (在线); the station's disk dies (its process stopped, its data folder deleted); it is
 * reinstalled under the same id with `--restore-from-hub` and an empty folder. The restored console shows
 * the open incident with its report clocks, and says on screen what was lost: the alarm names the last
 * record the hub acknowledged and when it was recorded. Real launcher, real hub, real SQLite.
 */
const stamp = Date.now().toString(36).slice(-5);

describeBrowserSuite('a duty room restored from the hub', () => {
  const rig = browserModeRig('restore');

  it(
    'shows the restored console with its open incidents, their report clocks, and what was lost',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const hub = await rig.startHub();
      const options = { id: 'district-500110', jurisdiction: '500110', hub, args: ['--operator', '张伟'] };
      const before = await rig.startStation(options);
      const page = await rig.openConsole(before);
      const title = `青年镇道路塌方${stamp}`;
      await registerIncident(page, { title });
      await page.getByTestId('incident-row').filter({ hasText: title }).waitFor();
      await page.getByTestId('clock-row').filter({ hasText: title }).first().waitFor();
      // Delivered: 在线 means connected, the outbox empty and caught up (decision 0010).
      await expect.poll(() => linkStatus(page)).toBe('online');
      await page.close();

      // The disk dies: the process is gone and so is its data folder.
      await before.stop();
      rmSync(join(rig.work, options.id), { recursive: true, force: true });

      // Reinstalled with the same id: restored from the hub before it opens.
      const after = await rig.startStation({ ...options, args: [...options.args, '--restore-from-hub'] });
      expect(after.output()).toContain('已恢复并核验');
      const restored = await rig.openConsole(after);
      await restored.getByTestId('incident-row').filter({ hasText: title }).waitFor();
      await restored.getByTestId('clock-row').filter({ hasText: title }).first().waitFor();
      const notice = restored.getByTestId('alarm').filter({ hasText: '已从上级平台恢复' });
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(/上级平台签收的最后一条本站记录为第\d+条（记录于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}）/);
      expect(await notice.textContent()).toContain('原机此后记录而未送达的内容已丢失');
      await expect.poll(() => linkStatus(restored)).toBe('online');
    },
  );
});
