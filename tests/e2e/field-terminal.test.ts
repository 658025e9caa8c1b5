import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './harness';
import { browserModeRig, describeBrowserSuite, registerIncident, SCENARIO_LIMIT } from './rig';
import { dispatchButton, openTeamPhone, pairTeamPhone } from './steps';

/**
 * Issue 19's field terminal in Debian's Chromium against browser mode (hub, station, SQLite all real):
 * the console imports the teams' ledger and pairs the hazmat team leader's phone from the dispatch panel;
 * the phone (an emulated Pixel 7 with geolocation granted) opens the address it was given, receives the
 * order the console then issues, taps 接令 and 到场 where it stands; offline it taps 处置中 and 返回, which wait
 * on the phone through a reload and arrive in order once it reaches the station; the console shows each.
 * Revoked from the console, the phone is told and refused.
 */
const ledgers = join(repoRoot, 'resources/ledgers');
const TEAM = '万盛危化品应急救援队';
const TITLE = '青年镇化工厂储罐泄漏';

describeBrowserSuite('field terminal on a team leader’s phone, end to end', () => {
  const rig = browserModeRig('field');

  it(
    'receives the order, reports 接令 到场 处置中 返回 (two of them queued offline), and is refused once revoked',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const hub = await rig.startHub();
      const district = await rig.startStation({
        id: 'district-500110',
        jurisdiction: '500110',
        hub,
        args: ['--operator', '王调度'],
      });
      const console_ = await rig.openConsole(district, { width: 1600, height: 1000 });
      const teamOnMap = console_.locator('[data-testid=map-features] li[data-kind=team][data-id="ws-hazmat"]');

      // The teams' ledger, so the station holds the teams it dispatches.
      await console_.keyboard.press('Control+k');
      await console_.getByTestId('palette').locator('input').fill('台账');
      await console_.getByTestId('palette').locator('input').press('Enter');
      await console_.getByTestId('ledger').waitFor();
      await console_.getByTestId('ledger-file').setInputFiles(join(ledgers, 'teams.xlsx'));
      await console_.getByTestId('ledger-check').click();
      await console_.getByTestId('ledger-report').waitFor();
      await console_.getByTestId('ledger-confirm').click();
      await console_.getByTestId('ledger-result').waitFor();
      await expect.poll(() => teamOnMap.getAttribute('data-tag')).toBe('standby');

      const scene = { lon: 106.965, lat: 28.93 };
      await console_.keyboard.press('Escape');
      await console_.locator('body').click({ position: { x: 5, y: 5 } });
      await registerIncident(console_, {
        title: TITLE,
        subtype: 'hazardous_chemicals',
        level: 'IV',
        address: '青年镇工业园化工厂',
        lon: String(scene.lon),
        lat: String(scene.lat),
        description: '储罐阀门泄漏，现场有刺激性气味。',
      });
      await console_.getByTestId('incident-row').filter({ hasText: TITLE }).click();
      await console_.keyboard.press('d');
      const panel = console_.getByRole('complementary', { name: /^调度 · / });
      await panel.waitFor();

      // 1. Pair the team leader's phone from the dispatch panel: the address is shown once.
      const { field, address } = await pairTeamPhone(panel, TEAM, '队长手机');

      // 2. The phone: a Pixel 7 at the team's base, geolocation granted.
      const { context: phoneContext, phone } = await openTeamPhone(rig.browser(), address, {
        latitude: 28.941,
        longitude: 106.952,
      });
      await phone.getByText(TEAM, { exact: false }).first().waitFor();
      await phone.getByText('暂无调度指令。').waitFor();
      // The token left the address bar once the page kept it.
      expect(phone.url()).not.toContain('#t=');

      // 3. The console dispatches the team; the order reaches the phone unasked.
      await dispatchButton(panel, TEAM).click();
      const order = phone.getByRole('region', { name: TITLE });
      await order.waitFor();
      await order.getByText('指令：待接令').waitFor();

      // 4. 接令: the console shows the team 出动.
      await order.getByRole('button', { name: '接令' }).click();
      await phone.getByText('已发送：接令').waitFor();
      await expect.poll(() => teamOnMap.getAttribute('data-tag')).toBe('en_route');
      const orders = panel.getByRole('region', { name: '已下达指令' });
      await expect.poll(() => orders.locator('[aria-current=step]').textContent()).toBe('出动');

      // 5. At the scene, 到场: the console shows 到场, and the team where the phone stands.
      await phoneContext.setGeolocation({ latitude: scene.lat, longitude: scene.lon, accuracy: 8 });
      await order.getByRole('button', { name: '到场' }).click();
      await phone.getByText('已发送：到场').waitFor();
      await expect.poll(() => teamOnMap.getAttribute('data-tag')).toBe('on_scene');
      await expect.poll(() => orders.locator('[aria-current=step]').textContent()).toBe('到场');
      await expect
        .poll(async () => [await teamOnMap.getAttribute('data-lon'), await teamOnMap.getAttribute('data-lat')])
        .toEqual([scene.lon.toFixed(3), scene.lat.toFixed(3)]);

      // 6. Offline: 处置中 and 返回 wait on the phone; the console still shows 到场.
      await phoneContext.setOffline(true);
      await order.getByRole('button', { name: '处置中' }).click();
      await order.getByRole('button', { name: '返回' }).click();
      await phone.getByText('离线 · 待发送 2 条').waitFor();
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await teamOnMap.getAttribute('data-tag')).toBe('on_scene');

      // 7. Back on the network but the station still out of reach, the phone reloads: the taps are still there.
      await phone.route('**/field/api/**', (route) => route.abort('connectionrefused'));
      await phoneContext.setOffline(false);
      await phone.reload();
      await phone.getByText('在线 · 待发送 2 条').waitFor();
      expect(await teamOnMap.getAttribute('data-tag')).toBe('on_scene');

      // 8. The station reachable again: both arrive, in order — 处置 then 返回 on the console.
      await phone.unroute('**/field/api/**');
      await phone.getByText('已发送：返回', { exact: false }).waitFor();
      await phone.getByText('在线', { exact: true }).waitFor();
      await expect.poll(() => teamOnMap.getAttribute('data-tag')).toBe('returning');
      await expect.poll(() => orders.locator('[aria-current=step]').textContent()).toBe('返回');

      // 9. Revoked from the console: the phone is told at once, and its token is refused.
      await field.getByRole('button', { name: `撤销 ${TEAM} 队长手机` }).click();
      await phone.getByRole('alert').filter({ hasText: '本终端已被撤销' }).waitFor();
      const refused = await phone.evaluate(async () => {
        const r = await fetch('/field/api/view', {
          headers: { authorization: 'Bearer ' + (localStorage.getItem('dutyroom.field') ?? '') },
        });
        return r.status;
      });
      expect(refused).toBe(401);

      await phoneContext.close();
      await console_.close();
    },
  );
});
