import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationSnapshot } from '../../shared/api/contract';
import { obligationsFor } from '../../shared/rules/obligations';
import { ruleOf, ruleProfileFor } from '../../shared/rules/profile';
import { cst, IncidentHistory } from '../../shared/rules/rules.testing';
import { toInstant } from '../../shared/time';
import { openStation } from '../../station/host/station';
import { readRuleProfiles, stationRuleProfile } from '../../station/rules/profiles';
import { officer, registerIncidentCommand } from '../../station/store/store.testing';

/*
 * Issue 16, point 5: each station runs the profile for its jurisdiction, from resources/rules (adding a
 * province is adding a file) and a site file that can add or replace entries; the station says which.
 */

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dutyroom-rules-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const write = (dir: string, name: string, json: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(json));
  return file;
};

describe('the profile a station runs', () => {
  it.each([
    ['410102', 'henan'],
    ['41', 'henan'],
    ['410102001', 'henan'],
    ['120101', 'tianjin'],
    ['12', 'tianjin'],
    ['500110', 'default'],
    ['420102', 'default'],
  ])('a station at %s runs %s', (jurisdiction, id) => {
    expect(stationRuleProfile(jurisdiction).id).toBe(id);
  });

  it('the shipped files load over the default, each once', () => {
    const read = readRuleProfiles();
    expect(read.ok ? read.value.map((p) => [p.id, p.appliesTo]) : read.errors).toEqual([
      ['default', undefined],
      ['henan', '41'],
      ['tianjin', '12'],
    ]);
  });

  it('adding a province is adding a file', () => {
    const dir = tempDir();
    write(dir, 'hubei.json', {
      id: 'hubei',
      name: '湖北省（测试）',
      appliesTo: '42',
      categories: { accident: { levels: { III: { initialWritten: { minutes: 45, source: '测试用配置' } } } } },
    });
    const profile = stationRuleProfile('420102', { dir });
    expect(profile.id).toBe('hubei');
    expect(ruleOf(profile, { category: 'accident', subtype: 'mine', level: 'III' }, 'initialWritten')?.rule.minutes).toBe(45);
  });

  it('a site file lays a city over its province and may replace a shipped profile', () => {
    const site = tempDir();
    write(site, 'zhengzhou.json', {
      id: 'zhengzhou',
      name: '郑州市（测试）',
      categories: { accident: { subtypes: { road_traffic: { levels: { II: { initialPhone: { minutes: 10, source: '测试用：重大道路交通事故电话10分钟' } } } } } } },
    });
    const siteFile = write(site, 'rules.json', { '4101': 'zhengzhou.json' });
    const zz = stationRuleProfile('410102', { siteFile });
    expect(zz).toMatchObject({ id: 'zhengzhou', appliesTo: '4101' });
    expect(ruleOf(zz, { category: 'accident', subtype: 'road_traffic', level: 'II' }, 'initialPhone')?.rule.minutes).toBe(10);
    // Laid over Henan's rules, not the default's.
    expect(ruleOf(zz, { category: 'accident', subtype: 'mine', level: 'II' }, 'initialWritten')?.rule.minutes).toBe(35);
    expect(stationRuleProfile('410202', { siteFile }).id).toBe('henan');

    write(site, 'henan-2027.json', { id: 'henan-2027', name: '河南省（新规，测试）', categories: {} });
    const replacing = write(site, 'replace.json', { '41': 'henan-2027.json' });
    expect(stationRuleProfile('410202', { siteFile: replacing }).id).toBe('henan-2027');
  });

  it('bad files are refused with every bad field and its file named, and a station will not start on them', () => {
    const site = tempDir();
    write(site, 'bad.json', { id: 'bad', name: '坏', categories: { accident: { levels: { II: { initialPhone: { minutes: 0, source: '某地' } } } } } });
    write(site, 'other.json', { id: 'other', name: '另一个', appliesTo: '4102', categories: {} });
    const siteFile = write(site, 'rules.json', { '4101': 'bad.json', '4103': 'other.json', '41xx': 'x.json' });
    const read = readRuleProfiles({ siteFile });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.errors.map((e) => [e.field, e.detail])).toEqual([['41xx', siteFile]]);

    const mapped = write(site, 'rules2.json', { '4101': 'bad.json', '4103': 'other.json' });
    const again = readRuleProfiles({ siteFile: mapped });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.errors.map((e) => [e.field, e.detail])).toEqual([
        ['categories.accident.levels.II.initialPhone.minutes', join(site, 'bad.json')],
        ['appliesTo', join(site, 'other.json')],
      ]);
      expect(again.errors[0].message.zh).toBe('事故灾难 › 重大(II) › 电话首报 › 分钟数：不能小于 1');
    }
    expect(() => stationRuleProfile('410102', { siteFile: mapped })).toThrow(/bad\.json categories\.accident\.levels\.II\.initialPhone\.minutes/);

    const dir = tempDir();
    write(dir, 'a.json', { id: 'a', name: 'a', appliesTo: '41', categories: {} });
    write(dir, 'b.json', { id: 'b', name: 'b', appliesTo: '41', categories: {} });
    const twice = readRuleProfiles({ dir });
    expect(twice.ok ? [] : twice.errors.map((e) => [e.code, e.detail])).toEqual([['ALREADY_EXISTS', join(dir, 'b.json')]]);
  });
});

