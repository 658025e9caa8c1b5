import { describe, expect, it } from 'vitest';
import type { Person } from '../domain/common';
import type { DomainError } from '../errors';
import { newId } from '../ids';
import type { Result } from '../result';
import {
  decideHeadquarters,
  evolveHeadquarters,
  headquartersRecord,
  type HeadquartersDecisionState,
  type HeadquartersState,
} from './aggregate';
import { checkInAlarms, headquartersObligations, type HeadquartersObligation } from './obligations';
import { planFor, type ContingencyPlan, type RoleDirectory } from './plan';
import { previewActivation, previewLevelChange } from './preview';
import { shippedPlans } from './shippedPlans';
import { cst, Desk, hhmm, leader, officer } from './headquarters.testing';

const flood = planFor(shippedPlans, 'natural_disaster', 'flood')!;
const incidentId = newId(cst('2026-07-10 01:40'));

const person = (id: string, name: string, phone: string): Person => ({ id, name, phones: [phone] });
const zhang = person('p-zhang', '张区长', '13800001111');
const wang = person('p-wang', '王局长', '13800002222');
const qian = person('p-qian', '钱大队长', '13800003333');

/** Three office holders: the district head, the emergency bureau director, the fire and rescue chief. */
const directory: RoleDirectory = [
  { role: 'government_head', person: zhang },
  { role: 'em_director', person: wang },
  { role: 'fire_rescue_chief', person: qian },
];

interface World {
  incident?: HeadquartersDecisionState['incident'];
  activeForIncident?: string;
  plan?: ContingencyPlan;
}

/** A district duty desk whose decisions see the incident, the plan and the headquarters as folded. */
function desk(
  start: string,
  world: World = { incident: { id: incidentId, status: 'responding' }, plan: flood },
) {
  return new Desk<HeadquartersState, Parameters<typeof evolveHeadquarters>[1]>(
    (cmd, hq, ctx) => decideHeadquarters(cmd, { ...world, ...(hq ? { headquarters: hq } : {}) }, ctx),
    evolveHeadquarters,
    start,
  );
}

function previewMembers(level: 'I' | 'II' | 'III' | 'IV' = 'III', dir: RoleDirectory = directory) {
  const preview = previewActivation(flood, level, dir);
  if (!preview.ok) throw new Error('no preview');
  return preview.value.lines.map((l) => l.member);
}

/** Given a level III flood headquarters activated by the leader at 02:00, with everyone notified by SMS at 02:01. */
function activatedLevelIII() {
  const d = desk('2026-07-10 02:00');
  const headquartersId = newId(d.now);
  d.must(
    'headquarters.activate',
    {
      headquartersId,
      incidentId,
      planId: flood.id,
      planVersion: flood.version,
      responseLevel: 'III',
      members: previewMembers(),
    },
    leader,
  );
  d.at('2026-07-10 02:01');
  for (const p of [zhang, wang, qian]) {
    d.must('headquarters.record_notification', {
      headquartersId,
      personId: p.id,
      channel: 'sms',
      outcome: 'sent',
      messageId: `gw-${p.id}`,
    });
  }
  return { d, headquartersId };
}

const codes = (r: Result<unknown>) => (r.ok ? [] : r.errors.map((e: DomainError) => [e.code, e.field]));
const byKey = (list: HeadquartersObligation[], key: string) => list.find((o) => o.key === key)!;

describe('activation preview (启动预览)', () => {
  it('lists commander, deputies and group leads from the plan with the numbers to call, each person once', () => {
    const preview = previewActivation(flood, 'III', directory);
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(
      preview.value.lines.map((l) => [l.member.name, l.member.role, l.member.group ?? '', l.phones]),
    ).toEqual([
      ['张区长', 'commander', '', ['13800001111']],
      // The bureau director is a deputy at level III and also leads the coordination group: listed once, as deputy.
      ['王局长', 'deputy', '', ['13800002222']],
      ['钱大队长', 'group_lead', 'rescue', ['13800003333']],
    ]);
    expect(preview.value.lines[1].roles).toEqual(['em_director']);
    expect(preview.value.checkInLimitMinutes).toBe(45);
  });

  it('shows the plan roles nobody in the directory holds, so the leader sees the gaps before confirming', () => {
    const preview = previewActivation(flood, 'III', directory);
    const unfilled = preview.ok ? preview.value.unfilled.map((u) => u.role) : [];
    expect(unfilled).toContain('health_director');
    expect(unfilled).toContain('deputy_head_in_charge');
    expect(unfilled).not.toContain('government_head');
  });

  it('a level the plan does not have gives a clear error', () => {
    const onlyIV = { ...flood, levels: { IV: flood.levels.IV } };
    expect(codes(previewActivation(onlyIV, 'I', directory))).toEqual([
      ['PLAN_LEVEL_MISSING', 'responseLevel'],
    ]);
  });
});

