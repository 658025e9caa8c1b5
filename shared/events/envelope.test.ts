import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../ids';
import { hashInput, parseEvent, sealEvents, MAX_EVENT_BYTES, type EventDraft } from './envelope';
import { canonicalJson } from './hash';

const ctx = {
  station: 'district-500101',
  jurisdiction: '500101',
  actor: { id: 'officer-1', role: 'officer' as const },
  now: '2026-11-25T02:00:00.000Z',
  lastStationSeq: 0,
  lastHash: null,
  newId: () => newId(),
};

const registration: EventDraft = {
  type: 'incident.registered',
  stream: `incident:${newId()}`,
  payload: {
    facts: {
      title: '某镇山体滑坡',
      category: 'natural_disaster',
      subtype: 'landslide',
      level: 'III',
      location: { areaCode: '500101001', address: '某村三组' },
      occurredAt: '2026-11-25T01:40:00.000Z',
      receivedAt: '2026-11-25T01:52:00.000Z',
      source: 'phone',
      casualties: { dead: 0, injured: 2, missing: 1, trapped: 0 },
      affectedPeople: 30,
      description: '',
    },
  },
};

describe('event envelope', () => {
  it('sealed events chain by hash and parse back unchanged', () => {
    const [a, b] = sealEvents([registration, { type: 'incident.response_started', stream: registration.stream, payload: {} }], ctx);
    expect(a.stationSeq).toBe(1);
    expect(b.prevHash).toBe(a.hash);
    const parsed = parseEvent(JSON.parse(JSON.stringify(b)));
    expect(parsed.ok).toBe(true);
  });

  it('an altered payload no longer matches its hash', () => {
    const [a] = sealEvents([registration], ctx);
    const tampered = structuredClone(a) as { payload: { facts: { casualties: { dead: number } } } };
    tampered.payload.facts.casualties.dead = 5;
    const parsed = parseEvent(tampered);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0].code).toBe('HASH_MISMATCH');
  });

  it('an unknown event type is refused by name', () => {
    const [a] = sealEvents([registration], ctx);
    const parsed = parseEvent({ ...a, type: 'incident.teleported' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_EVENT_TYPE', field: 'type' })]);
  });

  it('an actor sealed again — the same object changed in between, an equal one, one with other members — is written as canonical JSON', () => {
    // sealEvents keeps the last actor's text (a batch seals every command with one actor): it must
    // never hand out a text that no longer matches the actor it is given.
    const key = fc.constantFrom('id', 'name', 'role', 'unit', '__proto__');
    const value = fc.oneof(
      fc.constantFrom('officer-1', '陈建国', 'officer', ''),
      fc.constant(undefined),
      fc.integer(),
      fc.record({ a: fc.constantFrom('x', 'y') }),
    );
    const step = fc.record({ fresh: fc.boolean(), key, value, remove: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        let actor: Record<string, unknown> = { id: 'officer-1', role: 'officer' };
        for (const s of steps) {
          if (s.fresh) actor = { ...actor };
          if (s.remove) Reflect.deleteProperty(actor, s.key);
          else Object.defineProperty(actor, s.key, { value: s.value, enumerable: true, writable: true, configurable: true });
          const hashed: string[] = [];
          const sealed = sealEvents([registration], { ...ctx, actor: actor as never }, (t) => {
            hashed.push(t);
            return '0'.repeat(64);
          });
          expect(hashed).toEqual(sealed.map((e) => hashInput(e)));
          expect(hashed[0]).toContain(`"actor":${canonicalJson(actor)},`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the text sealEvents hashes is exactly the canonical JSON of the hashed fields, whatever the payload, actor and names', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const draft = fc.record(
      {
        type: fc.oneof(fc.constant('incident.facts_updated'), text),
        stream: fc.oneof(fc.constant('incident:01JD0000000000000000000000'), text),
        payload: fc.oneof(fc.jsonValue(), fc.dictionary(text, fc.oneof(fc.jsonValue(), fc.constant(undefined)))),
        occurredAt: fc.oneof(fc.constant('2026-11-25T02:00:00.000Z'), text),
      },
      { requiredKeys: ['type', 'stream', 'payload'] },
    );
    fc.assert(
      fc.property(
        fc.array(draft, { maxLength: 5 }),
        fc.record({ id: text, name: fc.option(text, { nil: undefined }), role: text }),
        text,
        fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
        (drafts, actor, station, lastHash) => {
          const hashed: string[] = [];
          const sealed = sealEvents(
            drafts as unknown as EventDraft[],
            { ...ctx, actor: actor as never, station, lastHash, lastStationSeq: 41 },
            (t) => {
              hashed.push(t);
              return String(hashed.length).padStart(64, '0');
            },
          );
          expect(hashed).toEqual(sealed.map((e) => hashInput(e)));
          expect(hashed).toEqual(
            sealed.map((e) => {
              const { hash: _hash, hubSeq: _hubSeq, ...body } = e;
              return canonicalJson(body);
            }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('every bad payload field is named', () => {
    const [a] = sealEvents([registration], ctx);
    const bad = structuredClone(a) as unknown as { payload: { facts: Record<string, unknown> } };
    bad.payload.facts.level = 'V';
    bad.payload.facts.occurredAt = 'yesterday';
    const parsed = parseEvent(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.map((e) => e.field).sort()).toEqual(['payload.facts.level', 'payload.facts.occurredAt']);
    }
  });

  it('oversize events are refused before any parsing', () => {
    const [a] = sealEvents([registration], ctx);
    const big = { ...a, payload: { facts: { description: 'x'.repeat(MAX_EVENT_BYTES) } } };
    const parsed = parseEvent(big);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0].code).toBe('MESSAGE_TOO_LARGE');
  });
});
