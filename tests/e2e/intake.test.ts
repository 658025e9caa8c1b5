import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserModeRig, describeBrowserSuite, SCENARIO_LIMIT } from './rig';

/**
 * Issue 5's intake in Debian's Chromium against browser mode: a call registered by keyboard alone (digits
 * pick category, type and level; the area typed by code fills its point), then a second call about the same
 * fire offered as a duplicate and merged (logged on the first incident, no second incident), then a third
 * call kept as a new incident. Real launcher, real hub, real SQLite.
 */
const stamp = Date.now().toString(36).slice(-5);

/** Keys pressed by the officer, counted: the form's promise is speed by keyboard, so the count is the measure. */
function officer(page: Page) {
  let keys = 0;
  return {
    press: async (key: string) => {
      keys += 1;
      await page.keyboard.press(key);
    },
    type: async (text: string) => {
      keys += Array.from(text).length;
      await page.keyboard.type(text);
    },
    keys: () => keys,
  };
}

describeBrowserSuite('incident intake in browser mode', () => {
  const rig = browserModeRig('intake');

  it(
    'registers a call by keyboard alone, merges a repeat call into it, and keeps a distinct one apart',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const hub = await rig.startHub();
      const station = await rig.startStation({
        id: 'district-500110',
        jurisdiction: '500110',
        hub,
        args: ['--operator', '张伟'],
      });
      const page = await rig.openConsole(station);
      const rows = (title: string) => page.getByTestId('incident-row').filter({ hasText: title });
      const form = page.getByTestId('incident-form');

      // 1. By keyboard alone: N, title, digits for category (2 事故灾难), type (1 火灾), level (3 较大), the place,
      //    the area by code (its point follows), caller, callback number, injured, description, Ctrl+Enter.
      const first = `南桐镇厂房火灾${stamp}`;
      const k = officer(page);
      await k.press('n');
      await form.waitFor();
      await k.type(first);
      await k.press('Tab');
      await k.press('2');
      await k.press('Tab');
      await k.press('1');
      await k.press('Tab');
      await k.press('3');
      await k.press('Tab');
      await k.type('南桐镇工业园3号厂房');
      await k.press('Tab');
      await k.type('500110101');
      await expect.poll(() => form.getByTestId('area-name').textContent()).toContain('南桐镇');
      expect(await form.locator('input[name=lon]').inputValue()).toBe('106.884');
      await k.press('Tab'); // lon (filled from the area)
      await k.press('Tab'); // lat
      await k.press('Tab'); // 在地图上点选
      await k.press('Tab');
      await k.type('刘强');
      await k.press('Tab');
      await k.type('13800001111');
      await k.press('Tab'); // dead 0
      await k.press('Tab');
      await k.press('Backspace');
      await k.type('2');
      await k.press('Tab'); // missing
      await k.press('Tab'); // trapped
      await k.press('Tab');
      await k.type('厂房二层起火，浓烟较大');
      await k.press('Control+Enter');
      await form.waitFor({ state: 'detached' });
      await rows(first).waitFor();
      console.log(
        `intake by keyboard: ${k.keys()} keys (characters typed included) for a full 较大 fire call`,
      );
      expect(await rows(first).textContent()).toMatch(/^Ⅲ.*火灾.*受伤 2/);

      // 2. A second caller about the same fire, 300 m away, minutes later: offered as a duplicate, merged by Enter.
      await page.keyboard.press('n');
      await form.waitFor();
      const repeat = `工业园着火${stamp}`;
      await form.locator('input[name=title]').fill(repeat);
      await form.locator('select[name=category]').selectOption('accident');
      await form.locator('input[name=areaCode]').fill('500110101');
      await form.locator('input[name=lon]').fill('106.886');
      await form.locator('input[name=lat]').fill('28.987');
      await form.locator('input[name=callerName]').fill('王芳');
      await form.locator('textarea[name=description]').fill('看到工业园方向冒黑烟');
      await form.locator('textarea[name=description]').press('Control+Enter');
      const offer = form.getByTestId('duplicates');
      await offer.waitFor();
      expect(await offer.getByTestId('duplicate').count()).toBe(1);
      expect(await offer.getByTestId('duplicate').textContent()).toContain(first);
      await page.keyboard.press('Enter'); // the first offer has the focus: merge
      await form.waitFor({ state: 'detached' });
      // The call is on record in the duty log, linked to the first; once it shows, the merge is done, and
      // there is no second incident.
      await expect.poll(() => page.getByTestId('dutylog-entry').filter({ hasText: repeat }).count()).toBe(1);
      expect(await rows(repeat).count()).toBe(0);
      expect(await rows(first).count()).toBe(1);
      expect(await page.getByTestId('dutylog-entry').filter({ hasText: repeat }).textContent()).toContain(
        '看到工业园方向冒黑烟',
      );

      // 3. A fire in the same township 10 km away is its own incident: offered, then registered anyway.
      await page.keyboard.press('n');
      await form.waitFor();
      const other = `关坝方向山火${stamp}`;
      await form.locator('input[name=title]').fill(other);
      await form.locator('select[name=category]').selectOption('accident');
      await form.locator('input[name=areaCode]').fill('500110101');
      await form.locator('textarea[name=description]').fill('另一处起火');
      // "Pick on the map" hands the click to the map and keeps what was typed; Esc comes back to the form.
      await form.getByTestId('pick-on-map').click();
      await form.getByTestId('picking').waitFor();
      await page.keyboard.press('Escape');
      await form.getByTestId('picking').waitFor({ state: 'detached' });
      expect(await form.locator('input[name=title]').inputValue()).toBe(other);
      // A click on the map while picking gives the form that point (the area's point is replaced).
      const areaLon = await form.locator('input[name=lon]').inputValue();
      const areaLat = await form.locator('input[name=lat]').inputValue();
      await form.getByTestId('pick-on-map').click();
      await form.getByTestId('picking').waitFor();
      const map = page.getByTestId('map');
      const box = await map.boundingBox();
      if (!box) throw new Error('map not laid out');
      // The map takes clicks once deck.gl has drawn its first frame (slow in software WebGL): click until a
      // click ends the picking.
      const picking = form.getByTestId('picking');
      await expect
        .poll(
          async () => {
            await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
            return picking.waitFor({ state: 'detached', timeout: 1000 }).then(
              () => 'picked',
              () => 'still picking',
            );
          },
          { interval: 250 },
        )
        .toBe('picked');
      const pickedLon = await form.locator('input[name=lon]').inputValue();
      expect(pickedLon).not.toBe(areaLon);
      expect(Number(pickedLon)).toBeGreaterThan(70);
      expect(Number(pickedLon)).toBeLessThan(140);
      expect(Number(await form.locator('input[name=lat]').inputValue())).toBeGreaterThan(15);
      expect(await form.locator('input[name=title]').inputValue()).toBe(other);
      // Back to the area's point for the duplicate check below.
      await form.locator('input[name=lon]').fill(areaLon);
      await form.locator('input[name=lat]').fill(areaLat);
      await form.locator('textarea[name=description]').press('Control+Enter');
      await offer.waitFor();
      await offer.getByTestId('register-anyway').click();
      await form.waitFor({ state: 'detached' });
      await rows(other).waitFor();
      await page.close();
    },
  );
});
