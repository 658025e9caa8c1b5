import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import type { DomainEvent } from '../../shared/events/envelope';
import type { Obligation } from '../../shared/rules/obligation';
import { drillAware } from '../reports/obligations';

/** 演练 (decision 0024): only the drilled room owes reports about a drill's incident; a station above owes none. */
const registered = (drill: boolean) =>
  ({
    type: 'incident.registered',
    jurisdiction: '500110',
    stream: `incident:${newId()}`,
    payload: {
      facts: {},
      ...(drill ? { drill: { drillId: newId(), injectKey: 'call', organiser: '5001' } } : {}),
    },
  }) as unknown as DomainEvent;

describe('obligations of a drill incident', () => {
  it('the drilled room keeps them; the organiser and above owe nothing; a real incident is unchanged', () => {
    const owed = [{ key: 'relay.x', kind: 'relay' }] as unknown as Obligation[];
    const engine = drillAware(() => owed);
    expect(engine([registered(true)], 0, '500110')).toBe(owed);
    expect(engine([registered(true)], 0, '5001')).toEqual([]);
    expect(engine([registered(true)], 0, '50')).toEqual([]);
    expect(engine([registered(false)], 0, '5001')).toBe(owed);
  });
});
