import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { sealEvents, type DomainEvent, type EventDraft } from '../../shared/events/envelope';
import { openStationStore } from './index';
import { nodeSha256 } from './log';
import { officer, registerIncidentCommand, updateFactsCommand } from './store.testing';

const dir = mkdtempSync(join(tmpdir(), 'station-convergence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (stationId: string, jurisdiction: string) =>
  openStationStore({ path: join(dir, `${(n += 1)}.db`), stationId, jurisdiction });

const change = fc.record({
  station: fc.constantFrom('county', 'town-a', 'town-b'),
  level: fc.constantFrom('I', 'II', 'III', 'IV'),
  affected: fc.integer({ min: 0, max: 500 }),
  close: fc.boolean(),
});

/** A random split of `items` into consecutive batches. */
const batchesOf = <T>(items: readonly T[], cuts: readonly number[]): T[][] => {
  const out: T[][] = [];
  let start = 0;
  for (const c of [...new Set(cuts.map((x) => x % (items.length + 1)))].sort((a, b) => a - b)) {
    out.push(items.slice(start, c));
    start = c;
  }
  out.push(items.slice(start));
  return out.filter((b) => b.length > 0);
};

describe('every station ends with the same projections whatever order events arrive in', () => {
  it('projections and log digest equal the fold in hub order, for arrival in any order and batching', () => {
    fc.assert(
      fc.property(
        fc.array(change, { minLength: 1, maxLength: 12 }),
        fc.infiniteStream(fc.nat()),
        fc.array(fc.nat(), { maxLength: 5 }),
        (changes, randomness, cuts) => {
          const incidentId = newId();
          const stream = `incident:${incidentId}` as const;
          // The county registers the incident and makes its own changes through its store.
          const county = fresh('county', '500101');
          const registration = county.execute(registerIncidentCommand({ incidentId }), officer);
          if (!registration.ok) throw new Error(JSON.stringify(registration.errors));
          const [registered] = registration.value;
          /** The county's own change, decided against what the county holds: once closed, it refuses more. */
          const countyDoes = (command: unknown): DomainEvent[] => {
            const r = county.execute(command, officer);
            if (r.ok) return r.value;
            expect(r.errors.map((e) => e.code)).toEqual([
              expect.stringMatching(/^(INCIDENT_CLOSED|INVALID_TRANSITION)$/),
            ]);
            return [];
          };
          const tails: Record<string, { seq: number; hash: string | null }> = {
            'town-a': { seq: 0, hash: null },
            'town-b': { seq: 0, hash: null },
          };
          const produced: DomainEvent[] = [registered];
          for (const c of changes) {
            const draft: EventDraft = c.close
              ? { type: 'incident.closed', stream, payload: { summary: '' } }
              : {
                  type: 'incident.facts_updated',
                  stream,
                  payload: { changes: { level: c.level, affectedPeople: c.affected } },
                };
            if (c.station === 'county')
              produced.push(
                ...countyDoes(
                  c.close
                    ? { id: newId(), type: 'incident.close', payload: { incidentId, summary: '' } }
                    : updateFactsCommand(incidentId, { level: c.level, affectedPeople: c.affected }),
                ),
              );
            else {
              const tail = tails[c.station];
              const [e] = sealEvents(
                [draft],
                {
                  station: c.station,
                  jurisdiction: c.station === 'town-a' ? '500101001' : '500101002',
                  actor: officer,
                  now: '2026-11-25T03:00:00.000Z',
                  lastStationSeq: tail.seq,
                  lastHash: tail.hash,
                  newId: () => newId(),
                },
                nodeSha256,
              );
              tails[c.station] = { seq: e.stationSeq, hash: e.hash };
              produced.push(e);
            }
          }
          // The hub orders them (each station's own order kept) — here: production order, shuffled
          // between stations by a stable sort on a random key that respects per-station order.
          const rand = randomness.take(produced.length * 2);
          const next = () => rand.next().value as number;
          const keyed = produced.map((e) => ({ e, k: next() }));
          const byStation = new Map<string, number>();
          const hubOrder = [...keyed]
            .sort((a, b) => a.k - b.k)
            .map((x) => x.e.station)
            .map((station) => {
              const own = keyed.filter((x) => x.e.station === station);
              const i = byStation.get(station) ?? 0;
              byStation.set(station, i + 1);
              return own[i].e;
            });
          const fromHub = hubOrder.map((e, i) => ({ ...e, hubSeq: i + 1 }));

          const reference = fresh('city', '5001');
          reference.ingestRemote(fromHub);

          const receiver = fresh('town-c', '500101003');
          const arrival = [...fromHub]
            .map((e) => ({ e, k: next() }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.e);
          for (const batch of batchesOf(arrival, cuts)) {
            const outcome = receiver.ingestRemote(batch);
            expect(outcome.rejected).toEqual([]);
          }

          // The county hears acknowledgements and the others' events interleaved.
          for (const e of fromHub) {
            if (e.station === 'county') county.markDelivered([{ id: e.id, hubSeq: e.hubSeq }]);
            else county.ingestRemote([e]);
          }

          for (const s of [receiver, county]) {
            expect(s.incident(incidentId)).toEqual(reference.incident(incidentId));
            expect(s.openIncidents()).toEqual(reference.openIncidents());
            expect(s.streamEvents(stream).map((e) => e.id)).toEqual(fromHub.map((e) => e.id));
            expect(s.logDigest()).toBe(reference.logDigest());
            expect(s.verify().ok).toBe(true);
          }
          expect(county.outboxDepth()).toBe(0);
          for (const s of [county, reference, receiver]) s.close();
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
