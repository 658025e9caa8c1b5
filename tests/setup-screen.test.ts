// @vitest-environment jsdom
import { createElement } from 'react';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createStationClient } from '../shared/api/client';
import type { SiteSetupDone } from '../shared/api/setup-calls';
import { initI18n } from '../renderer/i18n';
import { SetupScreen } from '../renderer/features/setup/SetupScreen';
import { completeSetup, setupApi } from '../station/setup/launch';
import { readSiteConfig, siteFile } from '../station/setup/site';
import { parseStationArgs, startStationServices, type StationServices } from '../station/host/services';

/*
 * 首次设置 against the real set-up calls: the country's gazetteer, the rule profiles, site.json written, and the
 * launcher's own way of starting the station from it (parseStationArgs reads the saved site with no flags).
 */

let dataDir = '';
let services: StationServices | null = null;
afterEach(async () => {
  cleanup();
  await services?.close();
  services = null;
  if (dataDir) rmSync(dirname(dataDir), { recursive: true, force: true });
  dataDir = '';
});

function setUp() {
  // A first start's data folder does not exist yet.
  dataDir = join(mkdtempSync(join(tmpdir(), 'dutyroom-setup-')), 'data');
  const api = setupApi({
    dataDir,
    apply: async (_site, input) => {
      // As the launcher does: the station from the saved site, read as a start with only --data reads it.
      services = await startStationServices(parseStationArgs(['--data', dataDir, '--browser']), () => {});
      return completeSetup(services, input);
    },
  });
  const { dispatch } = api.connect('console', 'test');
  const client = createStationClient({
    request: async (method, input) => JSON.parse(JSON.stringify(await dispatch({ method, input }))) as unknown,
    subscribe: () => () => {},
    onConnectionChange: () => () => {},
  });
  initI18n('zh-CN');
  const done: SiteSetupDone[] = [];
  render(createElement(SetupScreen, { client, onDone: (d: SiteSetupDone) => done.push(d) }));
  return { done };
}

