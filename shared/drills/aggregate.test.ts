import { describe, expect, it } from 'vitest';
import {
  decideDrill,
  evolveDrill,
  dueDeliveries,
  nextDueMs,
  tagFromInject,
  type DrillCommand,
  type DrillEvent,
  type DrillState,
} from './aggregate';
import { shippedScenario } from './shippedScenarios';
import type { DecideContext } from '../aggregates/context';
import { MINUTE, toInstant, toMs } from '../time';
import { newId } from '../ids';

const hazchem = shippedScenario('hazchem-road-district')!;
const flood = shippedScenario('flash-flood-township')!;
const T0 = '2026-07-10T02:00:00.000Z';
const at = (minute: number) => toInstant(toMs(T0) + minute * MINUTE);
const city = (now = T0): DecideContext => ({
  now,
  actor: { id: 'leader-city', role: 'leader' },
  jurisdiction: '5001',
  newId: () => newId(),
});

/** Decide, then fold the drafts as the organiser's log would (occurredAt: the decision's time). */
function run(state: DrillState | undefined, cmd: DrillCommand, ctx: DecideContext, scenario = hazchem) {
  const r = decideDrill(cmd, { state, scenario }, ctx);
  if (!r.ok) return { state, errors: r.errors.map((e) => e.code) };
  let next = state;
  for (const d of r.value)
    next = evolveDrill(next, {
      ...d,
      occurredAt: ctx.now,
      jurisdiction: ctx.jurisdiction,
      actor: ctx.actor,
    } as unknown as DrillEvent);
  return { state: next, errors: [] as string[] };
}
const cmd = (type: string, payload: Record<string, unknown>) =>
  ({ id: newId(), type, payload, actor: { id: 'x' } }) as unknown as DrillCommand;
const start = (payload: Record<string, unknown> = {}) =>
  cmd('drill.start', {
    drillId: newId(),
    scenarioId: 'hazchem-road-district',
    drilled: ['500110'],
    mode: 'blind',
    tellLeader: false,
    ...payload,
  });

