import { describe, expect, it } from 'vitest';
import { toInstant } from '../time';
import { obligationsFor } from './obligations';
import { defaultRuleProfile } from './profile';
import { cst, IncidentHistory } from './rules.testing';

/**
 * Upper levels outside Duty Room (issue 19, decision 0022): a report sent to an external unit meets the
 * obligation once its receipt is recorded at the sender, as of the time it was received.
 */
const at = (text: string) => toInstant(cst(text));
const written = (h: IncidentHistory, now: string) => {
  const found = obligationsFor(h.events, defaultRuleProfile, cst(now), h.jurisdiction).find((o) => o.key === 'initial.written');
  if (!found) throw new Error('no initial.written');
  return found;
};

describe('a report sent to an upper level outside Duty Room', () => {
  it('does not meet the obligation while its receipt is not recorded: the clock runs on', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const id = h.draft('2026-11-25 10:20', 'initial', 'written');
    h.approve(id, '2026-11-25 10:25').sendExternal(id, '2026-11-25 10:30');
    expect(written(h, '2026-11-25 10:45').state).toBe('pending');
    expect(written(h, '2026-11-25 11:05').state).toBe('overdue');
  });

  it('meets it when the receipt is recorded by hand, as of the time the receiver gave', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const id = h.draft('2026-11-25 10:20', 'initial', 'written');
    // Faxed at 10:30, received at 10:40 as the city's officer said on the phone, recorded at 11:10.
    h.approve(id, '2026-11-25 10:25').sendExternal(id, '2026-11-25 10:30', undefined, 'fax');
    h.recordReceipt(id, '2026-11-25 11:10', '2026-11-25 10:40');
    const o = written(h, '2026-11-25 11:15');
    expect(o.state).toBe('met');
    expect(o.metAt).toBe(at('2026-11-25 10:40'));
    expect(o.metByReportId).toBe(id);
  });

  it('is late when the receiver got it after the due time', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const id = h.draft('2026-11-25 10:20', 'initial', 'written');
    h.approve(id, '2026-11-25 10:25').sendExternal(id, '2026-11-25 10:55');
    h.recordReceipt(id, '2026-11-25 11:20', '2026-11-25 11:05');
    expect(written(h, '2026-11-25 11:30')).toMatchObject({ state: 'met_late', metAt: at('2026-11-25 11:05') });
  });

  it('a Duty Room addressee still meets it at the send, with no receipt needed', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    h.report('2026-11-25 10:30', 'initial', 'written');
    expect(written(h, '2026-11-25 10:35')).toMatchObject({ state: 'met', metAt: at('2026-11-25 10:30') });
  });

  it('a receipt answers only the send before it: sent again, the report waits for a new receipt', () => {
    const h = new IncidentHistory().register({ level: 'III', receivedAt: '2026-11-25 10:00' });
    const id = h.draft('2026-11-25 10:20', 'initial', 'written');
    h.approve(id, '2026-11-25 10:25');
    // A receipt recorded before any send of it (out of order on the log) answers nothing.
    h.recordReceipt(id, '2026-11-25 10:26');
    h.sendExternal(id, '2026-11-25 10:30');
    expect(written(h, '2026-11-25 10:50').state).toBe('pending');
    h.recordReceipt(id, '2026-11-25 10:50', '2026-11-25 10:45');
    expect(written(h, '2026-11-25 10:55')).toMatchObject({ state: 'met', metAt: at('2026-11-25 10:45') });
  });
});