describe('headquarters activation (指挥部启动)', () => {
  it('given a level III flood response, when members are notified and two check in, then the third raises the check-in alarm at the limit', () => {
    const { d } = activatedLevelIII();
    d.at('2026-07-10 02:20').must('headquarters.check_in', {
      headquartersId: d.state!.id,
      personId: zhang.id,
    });
    d.at('2026-07-10 02:38').must('headquarters.check_in', {
      headquartersId: d.state!.id,
      personId: wang.id,
    });

    // Limit: 45 minutes after the 02:01 notice.
    const atLimit = headquartersObligations(d.state!, flood, cst('2026-07-10 02:46'));
    expect(byKey(atLimit, `check_in.${qian.id}`)).toMatchObject({
      kind: 'hq_check_in',
      state: 'pending',
      dueAt: new Date(cst('2026-07-10 02:46')).toISOString(),
    });
    expect(checkInAlarms(atLimit)).toEqual([]);

    const after = headquartersObligations(d.state!, flood, cst('2026-07-10 02:47'));
    expect(checkInAlarms(after).map((o) => [o.personId, hhmm(o.dueAt), o.state])).toEqual([
      [qian.id, '02:46', 'overdue'],
    ]);
    expect(byKey(after, `check_in.${zhang.id}`)).toMatchObject({
      state: 'met',
      metAt: new Date(cst('2026-07-10 02:20')).toISOString(),
    });
    expect(byKey(after, `check_in.${wang.id}`).state).toBe('met');
  });

  it('the record shows every step with its time and who took it', () => {
    const { d } = activatedLevelIII();
    d.at('2026-07-10 02:20').must('headquarters.check_in', {
      headquartersId: d.state!.id,
      personId: zhang.id,
    });
    d.at('2026-07-10 02:30').must('headquarters.place_site', {
      headquartersId: d.state!.id,
      point: { lon: 106.91, lat: 28.96 },
      address: '万盛街道滨河路',
    });
    // A check-in phoned in at 02:41 for an arrival at 02:33 is recorded at 02:33.
    d.at('2026-07-10 02:41').must('headquarters.check_in', {
      headquartersId: d.state!.id,
      personId: wang.id,
      checkedInAt: new Date(cst('2026-07-10 02:33')).toISOString(),
    });
    expect(headquartersRecord(d.state!).map((s) => [hhmm(s.at), s.step, s.personId ?? '', s.by])).toEqual([
      ['02:00', 'activated', '', 'leader-liu'],
      ['02:01', 'member_notified', zhang.id, 'officer-chen'],
      ['02:01', 'member_notified', wang.id, 'officer-chen'],
      ['02:01', 'member_notified', qian.id, 'officer-chen'],
      ['02:20', 'member_checked_in', zhang.id, 'officer-chen'],
      ['02:30', 'site_placed', '', 'officer-chen'],
      ['02:33', 'member_checked_in', wang.id, 'officer-chen'],
    ]);
    expect(d.state!.site).toEqual({ lon: 106.91, lat: 28.96 });
    expect(d.events.map((e) => e.type)).toHaveLength(7);
  });

  it('only the leader on duty can confirm an activation; a duty officer is refused and nothing is written', () => {
    const d = desk('2026-07-10 02:00');
    const r = d.run(
      'headquarters.activate',
      { incidentId, planId: flood.id, planVersion: 1, responseLevel: 'III', members: previewMembers() },
      officer,
    );
    expect(codes(r)).toEqual([['HQ_LEADER_CONFIRMATION_REQUIRED', undefined]]);
    expect(d.events).toEqual([]);
  });

  it('an activation is refused for a closed incident, a second headquarters, a changed plan or two commanders', () => {
    const base = {
      incidentId,
      planId: flood.id,
      planVersion: 1,
      responseLevel: 'III',
      members: previewMembers(),
    };
    expect(
      codes(
        desk('2026-07-10 02:00', { incident: { id: incidentId, status: 'closed' }, plan: flood }).run(
          'headquarters.activate',
          base,
          leader,
        ),
      ),
    ).toEqual([['INCIDENT_CLOSED', 'payload.incidentId']]);
    expect(
      codes(desk('2026-07-10 02:00', { plan: flood }).run('headquarters.activate', base, leader)),
    ).toEqual([['NOT_FOUND', 'payload.incidentId']]);
    const running = {
      incident: { id: incidentId, status: 'responding' as const },
      activeForIncident: newId(),
      plan: flood,
    };
    expect(codes(desk('2026-07-10 02:00', running).run('headquarters.activate', base, leader))).toEqual([
      ['ALREADY_EXISTS', 'payload.incidentId'],
    ]);
    const edited = {
      incident: { id: incidentId, status: 'responding' as const },
      plan: { ...flood, version: 2 },
    };
    expect(codes(desk('2026-07-10 02:00', edited).run('headquarters.activate', base, leader))).toEqual([
      ['INVALID_FIELD', 'payload.planVersion'],
    ]);
    const twoCommanders = {
      ...base,
      members: previewMembers().map((m) => ({ ...m, role: 'commander', group: undefined })),
    };
    expect(codes(desk('2026-07-10 02:00').run('headquarters.activate', twoCommanders, leader))).toEqual([
      ['HQ_NO_COMMANDER', 'payload.members'],
    ]);
  });

  it('a check-in is refused in the future, twice, or for someone who is not a member', () => {
    const { d } = activatedLevelIII();
    const id = d.state!.id;
    d.at('2026-07-10 02:10');
    expect(
      codes(
        d.run('headquarters.check_in', {
          headquartersId: id,
          personId: zhang.id,
          checkedInAt: new Date(cst('2026-07-10 02:30')).toISOString(),
        }),
      ),
    ).toEqual([['TIME_IN_FUTURE', 'payload.checkedInAt']]);
    expect(
      codes(
        d.run('headquarters.check_in', {
          headquartersId: id,
          personId: zhang.id,
          checkedInAt: new Date(cst('2026-07-10 01:30')).toISOString(),
        }),
      ),
    ).toEqual([['TIME_BEFORE_START', 'payload.checkedInAt']]);
    expect(codes(d.run('headquarters.check_in', { headquartersId: id, personId: 'p-stranger' }))).toEqual([
      ['HQ_NOT_A_MEMBER', 'payload.personId'],
    ]);
    d.must('headquarters.check_in', { headquartersId: id, personId: zhang.id });
    expect(codes(d.run('headquarters.check_in', { headquartersId: id, personId: zhang.id }))).toEqual([
      ['HQ_ALREADY_CHECKED_IN', 'payload.personId'],
    ]);
  });

  it('a failed notice is on record and the check-in limit runs from the time the member was first told', () => {
    const d = desk('2026-07-10 02:00');
    const headquartersId = newId(d.now);
    d.must(
      'headquarters.activate',
      {
        headquartersId,
        incidentId,
        planId: flood.id,
        planVersion: 1,
        responseLevel: 'III',
        members: previewMembers(),
      },
      leader,
    );
    d.at('2026-07-10 02:02').must('headquarters.record_notification', {
      headquartersId,
      personId: qian.id,
      channel: 'sms',
      outcome: 'failed',
      reason: 'gateway 503',
    });
    d.at('2026-07-10 02:12').must('headquarters.record_notification', {
      headquartersId,
      personId: qian.id,
      channel: 'voice',
      outcome: 'sent',
    });
    const m = d.state!.members.find((x) => x.personId === qian.id)!;
    expect([m.notificationFailures, m.notifiedBy, hhmm(m.notifiedAt!)]).toEqual([1, 'voice', '02:12']);
    // Never told: the limit runs from activation.
    const list = headquartersObligations(d.state!, flood, cst('2026-07-10 02:50'));
    expect(hhmm(byKey(list, `check_in.${qian.id}`).dueAt)).toBe('02:57');
    expect([
      hhmm(byKey(list, `check_in.${zhang.id}`).dueAt),
      byKey(list, `check_in.${zhang.id}`).state,
    ]).toEqual(['02:45', 'overdue']);
  });
});