describe('首次设置: a township outside the demo district, set up from the first-run screen', () => {
  it('finds the township by name, imports the staff file, saves site.json (0600), and the station runs as it', async () => {
    const user = userEvent.setup();
    const { done } = setUp();
    const staffFile = join(dirname(dataDir), 'staff.json');
    writeFileSync(
      staffFile,
      JSON.stringify([
        { id: 'yx-1', name: '杨建华', phones: ['13800000001'], dutyRoles: ['leader'] },
        { id: 'yx-2', name: '马丽', phones: ['13800000002'], dutyRoles: ['officer'] },
      ]),
    );
    const search = await screen.findByRole('combobox', { name: '辖区（名称或代码）' });
    await user.type(search, '映秀');
    const list = await screen.findByRole('listbox', { name: '匹配的行政区划' });
    const option = within(list).getByRole('option', { name: /映秀镇/ });
    expect(option.textContent).toBe('四川省 阿坝藏族羌族自治州 汶川县 映秀镇 513221102');
    await user.keyboard('{Enter}');
    expect(screen.getByRole('status').textContent).toContain('已选：四川省 阿坝藏族羌族自治州 汶川县 映秀镇（513221102）');
    // The township's villages are offered below it; none is chosen: the station serves the township.
    const village = await screen.findByRole('combobox', { name: '或选择其下的村（社区）' });
    expect(within(village).getByRole('option', { name: /渔子溪村/ })).toBeTruthy();
    // The profiles of resources/rules are offered; automatic is the default.
    const rules = screen.getByRole('combobox', { name: '报送时限配置' });
    expect(within(rules).getAllByRole('option').map((o) => o.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining('河南省')]),
    );
    expect(screen.getByRole('radio', { name: '不连接（单机运行）' })).toHaveProperty('checked', true);
    await user.type(screen.getByRole('textbox', { name: '值班人员名录文件（JSON）' }), staffFile);
    await user.type(screen.getByRole('textbox', { name: '管理员姓名' }), '杨建华');
    await user.type(screen.getByLabelText('口令（6至12位数字或至少8位密码）'), '246810');
    await user.type(screen.getByLabelText('再次输入口令'), '246810');
    await user.click(screen.getByRole('button', { name: '保存并启动本站' }));

    await expect.poll(() => done.length, { timeout: 20_000 }).toBe(1);
    expect(done[0]).toMatchObject({
      jurisdiction: '513221102',
      name: '四川省阿坝藏族羌族自治州汶川县映秀镇应急值守',
      imported: { staff: 2, teams: 0, teamsSkipped: 0 },
    });
    expect(await screen.findByText(/已保存：四川省阿坝藏族羌族自治州汶川县映秀镇应急值守/)).toBeTruthy();

    // Saved in the data folder, for the owner only, with no secret in it.
    const saved = readSiteConfig(dataDir);
    expect(saved).toMatchObject({ jurisdiction: '513221102', stationId: 'station-513221102', hub: null, ruleProfile: 'auto' });
    if (process.platform !== 'win32') expect(statSync(siteFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(saved)).not.toContain('246810');
    // The station runs as the township, alone (no demo hub), with the imported people; the administrator is one of them.
    expect(services?.hub).toBeNull();
    expect(services?.station.store.jurisdiction).toBe('513221102');
    const status = services?.station.api.auth.status({ id: 's', kind: 'console', throttleKey: 't', session: null });
    expect(status?.firstRun).toBe(false);
    expect(status?.people.find((p) => p.name === '杨建华')?.canSignIn).toBe(true);
    expect(status?.people.find((p) => p.name === '马丽')?.canSignIn).toBe(false);
    // The next start without flags is the same site; --setup asks again; --jurisdiction still wins.
    expect(parseStationArgs(['--data', dataDir])).toMatchObject({ jurisdiction: '513221102', standalone: true });
    expect(parseStationArgs(['--data', dataDir, '--setup']).jurisdiction).toBe('500110');
    expect(parseStationArgs(['--data', dataDir, '--jurisdiction', '500229']).jurisdiction).toBe('500229');
  });

  it('says in Chinese what is missing or wrong, each with its field, and saves nothing', async () => {
    const user = userEvent.setup();
    const { done } = setUp();
    await user.type(await screen.findByRole('textbox', { name: '管理员姓名' }), '王芳');
    await user.type(screen.getByLabelText('口令（6至12位数字或至少8位密码）'), '246810');
    await user.type(screen.getByLabelText('再次输入口令'), '246811');
    await user.click(screen.getByRole('button', { name: '保存并启动本站' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('请从匹配中选择辖区');
    expect(alert.textContent).toContain('两次输入的口令不一致');

    // A code typed whole is found by itself; a directory file that is not there is named.
    const search = screen.getByRole('combobox', { name: '辖区（名称或代码）' });
    await user.type(search, '513221102');
    const list = await screen.findByRole('listbox', { name: '匹配的行政区划' });
    await user.click(within(list).getAllByRole('option')[0]);
    await user.click(screen.getByRole('radio', { name: '连接上级平台（hub）' }));
    await user.type(screen.getByRole('textbox', { name: '平台地址' }), 'https://hub.example:8443');
    await user.type(screen.getByRole('textbox', { name: '令牌文件（本机路径）' }), join(dataDir, 'no-token'));
    await user.type(screen.getByRole('textbox', { name: '值班人员名录文件（JSON）' }), join(dataDir, 'no-staff.json'));
    await user.clear(screen.getByLabelText('再次输入口令'));
    await user.type(screen.getByLabelText('再次输入口令'), '246810');
    await user.click(screen.getByRole('button', { name: '保存并启动本站' }));
    await expect
      .poll(() => screen.getByRole('alert').textContent)
      .toMatch(/令牌文件：文件无法读取.*值班人员名录文件：文件无法读取/);
    expect(screen.getByRole('alert').textContent).not.toMatch(/cannot|invalid/i);
    expect(done).toEqual([]);
    expect(readSiteConfig(dataDir)).toBeNull();
    expect(services).toBeNull();
  });
});
