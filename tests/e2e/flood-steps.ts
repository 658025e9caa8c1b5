import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { freePort, issueToken } from './harness';
import type { Hub, Started, browserModeRig } from './rig';

/**
 * Steps of the two-station flood night that several scenarios take the same way, by visible labels: the district
 * running the hub with its city joined to it, a 较大 flood in 凉风村 registered by keys, the report desk opened
 * from the command palette by the incident's name.
 */

/** The district (demo directory, roster and feed) runs the hub; its city joins it. */
export async function districtAndCityOnOneHub(
  rig: ReturnType<typeof browserModeRig>,
  {
    prefix,
    districtArgs,
    cityOperator = '赵敏',
  }: { prefix: string; districtArgs: string[]; cityOperator?: string },
): Promise<{ district: Started; city: Started; hub: Hub }> {
  const hubPort = await freePort();
  const district = await rig.startStation({
    id: `${prefix}-500110`,
    jurisdiction: '500110',
    args: ['--name', '万盛应急值班室', ...districtArgs, '--hub-port', String(hubPort)],
  });
  const hubData = join(rig.work, `${prefix}-500110`, 'hub');
  const hub: Hub = {
    url: `http://127.0.0.1:${hubPort}`,
    port: hubPort,
    data: hubData,
    process: district,
    token: (station, jurisdiction) => issueToken(hubData, station, jurisdiction),
  };
  const city = await rig.startStation({
    id: `${prefix}-5001`,
    jurisdiction: '5001',
    hub,
    args: ['--name', '市应急值班室', '--operator', cityOperator],
  });
  return { district, city, hub };
}

/**
 * A 较大 flood in 凉风村 registered by keys: digits pick 自然灾害, 洪涝, 较大, the area typed by name and taken
 * from the offer with Enter, Ctrl+Enter saves. The demo feed may have had a call of its own in 凉风村 within
 * the hour: the form offers it as a repeat, and the officer says this one is new.
 */
export async function registerFloodInLiangfeng(page: Page, title: string): Promise<void> {
  await page.keyboard.press('n');
  const form = page.getByRole('form', { name: '接报登记' });
  await form.getByRole('textbox', { name: '事件名称' }).fill(title);
  await form.getByRole('combobox', { name: '事件类别' }).press('1');
  await form.getByRole('combobox', { name: '事件类型' }).press('1');
  await form.getByRole('combobox', { name: '事件级别' }).press('3');
  const area = form.getByRole('combobox', { name: '行政区划（名称或代码）' });
  await area.fill('凉风');
  await form
    .getByRole('listbox', { name: /匹配的乡镇/ })
    .getByRole('option', { name: /凉风村/ })
    .waitFor();
  await area.press('Enter');
  await form.getByText('区划：关坝镇 凉风村').waitFor();
  await area.press('Control+Enter');
  const anyway = form.getByRole('button', { name: '不是重复，登记为新事件' });
  await expect.poll(async () => (await form.count()) === 0 || (await anyway.count()) > 0).toBe(true);
  if ((await form.count()) > 0) await anyway.click();
  await form.waitFor({ state: 'detached' });
}

/** The report desk of an incident, by the command palette (Ctrl+K) and the incident's name. */
export async function openReportDesk(page: Page, title: string): Promise<Locator> {
  await page.keyboard.press('Control+k');
  await page.getByRole('dialog', { name: '命令' }).getByRole('textbox').fill(`起草/签发报告：${title}`);
  await page.keyboard.press('Enter');
  const desk = page.getByRole('dialog', { name: new RegExp(`信息报告：${title}`) });
  await desk.waitFor();
  return desk;
}
