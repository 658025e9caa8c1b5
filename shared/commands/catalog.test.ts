import { describe, expect, it } from 'vitest';
import { carriedOver, validateCommand, type Command } from './catalog';
import { eventPayloads } from '../events/catalog';
import { canonicalJson } from '../events/hash';
import { newId } from '../ids';

const officer = { id: 'officer-1', name: '值班员甲', role: 'officer' as const };

function command(type: string, payload: unknown): Command {
  const r = validateCommand({ id: newId(), type, payload, actor: officer });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const position = () =>
  command('team.report_position', {
    teamId: 'team-01',
    position: { point: { lon: 106.5, lat: 29.5 }, speedKmh: 30, at: '2026-11-25T01:00:00.000Z' },
  }) as Command<'team.report_position'>;

describe('carriedOver: an event payload made of the command’s own parsed members needs no second parse', () => {
  it('the command’s parsed position, carried as is, is already what the event schema’s parse gives', () => {
    const cmd = position();
    const payload = { position: cmd.payload.position };
    expect(carriedOver(cmd, 'team.position_reported', payload)).toBe(true);
    const parsed = eventPayloads['team.position_reported'].parse(payload);
    expect(canonicalJson(parsed)).toBe(canonicalJson(payload));
  });

  it('an equal copy, a member added or a member of another name is parsed as before', () => {
    const cmd = position();
    const copy = { position: { ...cmd.payload.position } };
    expect(carriedOver(cmd, 'team.position_reported', copy)).toBe(false);
    expect(carriedOver(cmd, 'team.position_reported', { position: cmd.payload.position, extra: 1 })).toBe(
      false,
    );
    // `teamId` is a command member, not one of the event's: a parse would drop it.
    expect(
      carriedOver(cmd, 'team.position_reported', { position: cmd.payload.position, teamId: 'team-01' }),
    ).toBe(false);
    expect(carriedOver(cmd, 'team.position_reported', null)).toBe(false);
    expect(carriedOver(cmd, 'team.position_reported', [cmd.payload.position])).toBe(false);
  });

  it('a member missing where the schema would fill in a default is parsed (the default must be hashed)', () => {
    const incidentId = newId();
    const cmd = command('incident.close', { incidentId }) as Command<'incident.close'>;
    // incident.closed's summary defaults to '': an absent summary is not yet in parsed form.
    expect(carriedOver(cmd, 'incident.closed', {})).toBe(false);
    expect(eventPayloads['incident.closed'].parse({})).toEqual({ summary: '' });
  });

  it('an optional member left out, and a member whose own schema refines, are carried when it is the same schema', () => {
    const incidentId = newId();
    const cmd = command('incident.update_facts', {
      incidentId,
      changes: { affectedPeople: 12 },
    }) as Command<'incident.update_facts'>;
    // `note` is optional and adds nothing when absent; `changes` is parsed by the very same schema.
    expect(carriedOver(cmd, 'incident.facts_updated', { changes: cmd.payload.changes })).toBe(true);
    // A primitive member equal to the command's parsed one is that value.
    const noted = command('incident.update_facts', {
      incidentId,
      changes: { affectedPeople: 12 },
      note: '村委会核实',
    }) as Command<'incident.update_facts'>;
    expect(
      carriedOver(noted, 'incident.facts_updated', { changes: noted.payload.changes, note: '村委会核实' }),
    ).toBe(true);
    expect(
      carriedOver(noted, 'incident.facts_updated', { changes: noted.payload.changes, note: '另一说明' }),
    ).toBe(false);
  });

  it('an event member parsed by another schema in the command is parsed again', () => {
    const incidentId = newId();
    const reopen = command('incident.reopen', {
      incidentId,
      reason: '  复燃  ',
    }) as Command<'incident.reopen'>;
    // The command trims its reason; incident.reopened's reason is a schema of its own: parsed.
    expect(carriedOver(reopen, 'incident.reopened', { reason: reopen.payload.reason })).toBe(false);
    // The same for a summary that two equal-looking schemas each check.
    const close = command('incident.close', { incidentId, summary: '处置完毕' }) as Command<'incident.close'>;
    expect(carriedOver(close, 'incident.closed', { summary: close.payload.summary })).toBe(false);
  });
});
