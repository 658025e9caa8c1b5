// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EventEnvelope } from '../../../shared/events/envelope';
import { callFacts } from '../../../shared/drills/aggregate';
import { shippedScenario } from '../../../shared/drills/shippedScenarios';
import { changesReceived, snapshotLoaded } from '../../app/actions';
import { rootReducer, type RootState } from '../../app/store';
import { App } from '../../app/App';
import { layoutRestored } from '../layout/slice';
import { factsFromDraft } from '../incidents/facts';
import { fakeClient, incident, NOW, renderWithStation, snapshot } from '../../test/support';
import { draftFromCall } from './prefill';
import { drillMarkOf, selectDrillMarkContext, selectEndNotices, selectIncomingCalls } from './selectors';

afterEach(cleanup);
vi.mock('../map/MapPane', () => ({ MapPane: () => null }));

const hazchem = shippedScenario('hazchem-road-district')!;
const DRILL = '01KAXR0000000000000000D001';
const at = new Date(NOW - 60_000).toISOString();
const call = hazchem.injects.find((i) => i.key === 'tanker_call')!;
const teamOut = hazchem.injects.find((i) => i.key === 'team_out')!;

let seq = 0;
function envelope(type: string, payload: unknown, over: Partial<EventEnvelope> = {}): EventEnvelope {
  seq += 1;
  return {
    id: `01KAXR0000000000000000E${String(seq).padStart(3, '0')}`,
    type,
    stream: `drill:${DRILL}`,
    payload,
    actor: { id: 'drill-runner', role: 'system' },
    station: 'station-5001',
    jurisdiction: '5001',
    occurredAt: at,
    recordedAt: at,
    stationSeq: seq,
    hubSeq: seq,
    prevHash: null,
    hash: 'a'.repeat(64),
    ...over,
  } as EventEnvelope;
}
const delivered = (mode: 'blind' | 'announced' = 'blind', inject = call, tellLeader = false) =>
  envelope('drill.inject_delivered', {
    injectKey: inject.key,
    drilled: '500110',
    inject,
    ...(inject.kind === 'incident_call' ? { facts: callFacts(inject, '500110', at) } : {}),
    mode,
    tellLeader,
  });
const ended = () => envelope('drill.ended', { reason: '', title: hazchem.title });
const changes = (events: EventEnvelope[], incidents: RootState['incidents']['entities'][string][] = []) =>
  changesReceived({
    kind: 'changes',
    events,
    incidents,
    reports: [],
    obligations: [],
    teams: [],
    shelters: [],
    dispatchOrders: [],
    depots: [],
    riskPoints: [],
  } as never);

const reduce = (state: RootState | undefined, ...actions: Array<{ type: string }>) =>
  actions.reduce((s, a) => rootReducer(s, a as never), state ?? rootReducer(undefined, { type: '@@init' }));

