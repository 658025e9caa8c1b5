import { expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { Page } from 'playwright-core';
import { newId } from '../../shared/ids';
import { confirmSigning, demoLeaderOnDuty, demoPerson, signIn } from './harness';
import { districtAndCityOnOneHub, openReportDesk, registerFloodInLiangfeng } from './steps';
import { browserModeRig, describeBrowserSuite, linkStatus, SCENARIO_LIMIT } from './rig';

/**
 * Issue 17, "authority you can prove", in Debian's Chromium by visible labels. The district runs the hub
 * with the demo directory and this month's roster; its city joins that hub. On the district's one console
 * an officer signs in, drafts a 首报 and has no 签发 — and a request crafted over the station's socket with
 * the officer's session is refused, whatever actor it claims. The leader on duty signs in at the same
 * console, signs with their own PIN and sends; a second report is signed from the leader's paired phone
 * page. The city, signed in as its own officer, acknowledges. The shift hands over at the same console: each
 * leader signs the kept sheet with their own PIN and the console passes to the incoming one. A wall display
 * (?view=wall) shows and cannot act.
 */
type Reply = { ok: boolean; value?: unknown; errors?: Array<{ code: string }> };

/** A hand-made client of the station's browser-mode socket, as a script in a console's tab could be. */
async function craftedSocket(
  url: string,
  screen: 'console' | 'wall',
): Promise<{
  ask(method: string, input?: unknown): Promise<Reply>;
  close(): void;
}> {
  const socket: Socket = io(url, { path: '/api/socket.io', auth: { screen }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    ask: (method, input = {}) =>
      socket.timeout(30_000).emitWithAck('request', { method, input }) as Promise<Reply>,
    close: () => socket.close(),
  };
}

const codes = (reply: Reply) => (reply.errors ?? []).map((e) => e.code);

describeBrowserSuite('authority you can prove (issue 17)', () => {
  const rig = browserModeRig('authority');

  it(
    'an officer drafts and cannot sign; the leader on duty signs with their PIN at the same console and from their phone; the city acknowledges; both leaders sign the handover with their PINs and the console passes on; the wall cannot act',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const leaderId = demoLeaderOnDuty();
      const leader = demoPerson(leaderId)!;
      const officer = demoPerson('ws-duty-o1')!;
      // The district runs the hub and seeds the demo directory, its PINs and this month's roster.
      const { district, city } = await districtAndCityOnOneHub(rig, {
        prefix: 'auth',
        districtArgs: ['--operator', 'ws-duty-o1'],
      });
      const stationUrl = district.match[1];
      // The rig signs the district's console in as its --operator: the officer 张丽.
      const [a, b] = await Promise.all([rig.openConsole(district), rig.openConsole(city)]);
      await a.getByTestId('signed-in').getByText(officer.name, { exact: true }).waitFor();
      await a
        .getByTestId('signed-in')
        .getByText(/值班员/)
        .waitFor();

      const register = registerFloodInLiangfeng;
      const openDesk = (title: string) => openReportDesk(a, title);
      const closeDesk = async (desk: ReturnType<Page['getByRole']>) => {
        await a.keyboard.press('Escape');
        await desk.waitFor({ state: 'detached' });
      };

      // The officer registers the call and drafts the 首报: it waits for the leader, and the officer has no 签发.
      const first = `凉风村洪涝${Date.now().toString(36).slice(-4)}`;
      await register(a, first);
      let desk = await openDesk(first);
      await desk.getByRole('button', { name: '起草首报' }).click();
      await desk.getByRole('button', { name: '保存并送签' }).click();
      await desk.getByText(/待带班领导签发（.+）/).waitFor();
      await desk.getByText('由带班领导签发').waitFor();
      expect(await desk.getByRole('button', { name: '签发', exact: true }).count()).toBe(0);
      await closeDesk(desk);

      // A request crafted over the station's socket with the officer's own session (the tab's resume token):
      // whatever actor it claims, and however it asks, the station signs nothing.
      const token = await a.evaluate(() => window.sessionStorage.getItem('dutyroom.session'));
      expect(token).toBeTruthy();
      const crafted = await craftedSocket(stationUrl, 'console');
      try {
        const resumed = await crafted.ask('resumeSession', { token });
        expect(resumed.ok).toBe(true);
        expect((resumed.value as { person: { name: string }; role: string }).role).toBe('officer');
        const incidents = (await crafted.ask('snapshot')).value as {
          incidents: Array<{ id: string; facts: { title: string } }>;
          reports: Array<{ id: string; incidentId: string; status: string }>;
        };
        const incidentId = incidents.incidents.find((i) => i.facts.title === first)!.id;
        const report = incidents.reports.find((r) => r.incidentId === incidentId)!;
        expect(report.status).toBe('awaiting_approval');
        const forged = await crafted.ask('execute', {
          id: newId(Date.now()),
          type: 'report.approve',
          payload: { reportId: report.id, verification: { method: 'pin' } },
          actor: { id: leaderId, name: leader.name, role: 'leader' },
        });
        expect(forged.ok).toBe(false);
        expect(codes(forged)).toContain('CONFIRMATION_REQUIRED');
        // Signing with the officer's own PIN: the PIN is right, the role is not.
        const ownPin = await crafted.ask('approveReport', { reportId: report.id, secret: officer.pin });
        expect(codes(ownPin)).toEqual(['APPROVER_REQUIRED']);
        // A "phone approval" naming the officer as the approving leader.
        const selfApproved = await crafted.ask('recordPhoneApproval', {
          reportId: report.id,
          leaderId: 'ws-duty-o1',
          calledBack: '13800000000',
          confirmedOnCallBack: true,
        });
        expect(codes(selfApproved)).toEqual(['APPROVER_REQUIRED']);
        const after = (await crafted.ask('reportsOf', { incidentId })).value as Array<{ status: string }>;
        expect(after.map((r) => r.status)).toEqual(['awaiting_approval']);
        const trail = (await crafted.ask('streamEvents', { stream: `report:${report.id}` })).value as Array<{
          type: string;
        }>;
        expect(trail.map((e) => e.type)).not.toContain('report.approved');
      } finally {
        crafted.close();
      }

      // The officer signs out; the leader on duty signs in at the same console and signs with their own PIN.
      await a.getByTestId('signed-in').getByRole('button', { name: '签退' }).click();
      await signIn(a, leader);
      await a
        .getByTestId('signed-in')
        .getByText(/带班领导/)
        .waitFor();
      desk = await openDesk(first);
      await desk.getByRole('button', { name: '签发', exact: true }).click();
      // A wrong PIN signs nothing and says so.
      const confirm = a.getByRole('dialog', { name: '签发确认' });
      await confirm.getByLabel('口令', { exact: true }).fill('000000');
      await confirm.getByRole('button', { name: '确认签发' }).click();
      await confirm.getByRole('alert').waitFor();
      await confirmSigning(a, leader.pin);
      await desk.getByText(`签发：${leader.name}（本人口令确认）`).waitFor();
      await desk.getByRole('button', { name: '报送上级' }).click();
      await desk.getByText('已报送').first().waitFor();
      await closeDesk(desk);

      // The city, signed in as its own officer, confirms receipt; the district's desk says so.
      await b.getByTestId('signed-in').getByText('赵敏', { exact: true }).waitFor();
      const inboxRow = (title: string) =>
        b
          .getByRole('region', { name: '报送时限' })
          .getByRole('listitem')
          .filter({ hasText: title })
          .filter({ has: b.getByRole('button', { name: '确认接收' }) });
      await inboxRow(first).getByRole('button', { name: '确认接收' }).click();
      await inboxRow(first).waitFor({ state: 'detached' });
      desk = await openDesk(first);
      await desk
        .getByText(/上级已接收/)
        .first()
        .waitFor();
      await closeDesk(desk);

      // A second report: drafted at the console, signed by the leader from their paired phone.
      const second = `凉风村山洪${Date.now().toString(36).slice(-4)}`;
      await register(a, second);
      desk = await openDesk(second);
      await desk.getByRole('button', { name: '起草首报' }).click();
      await desk.getByRole('button', { name: '保存并送签' }).click();
      await desk.getByText(/待带班领导签发（.+）/).waitFor();
      await closeDesk(desk);
      await a.getByTestId('signed-in').getByRole('button', { name: '手机审批' }).click();
      const pairing = a.getByRole('dialog', { name: '配对本人手机（手机审批）' });
      await pairing.getByLabel('手机名称').fill('值班手机');
      await pairing.getByRole('button', { name: '生成审批链接' }).click();
      const link = await pairing.getByLabel('手机审批链接（只显示一次）').inputValue();
      expect(link).toMatch(/\/phone\/#t=/);
      await pairing.getByRole('button', { name: '撤销 值班手机' }).waitFor();
      await pairing.getByRole('button', { name: '关闭' }).click();

      const phone = await rig.newPage({ viewport: { width: 390, height: 800 }, isMobile: true });
      await phone.goto(link);
      await phone.getByText(`${leader.name}（可签发）`).waitFor();
      const card = phone.getByRole('region', { name: `${second} · 首报` });
      await card.getByLabel('本人口令').fill(leader.pin);
      await card.getByRole('button', { name: `签发 ${second} · 首报` }).click();
      await phone.getByText(`已签发：${second} · 首报`).waitFor();
      await card.waitFor({ state: 'detached' });
      await phone.close();

      desk = await openDesk(second);
      await desk.getByText(`签发：${leader.name}（手机审批）`).waitFor();
      await desk.getByRole('button', { name: '报送上级' }).click();
      await desk.getByText('已报送').first().waitFor();
      await closeDesk(desk);
      await inboxRow(second).getByRole('button', { name: '确认接收' }).click();
      await inboxRow(second).waitFor({ state: 'detached' });

      // The shift hands over at this console: the outgoing leader signs the kept sheet with their own PIN, then the
      // incoming leader with theirs — and the console is the incoming leader's; the archived sheet shows both.
      await a.keyboard.press('Control+k');
      await a.getByRole('dialog', { name: '命令' }).getByRole('textbox').fill('值班表');
      await a.keyboard.press('Enter');
      await a.getByRole('tab', { name: '交接班' }).click();
      await a.getByRole('button', { name: '生成交接单' }).click();
      const drawn = a.getByRole('dialog', { name: /交接班记录/ });
      await drawn.getByRole('button', { name: '存档交接单' }).click();
      await drawn.waitFor({ state: 'detached' });
      const kept = a.getByTestId('handover-kept').getByRole('listitem').first();
      await kept.getByRole('button', { name: '交班人签字' }).click();
      const outgoing = a.getByRole('dialog', { name: '交班人签字' });
      // The leader signed in here is of the outgoing crew: chosen already.
      expect(await outgoing.getByLabel('签字人').locator('option:checked').textContent()).toBe(leader.name);
      await outgoing.getByLabel('口令', { exact: true }).fill(leader.pin);
      await outgoing.getByRole('button', { name: '确认签字' }).click();
      await outgoing.waitFor({ state: 'detached' });
      await kept.getByText(`${leader.name} `, { exact: false }).first().waitFor();
      await kept.getByRole('button', { name: '接班人签字' }).click();
      const incoming = a.getByRole('dialog', { name: '接班人签字' });
      const incomingName = (await incoming.getByLabel('签字人').locator('option').first().textContent())!;
      const incomingPerson = demoPerson(incomingName)!;
      expect(incomingName).not.toBe(leader.name);
      await incoming.getByLabel('签字人').selectOption({ label: incomingName });
      await incoming.getByLabel('口令', { exact: true }).fill(incomingPerson.pin);
      await incoming.getByRole('button', { name: '确认签字' }).click();
      await incoming.waitFor({ state: 'detached' });
      await a.getByTestId('signed-in').getByText(incomingName, { exact: true }).waitFor();
      expect(await kept.textContent()).toMatch(
        new RegExp(`${leader.name}.*本人口令确认.*${incomingName}.*本人口令确认`),
      );

      // The wall display shows the board without anyone signing in, offers nothing to act with, and its
      // socket's command attempts are refused — a sign-in with the leader's right PIN included.
      const wall = await rig.newPage({ viewport: { width: 1600, height: 900 } });
      await wall.goto(`${stationUrl}?view=wall`);
      await expect.poll(() => linkStatus(wall)).toBe('online');
      await wall.getByRole('status', { name: '最紧急' }).waitFor();
      expect(await wall.getByRole('heading', { name: '值班人员登录' }).count()).toBe(0);
      expect(await wall.getByRole('button', { name: /接报登记/ }).count()).toBe(0);
      expect(await wall.getByTestId('signed-in').count()).toBe(0);
      await wall.close();
      const wallSocket = await craftedSocket(stationUrl, 'wall');
      try {
        const signedIn = await wallSocket.ask('signIn', { personId: leaderId, secret: leader.pin });
        expect(codes(signedIn)).toEqual(['VIEW_ONLY']);
        const registered = await wallSocket.ask('execute', {
          id: newId(Date.now()),
          type: 'incident.register',
          payload: {},
        });
        expect(codes(registered)).toEqual(['VIEW_ONLY']);
        // It may look: queries answer.
        expect((await wallSocket.ask('linkState')).ok).toBe(true);
      } finally {
        wallSocket.close();
      }
      await a.close();
      await b.close();
    },
  );
});