describe('the drill aggregate (演练)', () => {
  it('the city starts a blind drill on a district; injects fall due at their offsets on the drill clock', () => {
    const { state } = run(undefined, start({ startsAt: at(10) }), city());
    expect(state?.plan).toMatchObject({
      mode: 'blind',
      drilled: ['500110'],
      startsAt: at(10),
      scenarioVersion: 1,
    });
    expect(dueDeliveries(state!, hazchem, toMs(at(9)))).toEqual([]);
    expect(nextDueMs(state!, hazchem)).toBe(toMs(at(10)));
    expect(dueDeliveries(state!, hazchem, toMs(at(26))).map((d) => d.injectKey)).toEqual([
      'tanker_call',
      'team_out',
    ]);
  });

  it('refuses a blind drill on the organiser itself, a station outside it, and a script for another level', () => {
    expect(run(undefined, start({ drilled: ['5001'] }), city()).errors).toContain('DRILL_BLIND_OWN_STATION');
    expect(run(undefined, start({ drilled: ['510104'] }), city()).errors).toContain(
      'DRILL_NOT_BELOW_ORGANISER',
    );
    expect(run(undefined, start({ drilled: ['500110101'] }), city()).errors).toContain('DRILL_WRONG_LEVEL');
    const unknown = decideDrill(
      start({ scenarioId: 'no-such-script' }),
      { state: undefined, scenario: undefined },
      city(),
    );
    expect(unknown.ok ? [] : unknown.errors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    // An announced drill may drill the station itself (a township drilling its own room).
    const own = { ...city(), jurisdiction: '500110101' };
    expect(
      run(
        undefined,
        start({ scenarioId: 'flash-flood-township', drilled: ['500110101'], mode: 'announced' }),
        own,
        flood,
      ).errors,
    ).toEqual([]);
  });

  it('a delivery before its time, twice, or to a station not drilled is refused; a call carries facts in the drilled division', () => {
    let { state } = run(undefined, start(), city());
    const deliver = (injectKey: string, drilled = '500110') =>
      cmd('drill.deliver_inject', { drillId: state!.id, injectKey, drilled });
    expect(run(state, deliver('team_out'), city(at(14))).errors).toEqual(['DRILL_INJECT_NOT_DUE']);
    expect(run(state, deliver('tanker_call', '500111'), city()).errors).toEqual(['NOT_FOUND']);
    ({ state } = run(state, deliver('tanker_call'), city(at(0))));
    const call = state!.deliveries[0];
    expect(call.facts).toMatchObject({
      location: { areaCode: '500110' },
      receivedAt: at(0),
      occurredAt: at(-5),
      subtype: 'hazardous_chemicals',
    });
    expect(run(state, deliver('tanker_call'), city(at(1))).errors).toEqual(['ALREADY_EXISTS']);
  });

  it('pausing stops the drill clock: injects come later by the time spent paused', () => {
    let { state } = run(undefined, start(), city());
    ({ state } = run(state, cmd('drill.pause', { drillId: state!.id }), city(at(5))));
    expect(dueDeliveries(state!, hazchem, toMs(at(100)))).toEqual([]);
    ({ state } = run(state, cmd('drill.resume', { drillId: state!.id }), city(at(25))));
    expect(state!.pausedMs).toBe(20 * MINUTE);
    expect(dueDeliveries(state!, hazchem, toMs(at(34))).map((d) => d.injectKey)).toEqual(['tanker_call']);
    expect(dueDeliveries(state!, hazchem, toMs(at(35))).map((d) => d.injectKey)).toEqual([
      'tanker_call',
      'team_out',
    ]);
  });

  it('only the organiser runs its drill; an ended drill delivers nothing more', () => {
    let { state } = run(undefined, start(), city());
    const district = { ...city(), jurisdiction: '500110' };
    expect(run(state, cmd('drill.end', { drillId: state!.id }), district).errors).toEqual(['NOT_AUTHORISED']);
    ({ state } = run(state, cmd('drill.end', { drillId: state!.id, reason: '演练结束' }), city(at(30))));
    expect(state!.status).toBe('ended');
    expect(dueDeliveries(state!, hazchem, toMs(at(100)))).toEqual([]);
    expect(
      run(
        state,
        cmd('drill.deliver_inject', { drillId: state!.id, injectKey: 'tanker_call', drilled: '500110' }),
        city(at(31)),
      ).errors,
    ).toEqual(['DRILL_NOT_RUNNING']);
  });

  it('what a drilled console is told: each delivery says announced or blind and whether the leader is told; the end names the drill', () => {
    const { state } = run(undefined, start({ mode: 'blind', tellLeader: true }), city());
    const delivered = decideDrill(
      cmd('drill.deliver_inject', { drillId: state!.id, injectKey: 'tanker_call', drilled: '500110' }),
      { state, scenario: hazchem },
      city(),
    );
    expect(delivered.ok && delivered.value[0]?.payload).toMatchObject({ mode: 'blind', tellLeader: true });
    const ended = decideDrill(
      cmd('drill.end', { drillId: state!.id, reason: '' }),
      { state, scenario: hazchem },
      city(),
    );
    // Once over, no secret: the end also tells the drilled stations and the script's kind (年度演练计划).
    expect(ended.ok && ended.value[0]?.payload).toEqual({
      reason: '',
      title: hazchem.title,
      kind: hazchem.kind,
      drilled: ['500110'],
    });
  });

  it('a drilled room answers a warning or a question delivered to it, once; a call asks for no answer', () => {
    const { state: started } = run(
      undefined,
      start({ scenarioId: 'flash-flood-township', drilled: ['500110101'] }),
      city(),
      flood,
    );
    let state = started;
    const town = { ...city(at(1)), jurisdiction: '500110101' };
    const answer = (injectKey: string, ctx = town) =>
      run(
        state,
        cmd('drill.answer_inject', { drillId: state!.id, injectKey, answer: '收到，已组织转移' }),
        ctx,
        flood,
      );
    expect(answer('rain_warning').errors).toEqual(['DRILL_NOT_DELIVERED']);
    ({ state } = run(
      state,
      cmd('drill.deliver_inject', { drillId: state!.id, injectKey: 'rain_warning', drilled: '500110101' }),
      city(),
      flood,
    ));
    expect(answer('rain_warning', { ...town, jurisdiction: '500110102' }).errors).toEqual([
      'DRILL_NOT_DELIVERED',
    ]);
    ({ state } = answer('rain_warning'));
    expect(state!.answers).toEqual([
      { injectKey: 'rain_warning', drilled: '500110101', at: at(1), answer: '收到，已组织转移' },
    ]);
    expect(answer('rain_warning').errors).toEqual(['ALREADY_EXISTS']);
    ({ state } = run(
      state,
      cmd('drill.deliver_inject', { drillId: state!.id, injectKey: 'flood_call', drilled: '500110101' }),
      city(at(20)),
      flood,
    ));
    expect(answer('flood_call').errors).toEqual(['INVALID_FIELD']);
  });

  it('an incident is tagged only from a call delivered to that very station, while the drill runs', () => {
    let { state } = run(undefined, start(), city());
    ({ state } = run(
      state,
      cmd('drill.deliver_inject', { drillId: state!.id, injectKey: 'tanker_call', drilled: '500110' }),
      city(),
    ));
    expect(tagFromInject(state, { drillId: state!.id, injectKey: 'tanker_call' }, '500110')).toEqual({
      ok: true,
      value: { drillId: state!.id, injectKey: 'tanker_call', organiser: '5001' },
    });
    expect(tagFromInject(state, { drillId: state!.id, injectKey: 'tanker_call' }, '500111').ok).toBe(false);
    expect(tagFromInject(state, { drillId: state!.id, injectKey: 'team_out' }, '500110').ok).toBe(false);
    expect(tagFromInject(undefined, { drillId: newId(), injectKey: 'tanker_call' }, '500110').ok).toBe(false);
    ({ state } = run(state, cmd('drill.end', { drillId: state!.id }), city()));
    expect(tagFromInject(state, { drillId: state!.id, injectKey: 'tanker_call' }, '500110').ok).toBe(false);
  });
});
