import { join } from 'node:path';
import { expect } from 'vitest';
import { devices, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { confirmSigning, freePort, issueToken, TEST_PIN } from './harness';
import { SHOWS_WITHIN, type Hub, type Started, type browserModeRig } from './rig';

/**
 * The e2e steps several scenarios share, each by visible labels: the two-station flood night (the district
 * running the hub with its city joined to it, a 较大 flood in 凉风村 registered by keys), the report desk
 * opened from the command palette, its 首报 signed and sent to an upper level outside Duty Room with its
 * receipt recorded by hand (issue 19, decision 0022), and a team leader's phone paired from the dispatch
 * panel and opened as an emulated phone (decision 0025).
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

/** The incident's report desk, opened from the command palette (Ctrl+K) by its action's name. */
export async function openReportDesk(page: Page, title: string): Promise<Locator> {
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: '命令' });
  await palette.getByRole('textbox', { name: '输入命令…' }).fill(title);
  await palette.getByRole('option', { name: `起草/签发报告：${title}` }).click();
  const desk = page.getByRole('dialog', { name: `信息报告：${title}` });
  await desk.waitFor();
  return desk;
}

/** 起草首报, 保存并送签, 签发 with the signed-in leader's own PIN; resolves with the report's row once approved. */
export async function signFirstReport(page: Page, desk: Locator, pin: string = TEST_PIN): Promise<Locator> {
  await desk.getByRole('button', { name: '起草首报' }).click();
  await desk.getByRole('form', { name: '报告内容' }).waitFor();
  await desk.getByRole('button', { name: '保存并送签' }).click();
  await desk.getByRole('button', { name: '签发', exact: true }).click();
  await confirmSigning(page, pin);
  const row = desk.getByTestId('report-row');
  await expect.poll(() => row.getAttribute('data-status')).toBe('approved');
  return row;
}

/**
 * 报送上级 to an external unit (its option reads 名称（级别，未接入值守台）) by phone. Where given, `addressees`
 * must be the form's whole list of 报送对象 and `contact` the number it shows for the unit before the send is
 * confirmed. Resolves once sent.
 */
export async function sendToExternalByPhone(
  desk: Locator,
  row: Locator,
  option: string,
  { contact, addressees }: { contact?: string; addressees?: string[] } = {},
): Promise<void> {
  await desk.getByRole('button', { name: '报送上级' }).click();
  const send = desk.getByRole('form', { name: '报送上级' });
  const addressee = send.getByLabel('报送对象');
  if (addressees) expect(await addressee.locator('option').allTextContents()).toEqual(addressees);
  await addressee.selectOption({ label: option });
  await send.getByLabel('报送方式').selectOption({ label: '电话' });
  if (contact) await send.getByText(contact).waitFor();
  await send.getByRole('button', { name: '确认报送' }).click();
  await expect.poll(() => row.getAttribute('data-status')).toBe('sent');
}

/** 记录人工回执 for a report sent to `unit`: who received it (now, as the form offers) and a note. */
export async function recordManualReceipt(
  desk: Locator,
  row: Locator,
  { unit, receiver, note }: { unit: string; receiver: string; note?: string },
): Promise<void> {
  await desk.getByRole('button', { name: '记录人工回执' }).click();
  const receipt = desk.getByRole('form', { name: `记录人工回执：${unit}` });
  await receipt.getByLabel('接收人').fill(receiver);
  if (note) await receipt.getByLabel('备注').fill(note);
  await receipt.getByRole('button', { name: '保存回执' }).click();
  await expect.poll(() => row.getAttribute('data-status')).toBe('received');
}

/** 配对手机 under 外勤终端 in the dispatch panel; resolves with the terminal's address, shown once. */
export async function pairTeamPhone(panel: Locator, team: string, label: string): Promise<{ field: Locator; address: string }> {
  const field = panel.getByRole('region', { name: '外勤终端' });
  await field.getByLabel('队伍').selectOption({ label: team });
  await field.getByLabel('终端名称').fill(label);
  await field.getByRole('button', { name: '配对手机' }).click();
  const address = await field.getByLabel('终端地址（仅显示一次，在队长手机上打开）').inputValue();
  expect(address).toMatch(/\/field\/#t=[A-Za-z0-9_-]{32}$/);
  return { field, address };
}

/** The team leader's phone: an emulated Pixel 7 where it stands, geolocation granted, open at its address. */
export async function openTeamPhone(
  browser: Browser,
  address: string,
  at: { latitude: number; longitude: number },
): Promise<{ context: BrowserContext; phone: Page }> {
  const context = await browser.newContext({
    ...devices['Pixel 7'],
    geolocation: { ...at, accuracy: 10 },
    permissions: ['geolocation'],
    locale: 'zh-CN',
  });
  const phone = await context.newPage();
  phone.setDefaultTimeout(SHOWS_WITHIN);
  await phone.goto(address);
  return { context, phone };
}

/** The dispatch panel's 调度 button of the named team among the available ones. */
export function dispatchButton(panel: Locator, team: string): Locator {
  return panel
    .getByRole('region', { name: '可调队伍（按预计到达排序）' })
    .getByRole('listitem')
    .filter({ hasText: team })
    .getByRole('button', { name: /^调度/ });
}