describe('working-group tasks and level changes', () => {
  it('group tasks count down from activation and a task done after its due time is met late', () => {
    const { d, headquartersId } = activatedLevelIII();
    const at0210 = headquartersObligations(d.state!, flood, cst('2026-07-10 02:10'));
    const rescue = byKey(at0210, 'task.rescue.rescue_teams_dispatched');
    expect([hhmm(rescue.dueAt), rescue.state, rescue.rule.source]).toEqual([
      '02:30',
      'pending',
      expect.stringContaining('30分钟'),
    ]);
    d.at('2026-07-10 02:34').must('headquarters.complete_task', {
      headquartersId,
      group: 'rescue',
      taskKey: 'rescue_teams_dispatched',
    });
    expect(
      byKey(
        headquartersObligations(d.state!, flood, cst('2026-07-10 02:35')),
        'task.rescue.rescue_teams_dispatched',
      ).state,
    ).toBe('met_late');
    expect(
      codes(
        d.run('headquarters.complete_task', {
          headquartersId,
          group: 'rescue',
          taskKey: 'rescue_teams_dispatched',
        }),
      ),
    ).toEqual([['HQ_TASK_DONE', 'payload.taskKey']]);
    expect(
      codes(
        d.run('headquarters.complete_task', { headquartersId, group: 'rescue', taskKey: 'reservoir_check' }),
      ),
    ).toEqual([['HQ_TASK_UNKNOWN', 'payload.taskKey']]);
    // Level III forms no aftermath group.
    expect(at0210.some((o) => o.group === 'aftermath')).toBe(false);
  });

  it('raising the level to II keeps running tasks on their clock, adds the new tasks and members, and hands command up', () => {
    const { d, headquartersId } = activatedLevelIII();
    const secretary = person('p-li', '李书记', '13800004444');
    const raisedDirectory: RoleDirectory = [
      ...directory,
      { role: 'executive_deputy_head', person: secretary },
    ];
    const raised = previewLevelChange(flood, d.state!, 'II', raisedDirectory);
    const newcomers = raised.ok ? raised.value.lines.map((l) => l.member) : [];
    expect(newcomers.map((m) => [m.personId, m.role])).toEqual([[secretary.id, 'deputy']]);
    d.at('2026-07-10 03:00').must('headquarters.change_level', {
      headquartersId,
      level: 'II',
      reason: '水位超保证水位',
      addMembers: newcomers,
    });
    expect(d.events.at(-1)!.type).toBe('headquarters.level_raised');
    const list = headquartersObligations(d.state!, flood, cst('2026-07-10 03:01'));
    expect(hhmm(byKey(list, 'task.rescue.rescue_teams_dispatched').dueAt)).toBe('02:30');
    expect(hhmm(byKey(list, 'task.rescue.reservoir_check').dueAt)).toBe('05:00');
    expect(hhmm(byKey(list, 'task.aftermath.relief_list').opensAt)).toBe('03:00');
    // The newcomer's check-in limit at level II (30 min) runs from when they were called up.
    expect(hhmm(byKey(list, `check_in.${secretary.id}`).dueAt)).toBe('03:30');
    expect(d.state!.levels.map((l) => [l.level, hhmm(l.from)])).toEqual([
      ['III', '02:00'],
      ['II', '03:00'],
    ]);

    // Level I is commanded by the party secretary: the newcomer takes command, the district head deputises.
    const sun = person('p-sun', '孙书记', '13800005555');
    const toI = previewLevelChange(flood, d.state!, 'I', [
      ...raisedDirectory,
      { role: 'party_secretary', person: sun },
    ]);
    d.at('2026-07-10 04:00').must('headquarters.change_level', {
      headquartersId,
      level: 'I',
      reason: '堤防出现管涌',
      addMembers: toI.ok ? toI.value.lines.map((l) => l.member) : [],
    });
    expect(
      d
        .state!.members.filter((m) => m.role === 'commander' || m.personId === zhang.id)
        .map((m) => [m.name, m.role]),
    ).toEqual([
      ['张区长', 'deputy'],
      ['孙书记', 'commander'],
    ]);

    d.at('2026-07-10 06:00').must('headquarters.change_level', {
      headquartersId,
      level: 'IV',
      reason: '水位回落',
    });
    expect(d.events.at(-1)!.type).toBe('headquarters.level_lowered');
    expect(
      codes(d.run('headquarters.change_level', { headquartersId, level: 'IV', reason: '重复' })),
    ).toEqual([['HQ_LEVEL_UNCHANGED', 'payload.level']]);
    expect(
      codes(
        d.run('headquarters.change_level', {
          headquartersId,
          level: 'III',
          reason: '再升',
          addMembers: [{ personId: 'p-x', name: 'X', role: 'member' }],
        }),
      ),
    ).toEqual([['INVALID_FIELD', 'payload.addMembers.0.group']]);
  });

  it('terminating the response waives what is still open and closes the record to further changes', () => {
    const { d, headquartersId } = activatedLevelIII();
    d.at('2026-07-10 02:20').must('headquarters.check_in', { headquartersId, personId: zhang.id });
    d.at('2026-07-10 09:00').must('headquarters.terminate', { headquartersId, reason: '险情解除' });
    const list = headquartersObligations(d.state!, flood, cst('2026-07-10 09:30'));
    expect(list.filter((o) => o.state === 'overdue' || o.state === 'pending')).toEqual([]);
    expect(byKey(list, `check_in.${zhang.id}`).state).toBe('met');
    expect(byKey(list, `check_in.${qian.id}`)).toMatchObject({
      state: 'waived',
      waivedReason: expect.stringContaining('终止'),
    });
    expect(
      codes(d.run('headquarters.place_site', { headquartersId, point: { lon: 106.9, lat: 28.9 } })),
    ).toEqual([['HQ_TERMINATED', 'payload.headquartersId']]);
    expect(d.state!.status).toBe('terminated');
  });
});
