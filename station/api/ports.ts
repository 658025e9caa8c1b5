import type { StationStore } from '../store/index';
import type { DomainEvent } from '../../shared/events/envelope';
import type { Result } from '../../shared/result';
import type { LinkState } from '../../shared/api/contract';

/**
 * What the station API needs of the station store (contracts.md §2): the log's write path and
 * subscriptions, and the read repositories of the feature modules (station/features.ts). A `Pick` of
 * `StationStore`, so a query a feature adds or changes is written once, in its module.
 */
export type ApiStore = Pick<
  StationStore,
  // The event log (station/store/index.ts).
  | 'execute'
  | 'executeAll'
  | 'streamEvents'
  | 'lastPosition'
  | 'eventsSince'
  | 'outboxDepth'
  | 'onAppended'
  // The deadline engine's obligations (station/store/projections.ts).
  | 'pendingObligations'
  | 'obligationsOf'
  // Feature repositories: incidents, reports, dispatch, warnings, roster, duty log, auth, field, headquarters, drills.
  | 'openIncidents'
  | 'incident'
  | 'reportsOf'
  | 'report'
  | 'reportsAwaitingReceipt'
  | 'externalUnits'
  | 'teams'
  | 'depots'
  | 'shelters'
  | 'riskPoints'
  | 'dispatchOrders'
  | 'warnings'
  | 'warning'
  | 'staff'
  | 'rosters'
  | 'roster'
  | 'rostersCovering'
  | 'rosterSettings'
  | 'dutyLog'
  | 'dutyLogEntry'
  | 'credentials'
  | 'teamTerminals'
  | 'headquarters'
  | 'headquartersById'
  | 'headquartersOf'
  | 'plans'
  | 'plan'
  | 'planHistory'
  | 'drills'
  | 'drillScenario'
  | 'drillPlans'
>;

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
