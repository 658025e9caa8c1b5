import type { DrillPlanState } from '../../shared/drills/annualPlan';
import type { ExternalUnit } from '../../shared/reports/external';
import type { Actor } from '../../shared/domain/common';
import type { Incident } from '../../shared/domain/incident';
import type { Report } from '../../shared/domain/report';
import type { Depot, RiskPoint, Shelter, Team } from '../../shared/domain/resources';
import type { DispatchOrder } from '../../shared/domain/operations';
import type { DomainEvent } from '../../shared/events/envelope';
import type { Obligation } from '../../shared/rules/obligation';
import type { Result } from '../../shared/result';
import type { LinkState } from '../../shared/api/contract';
import type { WarningState } from '../../shared/warnings/aggregate';
import type { HeadquartersState } from '../../shared/headquarters/aggregate';
import type { ContingencyPlan } from '../../shared/headquarters/plan';
import type { PlanVersions } from '../../shared/headquarters/planVersions';
import type { RosterState } from '../../shared/roster/aggregate';
import type { RosterSettings, StaffMember } from '../../shared/roster/schemas';
import type { DutyLogEntry } from '../../shared/dutylog/aggregate';
import type { DutyLogQuery } from '../dutylog/dutylog.store';
import type { CredentialStore } from '../auth/credentials.store';
import type { TeamTerminalStore } from '../field/terminals.store';
import type { DrillQueries } from '../drills/drills.store';
import type { DrillScenario } from '../../shared/drills/scenario';

/**
 * What the station API needs of the station store (contracts.md §2). Written as the subset used here so
 * that the API can be read and reviewed on its own; the real `StationStore` satisfies it structurally.
 */
export interface ApiStore {
  execute(command: unknown, actor: Actor): Result<DomainEvent[]>;
  executeAll(commands: readonly unknown[], actor: Actor): Array<Result<DomainEvent[]>>;
  openIncidents(): Incident[];
  incident(id: string): Incident | undefined | null;
  reportsOf(incidentId: string): Report[];
  report(id: string): Report | undefined | null;
  reportsAwaitingReceipt(addressedTo: string): Report[];
  /** Upper levels outside Duty Room a report may be sent to (issue 19). */
  readonly externalUnits?: readonly ExternalUnit[];
  pendingObligations(): Obligation[];
  obligationsOf(incidentId: string): Obligation[];
  teams(): Team[];
  depots(): Depot[];
  shelters(): Shelter[];
  riskPoints(): RiskPoint[];
  dispatchOrders(): DispatchOrder[];
  /** Warnings in force, and those issued since `issuedSince`; newest first. */
  warnings(issuedSince?: string): WarningState[];
  warning(id: string): WarningState | undefined;
  /** 值班人员名录 and roster months (station/store: staff, rosters, roster, rostersCovering). */
  staff(): StaffMember[];
  /** Sign-in's station-local tables (issue 17): credentials, throttle counts, phone terminals. */
  readonly credentials: CredentialStore;
  /** 外勤终端 (issue 19): team terminals and their accepted taps. */
  readonly teamTerminals: TeamTerminalStore;
  rosters(): RosterState[];
  roster(id: string): RosterState | undefined;
  rostersCovering(from: string, until: string): RosterState[];
  readonly rosterSettings: RosterSettings;
  /** 值班日志 (station/store/dutylog.ts). */
  dutyLog(query: DutyLogQuery): DutyLogEntry[];
  dutyLogEntry(id: string): DutyLogEntry | undefined;
  /** 指挥部 and plan templates (station/store: headquarters, headquartersById, headquartersOf, plans, plan, planHistory). */
  headquarters(): HeadquartersState[];
  headquartersById(id: string): HeadquartersState | undefined;
  headquartersOf(incidentId: string): HeadquartersState[];
  plans(): ContingencyPlan[];
  plan(id: string, version?: number): ContingencyPlan | undefined;
  planHistory(id: string): PlanVersions | undefined;
  streamEvents(stream: string): DomainEvent[];
  /** 演练: the drills this station holds and the scripts (station/store/drills.ts, issue 22). */
  readonly drills: DrillQueries;
  drillScenario(id: string, version?: number): DrillScenario | undefined;
  /** 年度演练计划: each station's plan this station holds, by jurisdiction. */
  drillPlans(): Map<string, DrillPlanState>;
  /** Local log position of the newest event, and events after a position: the duty log's first page. */
  lastPosition(): number;
  eventsSince(pos: number, limit: number): Array<{ pos: number; event: DomainEvent }>;
  outboxDepth(): number;
  onAppended(listener: (events: DomainEvent[]) => void): () => void;
}

/** Commands as the person at this console: the API stamps the actor (station/api/index.ts, asOperator). */
export interface ConsoleWriter {
  execute(command: unknown): Result<DomainEvent[]>;
}

/** Where the link to the hub stands: the sync client when a hub is configured, else standalone. */
export interface LinkSource {
  current(): LinkState;
  onChange(listener: (state: LinkState) => void): () => void;
}

/** One rung of the report-deadline alarm ladder (station/scheduler), as much of it as the windows show. */
export interface DeadlineAlarm {
  id: string;
  step: 'reminder' | 'alarm' | 'overdue';
  severity: 'warning' | 'urgent';
  sound: boolean;
  incidentId: string;
  subjectKind: string;
  dueAt: string;
  raisedAt: string;
  leader?: { personId: string; name?: string };
  /** The headquarters (or incident) the item belongs to, and its key there (`check_in.<personId>`, `task.<group>.<key>`). */
  scope?: string;
  subjectKey?: string;
}

/** The deadline scheduler as the API uses it: what rings, what stops, and acknowledging on record. */
export interface DeadlineAlarms {
  activeAlarms(): DeadlineAlarm[];
  onAlarm(listener: (alarm: DeadlineAlarm) => void): () => void;
  onCleared(listener: (alarmId: string) => void): () => void;
  acknowledge(alarmId: string, actor: unknown): Result<DomainEvent[]>;
}
