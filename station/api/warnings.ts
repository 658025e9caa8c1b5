import type { Alarm } from '../../shared/api/contract';
import {
  RECENTLY_LIFTED_MS,
  type RecipientPreview,
  type WarningArea,
  type WarningRecordWire,
  type WarningStateWire,
} from '../../shared/api/warnings-calls';
import type { DomainEvent } from '../../shared/events/envelope';
import { domainError } from '../../shared/errors';
import { fail, ok } from '../../shared/result';
import { toInstant, toMs } from '../../shared/time';
import { warningRecord, type WarningState } from '../../shared/warnings/aggregate';
import { warningLoop } from '../../shared/warnings/loop';
import { defaultWarningPolicy, type WarningPolicy } from '../../shared/warnings/policy';
import { chooseRecipients, tierBelow, type WarningContact } from '../../shared/warnings/recipients';
import { isWithin } from '../../shared/domain/jurisdiction';
import { alarmIdFor } from './alarms';
import { stationApiFeature } from './context';

/** What the warnings calls need of the station store. */
export interface WarningsApiStore {
  warnings(issuedSince?: string): WarningState[];
  warning(id: string): WarningState | undefined;
  streamEvents(stream: string): DomainEvent[];
}

export interface WarningsApiOptions {
  store: WarningsApiStore;
  jurisdiction: string;
  /** The recipients directory (station/warnings/directory.ts); empty when the station has none. */
  contacts: readonly WarningContact[];
  /** Names of the nodes below the station (township/village names), by code. */
  areaNames?: ReadonlyMap<string, string>;
  policy?: WarningPolicy;
  clock: () => number;
}

/**
 * The warnings part of the station API: the directory's areas, a recipients preview, a warning's record,
 * the warnings for the snapshot and the changes push, and the duty room's alarms for answers that did
 * not come (derived from the projection, so a restart raises them again unless acknowledged on record).
 */
