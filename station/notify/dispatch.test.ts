import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import {
  decideHeadquarters,
  evolveHeadquarters,
  type HeadquartersState,
} from '../../shared/headquarters/aggregate';
import { planFor, type RoleDirectory } from '../../shared/headquarters/plan';
import { previewActivation } from '../../shared/headquarters/preview';
import { shippedPlans } from '../../shared/headquarters/shippedPlans';
import { cst, Desk, hhmm, leader } from '../../shared/headquarters/headquarters.testing';
import {
  decideWarning,
  evolveWarning,
  type WarningEvent,
  type WarningState,
} from '../../shared/warnings/aggregate';
import { warningLoop } from '../../shared/warnings/loop';
import { defaultWarningPolicy } from '../../shared/warnings/policy';
import { createHttpGateway } from './httpGateway';
import { followUpWarning, notifyHeadquartersMembers } from './dispatch';

/** A gateway stub on loopback that refuses the numbers it is told are invalid and records the rest. */
let server: Server | undefined;
async function gatewayStub(invalid: readonly string[] = []) {
  const sent: Array<{ to: string; channel: string; key: string }> = [];
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as { to: string; channel: string };
      if (invalid.includes(body.to)) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'invalid number' }));
        return;
      }
      sent.push({ to: body.to, channel: body.channel, key: String(req.headers['idempotency-key']) });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `gw-${sent.length}` }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`;
  return {
    notifier: createHttpGateway({ url, token: 't', timeoutMs: 1000, retries: 1, backoffMs: 10 }),
    sent,
  };
}
afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
});

describe('notifying headquarters members through the gateway', () => {
  it('every member not yet told gets an SMS; the outcomes go on record, a refused number as a failed notice', async () => {
    const flood = planFor(shippedPlans, 'natural_disaster', 'flood')!;
    const directory: RoleDirectory = [
      { role: 'government_head', person: { id: 'p-zhang', name: '张区长', phones: ['13800001111'] } },
      { role: 'em_director', person: { id: 'p-wang', name: '王局长', phones: ['13800002222'] } },
      { role: 'fire_rescue_chief', person: { id: 'p-qian', name: '钱大队长', phones: ['10000000000'] } },
    ];
    const phones = new Map(directory.map((h) => [h.person.id, h.person.phones]));
    const preview = previewActivation(flood, 'III', directory);
    if (!preview.ok) throw new Error('no preview');
    const incidentId = newId();
    const d = new Desk<HeadquartersState, Parameters<typeof evolveHeadquarters>[1]>(
      (cmd, hq, ctx) =>
        decideHeadquarters(
          cmd,
          {
            incident: { id: incidentId, status: 'responding' },
            plan: flood,
            ...(hq ? { headquarters: hq } : {}),
          },
          ctx,
        ),
      evolveHeadquarters,
      '2026-07-10 02:00',
    );
    d.must(
      'headquarters.activate',
      {
        incidentId,
        planId: flood.id,
        planVersion: 1,
        responseLevel: 'III',
        members: preview.value.lines.map((l) => l.member),
      },
      leader,
    );
    const { notifier, sent } = await gatewayStub(['10000000000']);

    d.at('2026-07-10 02:01');
    const outcomes = await notifyHeadquartersMembers(
      d.state!,
      (id) => phones.get(id) ?? [],
      notifier,
      (m) => `【区防指】请${m.name}45分钟内到岗`,
    );
    for (const payload of outcomes)
      d.must('headquarters.record_notification', { ...payload, sentAt: undefined });

    expect(sent.map((s) => s.to)).toEqual(['13800001111', '13800002222']);
    expect(d.state!.members.map((m) => [m.personId, m.notifiedBy ?? '', m.notificationFailures])).toEqual([
      ['p-zhang', 'sms', 0],
      ['p-wang', 'sms', 0],
      ['p-qian', '', 1],
    ]);
    expect(
      d.events
        .filter((e) => e.type === 'headquarters.member_notified')
        .map((e) => (e.payload as { messageId?: string }).messageId),
    ).toEqual(['gw-1', 'gw-2']);

    // Run again: only the member not yet told is tried, with a fresh key since a failure is on record.
    const again = await notifyHeadquartersMembers(
      d.state!,
      () => ['13800003333'],
      notifier,
      () => '到岗通知',
    );
    expect(again.map((o) => [o.personId, o.outcome])).toEqual([['p-qian', 'sent']]);
    expect(sent.at(-1)!.key).toBe(`hq:${d.state!.id}:p-qian:sms:2:0`);
  });
});

describe('following up a warning through the gateway', () => {
  it('two silent townships get a voice reminder at 10 minutes, and the one still silent has its superior called', async () => {
    const d = new Desk<WarningState, WarningEvent>(decideWarning, evolveWarning, '2026-07-10 01:00');
    const warningId = newId(d.now);
    const recipients = [1, 2, 3, 4, 5].map((i) => ({
      id: `town-${i}`,
      name: `第${i}镇值班室`,
      jurisdiction: `50010100${i}`,
      tier: 1,
      superiorId: `head-${i}`,
    }));
    d.must('warning.issue', {
      warningId,
      hazard: '暴雨',
      colour: 'red',
      areas: ['500101'],
      text: '暴雨红色预警',
      recipients,
    });
    d.at('2026-07-10 01:05');
    for (const id of ['town-1', 'town-2', 'town-3'])
      d.must('warning.acknowledge', { warningId, recipientId: id, channel: 'phone' });
    const { notifier, sent } = await gatewayStub();
    const phonesOf = (id: string) => [`139000000${id.slice(-1)}${id.startsWith('head') ? '9' : '0'}`];
    const texts = {
      reminder: () => '请立即叫应暴雨红色预警',
      escalation: (r: { name: string }) => `${r.name}未叫应暴雨红色预警，请督促`,
    };

    // At 01:08 nothing is due yet.
    expect(
      (
        await followUpWarning(
          d.state!,
          warningLoop(d.state!, cst('2026-07-10 01:08'), defaultWarningPolicy),
          cst('2026-07-10 01:08'),
          phonesOf,
          notifier,
          texts,
        )
      ).commands,
    ).toEqual([]);

    d.at('2026-07-10 01:11');
    const first = await followUpWarning(
      d.state!,
      warningLoop(d.state!, d.now, defaultWarningPolicy),
      d.now,
      phonesOf,
      notifier,
      texts,
    );
    expect(first.commands.map((c) => [c.type, c.payload.recipientId])).toEqual([
      ['warning.renotify', 'town-4'],
      ['warning.renotify', 'town-5'],
    ]);
    for (const c of first.commands) d.must(c.type, c.payload);

    d.at('2026-07-10 01:12').must('warning.acknowledge', {
      warningId,
      recipientId: 'town-4',
      channel: 'phone',
    });
    d.at('2026-07-10 01:17');
    const second = await followUpWarning(
      d.state!,
      warningLoop(d.state!, d.now, defaultWarningPolicy),
      d.now,
      phonesOf,
      notifier,
      texts,
    );
    expect(second.commands.map((c) => [c.type, c.payload.recipientId])).toEqual([
      ['warning.escalate', 'town-5'],
    ]);
    for (const c of second.commands) d.must(c.type, c.payload);

    expect(sent.map((s) => [s.to, s.channel])).toEqual([
      ['13900000040', 'voice'],
      ['13900000050', 'voice'],
      ['13900000059', 'voice'],
    ]);
    const town5 = d.state!.recipients.find((r) => r.id === 'town-5')!;
    expect([hhmm(town5.renotifiedAt[0]), hhmm(town5.escalatedAt!), town5.escalatedTo]).toEqual([
      '01:11',
      '01:17',
      'head-5',
    ]);
  });
});
