import { describe, expect, it } from 'vitest';
import { addresseeOf, ageAt, nextKind, stepsFor } from './workflow';

describe('report workflow steps in the console', () => {
  it('only the leader on duty may sign or return a report awaiting approval', () => {
    expect(stepsFor({ status: 'awaiting_approval', channel: 'written' }, 'leader')).toEqual([
      'approve',
      'return',
    ]);
    expect(stepsFor({ status: 'awaiting_approval', channel: 'written' }, 'officer')).toEqual([]);
  });

  it('a written draft is submitted for signing, a phone report is sent without it, a signed one is sent', () => {
    expect(stepsFor({ status: 'draft', channel: 'written' }, 'officer')).toEqual(['revise', 'submit']);
    expect(stepsFor({ status: 'draft', channel: 'phone' }, 'officer')).toEqual(['revise', 'send']);
    expect(stepsFor({ status: 'returned', channel: 'written' }, 'officer')).toEqual(['revise', 'submit']);
    expect(stepsFor({ status: 'approved', channel: 'written' }, 'officer')).toEqual(['send']);
    expect(stepsFor({ status: 'sent', channel: 'written' }, 'leader')).toEqual([]);
  });

  it('a district reports to its city, a city to its province', () => {
    expect(addresseeOf('500101')).toBe('5001');
    expect(addresseeOf('5001')).toBe('50');
  });

  it('after a first report the next one owed is a follow-up', () => {
    expect(nextKind([])).toBe('initial');
    expect(nextKind([{ kind: 'initial' }])).toBe('follow_up');
  });

  it('an inbox entry keeps ageing with the console clock after the reply', () => {
    expect(ageAt({ ageMs: 60_000 }, 1_000_000, 1_030_000)).toBe(90_000);
  });
});