export function createWarningsApi(options: WarningsApiOptions) {
  const { store, jurisdiction, contacts, clock } = options;
  const policy = options.policy ?? defaultWarningPolicy;
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const nameOfArea = (code: string) =>
    options.areaNames?.get(code) ??
    contacts
      .find((c) => c.jurisdiction === code && c.kind === 'duty_room')
      ?.name.replace(/应急值班室$/, '') ??
    code;

  const areas = (): WarningArea[] => {
    const count = new Map<string, number>();
    for (const c of contacts) {
      const tier = tierBelow(jurisdiction, c.jurisdiction);
      if (tier < 1) continue;
      // Each contact counts toward its node and the township above a village.
      const codes = tier >= 2 ? [c.jurisdiction, c.jurisdiction.slice(0, 9)] : [c.jurisdiction];
      for (const code of codes) count.set(code, (count.get(code) ?? 0) + 1);
    }
    return [...count.entries()]
      .map(([code, n]) => ({
        code,
        name: nameOfArea(code),
        tier: tierBelow(jurisdiction, code),
        contacts: n,
      }))
      .sort((a, b) => a.tier - b.tier || a.code.localeCompare(b.code));
  };

  const recipients = (choice: {
    areas: string[];
    tiers: number[];
    gridPersons: boolean;
    officials?: boolean;
  }): RecipientPreview[] =>
    chooseRecipients(contacts, jurisdiction, choice.areas, choice).map((r) => {
      const c = byId.get(r.id);
      const superior = r.superiorId ? byId.get(r.superiorId) : undefined;
      return {
        ...r,
        kind: c?.kind ?? 'duty_room',
        ...(superior ? { superiorName: superior.name } : {}),
        reachable: (c?.phones.length ?? 0) > 0,
      };
    });

  const record = (warningId: string) => {
    const w = store.warning(warningId);
    if (!w) return fail(domainError('NOT_FOUND', 'input.warningId', warningId));
    const now = clock();
    const loop = warningLoop(w, now, policy);
    const names: Record<string, string> = {};
    for (const r of w.recipients) {
      names[r.id] = r.name;
      const superior = r.superiorId ? byId.get(r.superiorId) : undefined;
      if (superior && r.superiorId) names[r.superiorId] = superior.name;
    }
    const value: WarningRecordWire = {
      asOf: toInstant(now),
      warning: w,
      steps: warningRecord(store.streamEvents(`warning:${warningId}`)),
      loop: loop.recipients.map((r) => ({
        recipientId: r.recipientId,
        stage: r.stage,
        ackDueAt: r.ackDueAt,
        late: r.late,
        renotifications: r.renotifications,
        ...(r.next ? { next: r.next } : {}),
      })),
      closed: loop.summary.closed,
      names,
    };
    return ok(value);
  };

  /** In force, and lifted within the last day: what the board and the map show. */
  const list = (): WarningStateWire[] =>
    store.warnings(toInstant(clock() - RECENTLY_LIFTED_MS));

  /** The warnings a batch of events changed, as now projected (nothing when none), for the changes push. */
  const changedIn = (events: readonly DomainEvent[]): { warnings?: WarningStateWire[] } => {
    const ids = new Set<string>();
    for (const e of events) if (e.stream.startsWith('warning:')) ids.add(e.stream.slice('warning:'.length));
    if (ids.size === 0) return {};
    return { warnings: [...ids].flatMap((id) => store.warning(id) ?? []) };
  };

  /**
   * 叫应 alarms for the duty room: a recipient silent past their limit (re-notified, then escalated: a
   * new alarm at each step, so the room hears that the superior was called), and a notice the gateway
   * could not carry (the officer must phone).
   */
  const alarmsNow = (): Alarm[] => {
    const now = clock();
    const out: Alarm[] = [];
    for (const w of store.warnings()) {
      const loop = warningLoop(w, now, policy);
      w.recipients.forEach((r, i) => {
        const l = loop.recipients[i];
        // A station that received the warning from above is alarmed only for the recipients in its own area.
        if (!l || r.acknowledgedAt || !isWithin(r.jurisdiction, jurisdiction)) return;
        const base = {
          severity: 'urgent' as const,
          sound: true,
          params: {
            warningId: w.id,
            hazard: w.hazard,
            colour: w.colour,
            name: r.name.slice(0, 200),
            dueAt: l.ackDueAt,
            ...(r.superiorId
              ? { superior: (byId.get(r.superiorId)?.name ?? r.superiorId).slice(0, 200) }
              : {}),
          },
        };
        if (toMs(l.ackDueAt) <= now) {
          const step = r.escalatedAt ? 'escalated' : r.renotifiedAt.length > 0 ? 'renotified' : 'overdue';
          out.push({
            ...base,
            id: alarmIdFor('warning_unanswered', `${w.id}|${r.id}|${step}`),
            kind: 'warning_unanswered',
            raisedAt: r.escalatedAt ?? r.renotifiedAt.at(-1) ?? l.ackDueAt,
            params: { ...base.params, step },
          });
        }
        if (r.deliveryFailedAt && r.deliveryFailure) {
          out.push({
            ...base,
            severity: 'warning',
            id: alarmIdFor('warning_undelivered', `${w.id}|${r.id}|${r.deliveryFailedAt}`),
            kind: 'warning_undelivered',
            raisedAt: r.deliveryFailedAt,
            params: {
              ...base.params,
              notice: r.deliveryFailure.notice,
              reason: r.deliveryFailure.reason.slice(0, 500),
            },
          });
        }
      });
    }
    return out;
  };

  return {
    handlers: {
      warningAreas: () => ok(areas()),
      warningRecipients: (choice: {
        areas: string[];
        tiers: number[];
        gridPersons: boolean;
        officials?: boolean;
      }) => ok(recipients(choice)),
      warningRecord: ({ warningId }: { warningId: string }) => record(warningId),
    },
    list,
    changedIn,
    alarmsNow,
  };
}
export type WarningsApi = ReturnType<typeof createWarningsApi>;

/**
 * 预警 and 预警叫应 at the station API. A recipient silent past the limit, or a notice not carried, alarms
 * the duty room; time alone makes an answer overdue, so the check runs after each append that touches a
 * warning and on a timer (default and at most every 2 s).
 */
export const warningsApi = stationApiFeature({
  name: 'warnings',
  open: ({ store, station, options, clock, alarms, emitAlarms, onBug }) => {
    const warnings = createWarningsApi({
      store,
      jurisdiction: station.jurisdiction,
      contacts: options.warnings?.contacts ?? [],
      ...(options.warnings?.areaNames ? { areaNames: options.warnings.areaNames } : {}),
      ...(options.warnings?.policy ? { policy: options.warnings.policy } : {}),
      clock,
    });
    const check = () => {
      try {
        emitAlarms(alarms.fromWarnings(warnings.alarmsNow()));
      } catch (error) {
        onBug(error);
      }
    };
    const stopAppended = store.onAppended((events) => {
      if (events.some((e) => e.stream.startsWith('warning:'))) check();
    });
    check();
    const timer = setInterval(check, Math.min(options.alarmCheckMs ?? 2_000, 2_000));
    timer.unref?.();
    return {
      handlers: warnings.handlers,
      snapshot: () => ({ warnings: warnings.list() }),
      changedIn: warnings.changedIn,
      close: () => {
        clearInterval(timer);
        stopAppended();
      },
    };
  },
});
