import {
  decideRoster,
  decideStaff,
  evolveRoster,
  evolveStaff,
  type RosterCommand,
  type RosterEvent,
  type RosterState,
  type StaffCommand,
  type StaffEvent,
} from '../../shared/roster/aggregate';
import { RosterSettings, type StaffMember } from '../../shared/roster/schemas';
import { payloadText, stationFeature } from '../store/feature';
import { projectionRoster } from './migrations/0120-projection-roster';

/** 值班人员名录 and 排班: the staff directory and the roster months this station holds. */
export interface RosterRepository {
  /** 值班人员名录: every registered person, by name. */
  staff(): StaffMember[];
  /** Every roster month, newest month first. */
  rosters(): RosterState[];
  roster(id: string): RosterState | undefined;
  /** Roster months whose coverage shares time with [from, until), earliest first. */
  rostersCovering(from: string, until: string): RosterState[];
  /** Roster rules (minimum rest, check-in grace, uncovered warning) decisions are taken under. */
  readonly rosterSettings: RosterSettings;
}

/** The roster feature at the station: the staff and rosters projections, their queries and decisions. */
export const rosterFeature = stationFeature<RosterRepository>({
  name: 'roster',
  migrations: [projectionRoster],
  projections: {
    staff: {
      table: 'staff',
      evolve: (s, e) => evolveStaff(s as StaffMember | undefined, e as StaffEvent),
      columns: { name: (s: StaffMember) => s.name },
    },
    roster: {
      table: 'rosters',
      evolve: (s, e) => evolveRoster(s as RosterState | undefined, e as RosterEvent),
      columns: {
        month: (s: RosterState) => s.roster.month,
        covers_from: (s: RosterState) => s.roster.coversFrom,
        covers_until: (s: RosterState) => s.roster.coversUntil,
      },
    },
  },
  repository(db, options) {
    const staff = db.prepare('SELECT state FROM staff ORDER BY name, id').pluck();
    const rosters = db.prepare('SELECT state FROM rosters ORDER BY month DESC, id').pluck();
    const roster = db.prepare('SELECT state FROM rosters WHERE id = ?').pluck();
    const covering = db
      .prepare('SELECT state FROM rosters WHERE covers_until > ? AND covers_from < ? ORDER BY covers_from, id')
      .pluck();
    const parseAll = <T>(rows: unknown[]) => rows.map((r) => JSON.parse(r as string) as T);
    return {
      staff: () => parseAll<StaffMember>(staff.all()),
      rosters: () => parseAll<RosterState>(rosters.all()),
      roster: (id) => {
        const row = roster.get(id);
        return typeof row === 'string' ? (JSON.parse(row) as RosterState) : undefined;
      },
      rostersCovering: (from, until) => parseAll<RosterState>(covering.all(from, until)),
      rosterSettings: RosterSettings.parse(options.rosterSettings ?? {}),
    };
  },
  decide: {
    staff: (cmd) => decideStaff(cmd as StaffCommand),
    roster(cmd, load, ctx) {
      const named = (cmd.payload as { roster?: { id?: unknown } }).roster;
      const rosterId = payloadText(cmd, 'rosterId') ?? (typeof named?.id === 'string' ? named.id : undefined);
      return decideRoster(cmd as RosterCommand, rosterId ? (load.state(`roster:${rosterId}`) as RosterState | undefined) : undefined, ctx, {
        staff: load.read.staff(),
        settings: load.read.rosterSettings,
      });
    },
  },
});
