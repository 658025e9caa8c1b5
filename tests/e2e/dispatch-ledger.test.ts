import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { sealFeed } from '../../hub/simulator';
import { eventPayloads } from '../../shared/events/catalog';
import type { DomainEvent, EventDraft } from '../../shared/events/envelope';
import { newId } from '../../shared/ids';
import type { PublishReply } from '../../shared/sync/protocol';
import { toInstant } from '../../shared/time';
import { repoRoot } from './harness';
import { browserModeRig, describeBrowserSuite, registerIncident, SCENARIO_LIMIT, SHOWS_WITHIN } from './rig';

/**
 * Issue 6's scenario in Debian's Chromium against browser mode, real processes throughout (hub,
 * station, SQLite): the district imports its ledgers from the ledger pane (a risk-point ledger with two
 * bad rows: reported by row and column, not imported; the rest imported and drawn), registers an
 * incident, dispatches the nearest team from the map's dispatch panel, and a team terminal feeding
 * the hub (acknowledgement, positions at 1 Hz, arrival) moves the team's status and position on the map.
 */
const ledgers = join(repoRoot, 'resources/ledgers');

/** A team terminal (车载终端) as a station of the district publishing to the hub, as the simulator does. */
function teamTerminal(hubUrl: string, token: string) {
  const station = 'terminal-500110';
  const socket: Socket = io(hubUrl, { transports: ['websocket'], auth: { token }, reconnection: false });
  let tail: { stationSeq: number; hash: string } | null = null;
  return {
    connected: () =>
      new Promise<void>((resolve, reject) => {
        if (socket.connected) { resolve(); return; }
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
    async publish(drafts: EventDraft[]) {
      const parsed = drafts.map((d) => ({ ...d, payload: (eventPayloads[d.type] as { parse(v: unknown): unknown }).parse(d.payload) }) as EventDraft);
      const now = Date.now();
      const events: DomainEvent[] = sealFeed(parsed, tail, { station, jurisdiction: '500110', now, newId: (ms) => newId(ms) });
      const reply = (await socket.timeout(SHOWS_WITHIN).emitWithAck('publish', events)) as PublishReply;
      if (!reply.ok || reply.rejected.length > 0) throw new Error(`hub refused the terminal's events: ${JSON.stringify(reply)}`);
      const last = events.at(-1);
      if (last) tail = { stationSeq: last.stationSeq, hash: last.hash };
    },
    close: () => socket.close(),
  };
}

async function openLedgerPane(page: Page) {
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette').locator('input').fill('台账');
  await page.getByTestId('palette').locator('input').press('Enter');
  await page.getByTestId('ledger').waitFor();
}

async function checkFile(page: Page, path: string) {
  await page.getByTestId('ledger-file').setInputFiles(path);
  await page.getByTestId('ledger-check').click();
}

describeBrowserSuite('ledger import and dispatch in browser mode, end to end', () => {
  const rig = browserModeRig('ledger');
  let terminal: ReturnType<typeof teamTerminal> | undefined;
  afterAll(() => terminal?.close());

  it(
    'imports the valid rows of a ledger with two bad rows, dispatches the nearest team, and the map follows the team',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const hub = await rig.startHub();
      const district = await rig.startStation({
        id: 'district-500110',
        jurisdiction: '500110',
        hub,
        args: ['--operator', '王调度'],
      });
      terminal = teamTerminal(hub.url, await hub.token('terminal-500110', '500110'));
      await terminal.connected();

      const page = await rig.openConsole(district, { width: 1600, height: 1000 });
      const riskDrawn = page.locator('[data-testid=map-features] li[data-kind=risk-points]');
      const teamOnMap = (id: string) => page.locator(`[data-testid=map-features] li[data-kind=team][data-id="${id}"]`);

      // 1. A large ledger moves the progress bar while the station reads and checks it; then discarded.
      await openLedgerPane(page);
      const big = join(rig.work, '风险隐患点-全区.csv');
      const rows = ['隐患点编号,隐患点名称,隐患类型,风险等级,所属辖区,经度,纬度'];
      for (let i = 0; i < 20_000; i++)
        rows.push(`rp-big-${i},隐患点${i},滑坡,一般,500110,${(106.85 + (i % 200) * 0.0008).toFixed(5)},${(28.9 + Math.floor(i / 200) * 0.0008).toFixed(5)}`);
      writeFileSync(big, '\ufeff' + rows.join('\r\n'));
      await checkFile(page, big);
      await page.getByTestId('ledger-progress').waitFor();
      const report = page.getByTestId('ledger-report');
      await report.waitFor();
      expect(await report.getAttribute('data-valid')).toBe('20000');
      await page.getByTestId('ledger-discard').click();
      await report.waitFor({ state: 'detached' });
      expect(await riskDrawn.getAttribute('data-count')).toBe('0');

      // 2. The sample risk-point ledger: two bad rows reported by row and column, nothing imported yet.
      await checkFile(page, join(ledgers, 'risk-points.csv'));
      await report.waitFor();
      expect(await report.getAttribute('data-kind')).toBe('risk_point');
      expect(await report.getAttribute('data-valid')).toBe('18');
      expect(await report.getAttribute('data-invalid')).toBe('2');
      const findings = page.getByTestId('ledger-finding');
      await expect.poll(() => findings.count()).toBe(2);
      const cells = async (i: number) => [
        await findings.nth(i).getAttribute('data-row'),
        await findings.nth(i).getAttribute('data-column'),
        await findings.nth(i).getAttribute('data-problem'),
      ];
      expect(await cells(0)).toEqual(['8', '风险等级', 'UNKNOWN_RISK_LEVEL']);
      expect(await cells(1)).toEqual(['14', '纬度', 'COORDINATES_SWAPPED']);
      expect(await findings.nth(1).textContent()).toContain('经度与纬度可能填反了');
      const confirm = page.getByTestId('ledger-confirm');
      expect(await confirm.textContent()).toContain('18');
      // The import stays locked until the user acknowledges that the two rows will be left out.
      expect(await confirm.isDisabled()).toBe(true);
      expect(await riskDrawn.getAttribute('data-count')).toBe('0');
      await page.getByTestId('ledger-ack').check();
      await confirm.click();
      const result = page.getByTestId('ledger-result');
      await result.waitFor();
      expect(await result.getAttribute('data-registered')).toBe('18');
      expect(await result.getAttribute('data-skipped')).toBe('2');
      expect(await result.getAttribute('data-refused')).toBe('0');
      // Drawn on the map: the 18 valid ones, not the two bad rows.
      await expect.poll(() => riskDrawn.getAttribute('data-count')).toBe('18');

      // 3. The teams ledger (.xlsx under a title row): all twelve valid, imported, on the map.
      await page.getByTestId('ledger-another').click();
      await checkFile(page, join(ledgers, 'teams.xlsx'));
      await report.waitFor();
      expect(await report.getAttribute('data-valid')).toBe('12');
      expect(await page.getByTestId('ledger-ack').count()).toBe(0);
      await confirm.click();
      await result.waitFor();
      expect(await result.getAttribute('data-registered')).toBe('12');
      await expect.poll(() => page.locator('[data-testid=map-features] li[data-kind=team]').count()).toBe(12);
      expect(await teamOnMap('ws-hazmat').getAttribute('data-tag')).toBe('standby');

      // 4. A hazardous-chemicals leak 1.7 km from the hazmat team's base.
      const incidentAt = { lon: 106.965, lat: 28.93 };
      await page.keyboard.press('Escape');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await registerIncident(page, {
        title: '青年镇化工厂储罐泄漏',
        subtype: 'hazardous_chemicals',
        level: 'IV',
        address: '青年镇工业园化工厂',
        lon: String(incidentAt.lon),
        lat: String(incidentAt.lat),
        description: '储罐阀门泄漏，现场有刺激性气味。',
      });

      // 5. Dispatch from the map's panel: the top of the ranking is the nearest team; one click sends it.
      const row = page.getByTestId('incident-row').filter({ hasText: '青年镇化工厂储罐泄漏' });
      await row.click();
      await page.keyboard.press('d');
      const panel = page.getByTestId('dispatch-panel');
      await panel.waitFor();
      const first = panel.getByTestId('dispatch-candidate').first();
      await first.waitFor();
      expect(await first.getAttribute('data-team-id')).toBe('ws-hazmat');
      await first.getByTestId('dispatch-send').click();
      const line = page.locator('[data-testid=map-features] li[data-kind=dispatch]');
      await line.waitFor({ state: 'attached' });
      const orderId = (await line.getAttribute('data-id'))!;
      expect(await line.textContent()).toContain('万盛危化品应急救援队');

      // 6. The team terminal acknowledges: the district (which holds the team) puts it en route (出动).
      await terminal.publish([{ type: 'dispatch.acknowledged', stream: `dispatch:${orderId}`, payload: {} }]);
      await expect.poll(() => teamOnMap('ws-hazmat').getAttribute('data-tag')).toBe('en_route');

      // 7. Positions at 1 Hz from base to the scene; the map moves the team with each.
      const base = { lon: 106.952, lat: 28.941 };
      const steps = 5;
      for (let i = 1; i <= steps; i++) {
        const point = {
          lon: Number((base.lon + ((incidentAt.lon - base.lon) * i) / steps).toFixed(6)),
          lat: Number((base.lat + ((incidentAt.lat - base.lat) * i) / steps).toFixed(6)),
        };
        await terminal.publish([
          {
            type: 'team.position_reported',
            stream: 'team:ws-hazmat',
            payload: { position: { point, headingDeg: 130, speedKmh: 35, at: toInstant(Date.now()) } },
          },
        ]);
        const drawnAt = async () => [await teamOnMap('ws-hazmat').getAttribute('data-lon'), await teamOnMap('ws-hazmat').getAttribute('data-lat')];
        await expect.poll(drawnAt).toEqual([point.lon.toFixed(3), point.lat.toFixed(3)]);
        await new Promise((r) => setTimeout(r, 1000));
      }

      // 8. Arrival reported by the terminal: 到场 on the map and on the order's step line.
      await terminal.publish([{ type: 'dispatch.arrived', stream: `dispatch:${orderId}`, payload: { point: incidentAt } }]);
      await expect.poll(() => teamOnMap('ws-hazmat').getAttribute('data-tag')).toBe('on_scene');
      await page.close();
    },
  );
});
