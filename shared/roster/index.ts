/**
 * 值班表 — the duty roster's pure domain core: what the roster UI, the station and the alarm ladder
 * call. No I/O here; the station feeds in the directory, the month and the clock.
 *
 * - schemas: StaffMember, ShiftPattern, PositionPlan, KeyPeriod, RosterSettings, Roster
 * - calendar: China public holidays and 调休 working days (chinese-days data), key periods from them
 * - generate: generateMonth (rotation), assignPosition (hand edit), monthSkeleton, segmentsOf
 * - checks: checkRoster (findings with stable codes), fairnessTable
 * - duty: whoIsOnDuty (leader on duty for the alarm ladder), lateCheckIns (到岗签到)
 * - aggregate: decideRoster / evolveRoster / decideStaff / evolveStaff (events in ./events)
 * - handover: handoverSheet (交接班记录) · wall: wallTable (printed month) · ical: toICalendar
 * - directory: parseStaffRows (staff sheet import)
 */
export * from './schemas';
export * from './calendar';
export * from './facts';
export * from './generate';
export * from './checks';
export * from './duty';
export * from './aggregate';
export * from './events';
export * from './handover';
export * from './wall';
export * from './ical';
export * from './directory';