describe('a drill at the drilled console', () => {
  it('a call delivered here waits to be registered until an incident names it, and nothing waits once the drill ended', () => {
    let s = reduce(undefined, snapshotLoaded(snapshot()));
    s = reduce(s, changes([delivered()]));
    expect(selectIncomingCalls(s).map((c) => [c.injectKey, c.facts.title])).toEqual([
      ['tanker_call', call.kind === 'incident_call' ? call.call.title : ''],
    ]);
    // A call delivered to another room is not this console's.
    s = reduce(
      s,
      changes([
        envelope('drill.inject_delivered', { ...(delivered().payload as object), drilled: '500111' }),
      ]),
    );
    expect(selectIncomingCalls(s)).toHaveLength(1);
    const registered = {
      ...incident('危化品槽罐车侧翻泄漏'),
      drill: { drillId: DRILL, injectKey: 'tanker_call', organiser: '5001' },
    };
    s = reduce(s, changes([], [registered]));
    expect(selectIncomingCalls(s)).toEqual([]);
    expect(selectEndNotices(s)).toEqual([]);
    s = reduce(s, changes([ended()]));
    expect(selectEndNotices(s)).toEqual([{ drillId: DRILL, at, title: hazchem.title }]);
  });

  it('marks a drill record 演练 above the drilled room always, in it once over or when announced, never during a blind drill but to a told leader', () => {
    const tagged = {
      jurisdiction: '500110',
      drill: { drillId: DRILL, injectKey: 'tanker_call', organiser: '5001' },
    };
    const base = reduce(undefined, snapshotLoaded(snapshot()));
    const mark = (s: RootState, i = tagged) => drillMarkOf(i, selectDrillMarkContext(s));
    expect(mark(reduce(base, changes([delivered('blind')])))).toBeNull();
    expect(mark(reduce(base, changes([delivered('announced')])))).toBe('drill');
    expect(mark(reduce(base, changes([delivered('blind'), ended()])))).toBe('drill');
    expect(mark(reduce(base, changes([delivered('blind')])), { ...tagged, jurisdiction: '500111' })).toBe(
      'drill',
    );
    expect(mark(base, { jurisdiction: '500110' } as typeof tagged)).toBeNull();
    const leader = reduce(
      undefined,
      snapshotLoaded(
        snapshot({
          station: { ...snapshot().station, operator: { id: 'ws-l', name: '王强', role: 'leader' } },
        }),
      ),
    );
    expect(mark(reduce(leader, changes([delivered('blind', call, true)])))).toBe('leaderTold');
    expect(mark(reduce(leader, changes([delivered('blind', call, false)])))).toBeNull();
  });

  it('the intake draft filled from a call checks as the same facts', () => {
    const facts = callFacts(call, '500110', at)!;
    const checked = factsFromDraft(draftFromCall(facts, NOW));
    expect(checked.ok && checked.value).toMatchObject({
      title: facts.title,
      category: facts.category,
      subtype: facts.subtype,
      level: facts.level,
      location: { areaCode: '500110', address: facts.location.address },
      casualties: facts.casualties,
      receivedAt: facts.receivedAt,
    });
  });

  it('the officer registers the call through the ordinary intake form, filled from it; the station is sent the inject; blind: no 演练 on screen', async () => {
    const user = userEvent.setup();
    const sent: Array<{ method: string; input: unknown }> = [];
    const client = fakeClient((method, input) => {
      sent.push({ method, input });
      return method === 'drills'
        ? { asOf: new Date(NOW).toISOString(), drills: [] }
        : method === 'inbox'
          ? { asOf: new Date(NOW).toISOString(), entries: [] }
          : { events: [] };
    });
    const { store } = renderWithStation(<App />, {
      client,
      snap: snapshot({ recentEvents: [delivered('blind'), delivered('blind', teamOut)] }),
    });
    act(() => {
      store.dispatch(layoutRestored({ columns: [['incidents', 'clocks']], sizes: {} }));
    });
    const calls = await screen.findByRole('region', { name: '来电待登记' });
    expect(calls.textContent).not.toMatch(/演练/);
    const title = call.kind === 'incident_call' ? call.call.title : '';
    const card = within(calls).getByRole('listitem', { name: title });
    await user.click(within(card).getByRole('button', { name: '登记' }));
    const form = await screen.findByRole('form', { name: '接报登记' });
    expect(within(form).getByRole<HTMLInputElement>('textbox', { name: '事件名称' }).value).toBe(title);
    // Nothing on the call or the form says 演练 (the pane list names 演练管理 on every console alike).
    expect(form.textContent).not.toMatch(/演练/);
    expect(screen.queryByText('演练')).toBeNull();
    await user.click(within(form).getByRole('textbox', { name: '事件名称' }));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() =>
      expect(sent.find((c) => c.method === 'execute')?.input).toMatchObject({
        type: 'incident.register',
        payload: { fromInject: { drillId: DRILL, injectKey: 'tanker_call' }, facts: { title } },
      }),
    );
  });
});