describe('Tianjin (seed 003, art. 十一: 直报 of 重大 and above)', () => {
  const tianjin = stationRuleProfile('120101');

  it.each([
    ['accident', 'hazardous_chemicals', 'II', '2026-11-25 10:30'],
    ['natural_disaster', 'flood', 'I', '2026-11-25 10:30'],
    ['public_health', 'epidemic', 'II', '2026-11-25 10:30'],
    ['social_security', 'mass_incident', 'I', '2026-11-25 10:30'],
    ['accident', 'hazardous_chemicals', 'III', null],
  ] as const)('a %s (%s) of level %s owes a report straight to the municipal level by %s', (category, subtype, level, due) => {
    const h = new IncidentHistory('120101').register({ category, subtype, level, receivedAt: '2026-11-25 10:00' });
    const direct = obligationsFor(h.events, tianjin, cst('2026-11-25 10:05'), '120101').find((o) => o.key === 'direct.province');
    expect(direct?.dueAt).toBe(due === null ? undefined : toInstant(cst(due)));
    if (direct) expect(direct.rule.source).toContain('天津');
    // Met only by a report addressed to Tianjin (12).
    if (due !== null) {
      h.report('2026-11-25 10:20', 'initial', 'written', { addressedTo: '12' });
      expect(obligationsFor(h.events, tianjin, cst('2026-11-25 10:25'), '120101').find((o) => o.key === 'direct.province')?.state).toBe('met');
    }
  });

  it('an upgrade to 重大 opens the direct report from the change; the national 10-dead rule stays below 重大', () => {
    const h = new IncidentHistory('120101').register({ category: 'natural_disaster', subtype: 'flood', level: 'III', receivedAt: '2026-11-25 10:00' });
    h.update('2026-11-25 11:00', { level: 'II' });
    expect(obligationsFor(h.events, tianjin, cst('2026-11-25 11:05'), '120101').find((o) => o.key === 'direct.province')?.dueAt).toBe(
      toInstant(cst('2026-11-25 11:30')),
    );
    const ten = new IncidentHistory('120101').register({ category: 'natural_disaster', subtype: 'flood', level: 'III', receivedAt: '2026-11-25 10:00' });
    ten.update('2026-11-25 11:00', { casualties: { dead: 10, injured: 0, missing: 0, trapped: 0 } });
    expect(obligationsFor(ten.events, tianjin, cst('2026-11-25 11:05'), '120101').find((o) => o.key === 'direct.province')).toMatchObject({
      dueAt: toInstant(cst('2026-11-25 13:00')),
      rule: { id: 'tianjin:natural_disaster.III.directToProvince' },
    });
  });

  it('keeps every other limit of the default', () => {
    expect(ruleProfileFor('120101', [tianjin]).id).toBe('tianjin');
    expect(ruleOf(tianjin, { category: 'accident', subtype: 'mine', level: 'II' }, 'initialWritten')?.rule.minutes).toBe(30);
    expect(tianjin.dailyFollowUps.startsFrom).toBe('first_report');
  });
});

describe('a station whose jurisdiction maps to Henan', () => {
  it('shows Henan in its header and Henan’s limits on its clocks', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    const now = Date.parse('2026-11-25T02:00:00.000Z');
    const running = openStation({
      dataDir,
      stationId: 'station-410102',
      jurisdiction: '410102',
      name: '金水区应急值守（测试）',
      operator: officer,
      onDuty: { leader: '李主任', officers: ['值班员甲'] },
      clock: () => now,
      notifier: null,
    });
    try {
      const registered = running.store.execute(registerIncidentCommand({ level: 'II' }), officer);
      expect(registered.ok).toBe(true);
      const reply = (await running.api.dispatch({ method: 'snapshot', input: {} })) as { ok: true; value: StationSnapshot };
      expect(reply.ok).toBe(true);
      expect(reply.value.station.ruleProfile).toEqual({ id: 'henan', name: expect.stringContaining('河南'), appliesTo: '41' });
      const clocks = reply.value.obligations.flatMap((i) => i.obligations);
      // Received 09:52 CST: a 重大 landslide by phone in 15 minutes and in writing in 35 (the default says 30).
      expect(clocks.filter((o) => o.kind.startsWith('initial')).map((o) => [o.key, o.dueAt, o.rule.id])).toEqual([
        ['initial.phone', '2026-11-25T02:07:00.000Z', 'henan:natural_disaster.II.initialPhone'],
        ['initial.written', '2026-11-25T02:27:00.000Z', 'henan:natural_disaster.II.initialWritten'],
      ]);
      expect(clocks.find((o) => o.key.startsWith('follow_up.daily'))).toMatchObject({
        key: 'follow_up.daily.2026-11-25T17:00',
        schedule: { startsBy: 'first_report', startsAt: '2026-11-25T02:27:00.000Z' },
      });
    } finally {
      running.close();
    }
  });
});
