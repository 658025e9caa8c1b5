export { DeadlineScheduler, realClock, realTimers } from './scheduler';
export type {
  ClearedReason,
  ClockJump,
  LadderAlarm,
  PlannedAlarm,
  SchedulerClock,
  SchedulerOptions,
  SchedulerTimers,
} from './scheduler';
export { LADDER, LATE_AFTER_MS, alarmIdFor, type DueItem } from './ladder';
export { leaderOnDuty, type LeaderLookup, type LeaderOnDuty } from './leader';
export {
  dueItemOfHeadquarters,
  dueItemOfObligation,
  headquartersSource,
  reportObligationSource,
  type DueSource,
  type SchedulerStore,
} from './sources';
export { ManualTime } from './manualTime';
export { toStationAlarm } from './stationAlarm';
