import { afterEach, describe, expect, it } from 'vitest';
import { officer } from '../store/store.testing';
import { openTestStation } from './api.testing';
import { newId } from '../../shared/ids';
import { MINUTE } from '../../shared/time';
import { demoDirectoryPath, readWarningDirectory } from '../warnings/directory';

/** The warnings calls over a real store, through a client speaking JSON as a transport would. */
const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

function setup() {
  let now = Date.parse('2026-07-10T01:00:00.000Z');
  const station = openTestStation({
    stationId: 'district-500110',
    jurisdiction: '500110',
    name: '万盛经开区应急值守',
    clock: () => now,
    warnings: { contacts: readWarningDirectory(demoDirectoryPath).contacts },
  });
  closers.push(station.close);
  return { ...station, advance: (ms: number) => (now += ms) };
}

const townships = ['500110001', '500110101', '500110102', '500110103', '500110104'];

describe('warnings in the station API', () => {
  it('lists the areas, previews the recipients of a choice, and issues to them; the snapshot and the push carry the warning', async () => {
    const { client, pushes } = setup();
    const areas = await client.warningAreas({});
    expect(areas.ok && areas.value.filter((a) => a.tier === 1).map((a) => a.code)).toEqual(townships);

    const preview = await client.warningRecipients({ areas: townships, tiers: [1], gridPersons: false });
    if (!preview.ok) throw new Error('preview refused');
    expect(preview.value.map((r) => [r.id, r.superiorName?.slice(-3), r.reachable])).toEqual([
      ['ws-001-duty', '王建平', true],
      ['ws-101-duty', '李国强', true],
      ['ws-102-duty', '张明华', true],
      ['ws-103-duty', '陈志勇', true],
      ['ws-104-duty', '刘德明', true],
    ]);
    // No phone numbers leave the station.
    const phones = readWarningDirectory(demoDirectoryPath).contacts.flatMap((c) => c.phones);
    expect(phones.filter((phone) => JSON.stringify(preview.value).includes(phone))).toEqual([]);

    const withGrid = await client.warningRecipients({ areas: ['500110101'], tiers: [], gridPersons: true });
    expect(withGrid.ok && withGrid.value.map((r) => [r.kind, r.superiorId])).toEqual([
      ['grid_person', 'ws-101-duty'],
      ['grid_person', 'ws-101-duty'],
      ['grid_person', 'ws-101-duty'],
    ]);

    const warningId = newId();
    const issued = await client.execute({
      id: newId(),
      type: 'warning.issue',
      actor: officer,
      payload: {
        warningId,
        hazard: '暴雨',
        colour: 'orange',
        areas: townships,
        text: '预计未来6小时将出现50毫米以上强降雨。',
        recipients: preview.value.map(({ id, name, jurisdiction, tier, superiorId }) => ({
          id,
          name,
          jurisdiction,
          tier,
          ...(superiorId ? { superiorId } : {}),
        })),
      },
    } as never);
    expect(issued.ok).toBe(true);
    const pushed = pushes.find((p) => p.kind === 'changes' && p.warnings?.length);
    expect(pushed?.kind === 'changes' && pushed.warnings?.[0]?.id).toBe(warningId);
    const snapshot = await client.snapshot({});
    expect(snapshot.ok && snapshot.value.warnings.map((w) => [w.id, w.status, w.recipients.length])).toEqual([
      [warningId, 'active', 5],
    ]);
  });

  it('a recipient silent past the limit raises an alarm in the duty room; the record shows each step and the next one owed', async () => {
    const { client, pushes, store, advance } = setup();
    const preview = await client.warningRecipients({ areas: ['500110103'], tiers: [1], gridPersons: false });
    if (!preview.ok) throw new Error('preview refused');
    const warningId = newId();
    const recipients = preview.value.map(({ id, name, jurisdiction, tier, superiorId }) => ({
      id,
      name,
      jurisdiction,
      tier,
      ...(superiorId ? { superiorId } : {}),
    }));
    store.execute(
      {
        id: newId(),
        type: 'warning.issue',
        payload: {
          warningId,
          hazard: '地质灾害',
          colour: 'yellow',
          areas: ['500110103'],
          text: '注意防范。',
          recipients,
        },
      },
      officer,
    );
    advance(10 * MINUTE + 1000);
    // A warning event (or the timer) triggers the check; an answer for nobody else is refused and changes nothing.
    store.execute(
      {
        id: newId(),
        type: 'warning.record_delivery',
        payload: { warningId, recipientId: 'ws-103-duty', channel: 'phone' },
      },
      officer,
    );
    const raised = pushes.flatMap((p) => (p.kind === 'alarm_raised' ? [p.alarm] : []));
    expect(raised.map((a) => [a.kind, a.params.name, a.params.step])).toEqual([
      ['warning_unanswered', '关坝镇应急值班室', 'overdue'],
    ]);

    const record = await client.warningRecord({ warningId });
    if (!record.ok) throw new Error('record refused');
    expect(record.value.steps.map((s) => s.step)).toEqual(['issued', 'delivered']);
    expect(record.value.loop[0]).toMatchObject({
      recipientId: 'ws-103-duty',
      stage: 'delivered',
      late: true,
      next: { kind: 'warning_renotify' },
    });
    expect(record.value.names['ws-103-head']).toContain('陈志勇');

    // Answered by phone: the alarm clears.
    store.execute(
      {
        id: newId(),
        type: 'warning.acknowledge',
        payload: { warningId, recipientId: 'ws-103-duty', channel: 'phone' },
      },
      officer,
    );
    expect(pushes.some((p) => p.kind === 'alarm_cleared' && p.alarmId === raised[0]?.id)).toBe(true);
    const missing = await client.warningRecord({ warningId: newId() });
    expect(missing.ok ? [] : missing.errors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });
});
