/*
 * Test support for the headquarters and warning deciders (used by their tests, never by the product):
 * a desk that takes commands through the same path a station does — validate against the command
 * catalog, decide, seal into real hashed events, re-parse them at the trust boundary, fold them — with
 * a clock the test moves by hand.
 */
import type { Actor } from '../domain/common';
import type { DecideContext } from '../aggregates/context';
import { validateCommand } from '../commands/catalog';
import { parseEvent, sealEvents, type DomainEvent, type EventDraft } from '../events/envelope';
import { newId } from '../ids';
import type { Result } from '../result';
import { chinaWallTime, formatChinaTime, toInstant, toMs } from '../time';

/** "2026-07-10 02:00" read as China Standard Time, in ms. */
export function cst(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad time ${text}`);
  return chinaWallTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

export const leader: Actor = { id: 'leader-liu', name: '刘带班', role: 'leader' };
export const officer: Actor = { id: 'officer-chen', name: '陈值班', role: 'officer' };

/** Decides commands for one aggregate, given its folded state and the desk's clock. */
export class Desk<S, E extends DomainEvent> {
  readonly events: DomainEvent[] = [];
  state: S | undefined;
  private clock: number;
  private seq = 0;
  private lastHash: string | null = null;

  constructor(
    private readonly decide: (cmd: never, state: S | undefined, ctx: DecideContext) => Result<EventDraft[]>,
    private readonly evolve: (state: S | undefined, event: E) => S | undefined,
    start: string,
    readonly station = { id: 'district-a', jurisdiction: '500101' },
  ) {
    this.clock = cst(start);
  }

  /** Move the desk clock to a China wall-clock time. */
  at(text: string): this {
    this.clock = cst(text);
    return this;
  }

  get now(): number {
    return this.clock;
  }

  /** Run one command as `actor`; on success the events are sealed, re-parsed and folded. */
  run(type: string, payload: unknown, actor: Actor = officer): Result<DomainEvent[]> {
    const cmd = validateCommand({ id: newId(this.clock), type, payload, actor });
    if (!cmd.ok) return cmd;
    const now = toInstant(this.clock);
    const ctx: DecideContext = {
      now,
      actor,
      jurisdiction: this.station.jurisdiction,
      newId: () => newId(this.clock),
    };
    const decided = this.decide(cmd.value as never, this.state, ctx);
    if (!decided.ok) return decided;
    const sealed = sealEvents(decided.value, {
      station: this.station.id,
      jurisdiction: this.station.jurisdiction,
      actor,
      now,
      lastStationSeq: this.seq,
      lastHash: this.lastHash,
      newId: () => newId(this.clock),
    });
    for (const raw of sealed) {
      const parsed = parseEvent(JSON.parse(JSON.stringify(raw)));
      if (!parsed.ok) throw new Error(`sealed event does not parse: ${JSON.stringify(parsed.errors)}`);
      this.events.push(parsed.value);
      this.state = this.evolve(this.state, parsed.value as E);
      this.seq = raw.stationSeq;
      this.lastHash = raw.hash;
    }
    return { ok: true, value: sealed };
  }

  /** Like `run`, but a refusal fails the test with its errors. */
  must(type: string, payload: unknown, actor: Actor = officer): DomainEvent[] {
    const result = this.run(type, payload, actor);
    if (!result.ok)
      throw new Error(
        `${type} refused: ${result.errors.map((e) => `${e.code} ${e.field ?? ''} ${e.detail ?? ''}`).join('; ')}`,
      );
    return result.value;
  }

  /** Fold an event written elsewhere (another station's acknowledgement arriving through the hub). */
  receive(event: DomainEvent): void {
    this.events.push(event);
    this.state = this.evolve(this.state, event as E);
  }
}

/** "02:17" China time of an instant, for readable assertions on the record. */
export const hhmm = (instant: string): string => formatChinaTime(toMs(instant)).slice(11);
