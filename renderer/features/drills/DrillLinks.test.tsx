// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StationClient } from '../../../shared/api/client';
import type { DrillSummary } from '../../../shared/api/drills-calls';
import { callFacts } from '../../../shared/drills/aggregate';
import { shippedScenario } from '../../../shared/drills/shippedScenarios';
import type { EventEnvelope } from '../../../shared/events/envelope';
import { domainError } from '../../../shared/errors';
import { fail, ok, type Result } from '../../../shared/result';
import { incident, NOW, renderWithStation, snapshot } from '../../test/support';
import { DrillLinks } from './DrillLinks';

afterEach(cleanup);
vi.mock('../map/MapPane', () => ({ MapPane: () => null }));

const DRILL = '01KAXR0000000000000000D002';
const hazchem = shippedScenario('hazchem-road-district')!;
const call = hazchem.injects.find((i) => i.kind === 'incident_call')!;
const startsAt = new Date(NOW - 30 * 60_000).toISOString();
const drill: DrillSummary = {
  id: DRILL,
  organiser: '5001',
  status: 'running',
  scenario: { id: hazchem.id, version: hazchem.version, title: hazchem.title },
  drilled: ['500110'],
  mode: 'blind',
  startsAt,
  endedAt: null,
  clockMinutes: 30,
  deliveries: 1,
};
const delivered = {
  id: '01KAXR0000000000000000E901',
  type: 'drill.inject_delivered',
  stream: `drill:${DRILL}`,
  payload: {
    injectKey: call.key,
    drilled: '500110',
    inject: call,
    facts: callFacts(call, '500110', startsAt),
    mode: 'blind',
  },
  actor: { id: 'drill-runner', role: 'system' },
  station: 'station-5001',
  jurisdiction: '5001',
  occurredAt: startsAt,
  recordedAt: startsAt,
  stationSeq: 1,
  hubSeq: 1,
  prevHash: null,
  hash: 'a'.repeat(64),
} as EventEnvelope;

function client(execute: () => Result<unknown>) {
  const calls: Array<{ method: string; input: unknown }> = [];
  const c = new Proxy({} as StationClient, {
    get: (_t, method: string) => {
      if (method === 'subscribe' || method === 'onConnectionChange') return () => () => {};
      return (input: unknown) => {
        calls.push({ method, input });
        return Promise.resolve().then(() =>
          method === 'execute'
            ? execute()
            : method === 'drills'
              ? ok({ asOf: new Date(NOW).toISOString(), drills: [] })
              : ok({ events: [] }),
        );
      };
    },
  });
  return { client: c, sent: () => calls.filter((x) => x.method === 'execute').map((x) => x.input) };
}

describe('关联手工登记的事件', () => {
  const byHand = incident('万盛大道槽罐车侧翻', { minutesAgo: 10 });
  const before = incident('建设路火情', { minutesAgo: 60 });
  const elsewhere = incident('綦江区交通事故', { minutesAgo: 10, jurisdiction: '500222' });
  const fromInject = {
    ...incident('危化品运输车泄漏', { minutesAgo: 20 }),
    drill: { drillId: DRILL, injectKey: call.key, organiser: '5001' },
  };
  const snap = snapshot({
    incidents: [byHand, before, elsewhere, fromInject],
    recentEvents: [delivered],
  });

  it('lists only incidents registered by hand in a drilled room while it ran, and links one once confirmed', async () => {
    const c = client(() => ok({}));
    renderWithStation(<DrillLinks drill={drill} />, { client: c.client, snap });
    const user = userEvent.setup();
    const pane = screen.getByRole('region', { name: '关联手工登记的事件' });
    expect(within(pane).getAllByRole('listitem')).toHaveLength(1);
    expect(within(pane).queryByText(/建设路火情/)).toBeNull();
    expect(within(pane).queryByText(/綦江区交通事故/)).toBeNull();
    expect(within(pane).queryByText(/危化品运输车泄漏/)).toBeNull();
    await user.click(within(pane).getByRole('button', { name: '关联到本次演练' }));
    expect(c.sent()).toEqual([]);
    const confirm = screen.getByRole('alertdialog', { name: '关联到本次演练' });
    await user.click(within(confirm).getByRole('button', { name: '确认' }));
    expect(await screen.findByText('已将“万盛大道槽罐车侧翻”关联到本次演练')).toBeTruthy();
    expect(c.sent()).toMatchObject([
      {
        type: 'drill.link_incident',
        payload: { drillId: DRILL, incidentId: byHand.id, injectKey: call.key },
      },
    ]);
  });

  it('shows the station’s refusal in Chinese', async () => {
    const c = client(() =>
      fail(domainError('DRILL_LINK_OUTSIDE', 'payload.incidentId', 'received outside the drill window')),
    );
    renderWithStation(<DrillLinks drill={drill} />, { client: c.client, snap });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: '关联到本次演练' }));
    await user.click(screen.getByRole('button', { name: '确认' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(domainError('DRILL_LINK_OUTSIDE').message.zh);
    expect(screen.queryByText(/已将/)).toBeNull();
  });
});
