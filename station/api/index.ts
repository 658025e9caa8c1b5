import type { Actor } from '../../shared/domain/common';
import type { DomainEvent } from '../../shared/events/envelope';
import type { StationInfo, StationPush, LinkState, OnDuty } from '../../shared/api/contract';
import { createApiDispatcher, checkedPush, type ApiDispatcher } from '../../shared/api/serve';
import { domainError } from '../../shared/errors';
import { fail, ok } from '../../shared/result';
import { toInstant } from '../../shared/time';
import { rankTeamsForIncident } from '../../shared/dispatch/rank';
import { followDispatch } from '../dispatch/follow';
import { AlarmBoard, type IntegritySource } from './alarms';
import { createLedgerApi } from './ledger';
import { createWarningsApi } from './warnings';
import { createHeadquartersApi } from './headquarters';
import type { RoleDirectory } from '../../shared/headquarters/plan';
import type { WarningContact } from '../../shared/warnings/recipients';
import type { WarningPolicy } from '../../shared/warnings/policy';
import { createDutyLogApi } from './dutylog';
import { gazetteerHandlers } from './gazetteer';
import { runningSetupHandlers } from '../setup/handlers';
import type { Alarm } from '../../shared/api/contract';
import type { Depot, RiskPoint } from '../../shared/domain/resources';
import {
  DOCX_MEDIA_TYPE,
  draftReport,
  exportReportDocx,
  reportPrintView,
  reportTrail,
  toExportedFile,
  type ReportStore,
} from '../reports/service';
import type { InboxEntry } from '../../shared/api/contract';
import { reportsHandlers } from './reports';
import { drillsHandlers } from './drills';
import { annualDrillPlanHandlers, townshipsBelow } from './annualDrillPlan';
import { defaultRuleProfile, type RuleProfile } from '../../shared/rules/profile';
import type { ApiStore, ConsoleWriter, DeadlineAlarm, DeadlineAlarms, LinkSource } from './ports';
import { newId } from '../../shared/ids';
import { createRosterService, rosterChangesOf } from './roster';
import { mapHandlers } from './map';
import type { StationBasemaps } from '../basemap/sources';
import { AsyncLocalStorage } from 'node:async_hooks';
import { stationApi } from '../../shared/api/contract';
import type { Result } from '../../shared/result';
import { createAuthService, newScreen, type AuthService, type Screen } from '../auth/service';
import type { ScreenKind } from '../../shared/auth/schemas';
import { phoneApprovals, type PhoneApprovals } from '../auth/phone';
import { fieldTerminals, type FieldTerminals } from '../field/terminals';
import { delegationsFrom, delegationStream, delegationWindows } from '../../shared/auth/delegation';

export type { ApiStore, ConsoleWriter, DeadlineAlarm, DeadlineAlarms, LinkSource } from './ports';

/** The station's own condition checks raise their alarms as this actor. */
const STATION_ALARMS: Actor = { id: 'station-alarms', name: '值守台告警', role: 'system' };
/** Team status that follows dispatch orders is the station's doing, not a person's. */
const STATION_DISPATCH: Actor = { id: 'station-dispatch', name: '值守台调度跟踪', role: 'system' };
/** What a screen's station info names as its operator before anyone signs in. */
const NOBODY: Actor = { id: 'signed-out', name: '未登录', role: 'officer' };

export interface StationApiOptions {
  store: ApiStore;
  station: Omit<StationInfo, 'onDuty' | 'operator'>;
  /**
   * In-process callers only (tests, benchmarks): the actor `dispatch` acts as. Screens never get it: a
   * window or socket is `connect`ed and acts as the person signed in at it (issue 17). The station omits it.
   */
  operator?: Actor;
  /** Sign-in: idle lock minutes, and who the sign-in screen pre-selects (the launcher's --operator). */
  auth?: { idleLockMinutes?: number; prefill?: string };
  onDuty: OnDuty;
  link: LinkSource;
  /** The tamper check (station/verify/watch.ts): each mismatch it finds is a chain_mismatch alarm on record. */
  integrity?: IntegritySource;
  /** Rebuilds of the store from the hub (station/store/restorations.ts): each a restored_from_hub alarm on record. */
  restorations?: ReadonlyArray<Parameters<AlarmBoard['fromRestorations']>[0][number]>;
  clock?: () => number;
  /** The report-deadline alarm ladder (station/scheduler): the one engine for everything that falls due. */
  deadlines: DeadlineAlarms;
  /** How often silent warning recipients are looked for (default and at most every 2 s). */
  alarmCheckMs?: number;
  /**
   * What a drafted report names as 报告单位, 报告人 and 联系电话. Defaults: the station's name, the
   * operator's name (else id), and no number (the officer fills it in the editor).
   */
  reporting?: { unit?: string; reporter?: string; contact?: string };
  /** 预警叫应: the recipients directory, the names of the areas below the station, the answer rules. */
  warnings?: {
    contacts: readonly WarningContact[];
    areaNames?: ReadonlyMap<string, string>;
    policy?: WarningPolicy;
  };
  /** 指挥部: the role-holder directory (who a plan calls up, their phones and home station). */
  headquarters?: { directory: RoleDirectory; stationOf?: (personId: string) => string | undefined };
  onBug?: (error: unknown) => void;
  /** Tile basemaps the station serves or names (MBTiles packages, an XYZ source); none by default. */
  basemaps?: StationBasemaps;
  /** The report rule profile the station runs (the store's deadline engine uses the same); the national default by default. */
  ruleProfile?: RuleProfile;
}

/** One screen's link to the API: a window over IPC, a socket in browser mode. */
export interface ScreenConnection {
  readonly screen: Screen;
  dispatch: ApiDispatcher;
}

/** Methods a console may call before anyone signs in (every other command needs a session). */
const OPEN_COMMANDS = new Set<string>([
  'signIn',
  'resumeSession',
  'setUpAdministrator',
  'signOut',
  'touchSession',
]);

export interface StationApi {
  /** In-process only: acts as `operator` when one was given, else refuses every command (no one signed in). */
  dispatch: ApiDispatcher;
  /**
   * A screen joins: a console (acts once someone signs in at it) or a wall display (receives pushes and
   * may ask queries; every command is refused, whatever it sends). `throttleKey`: what failed sign-ins
   * count against (the socket's address, the window).
   */
  connect(kind: ScreenKind, throttleKey: string): ScreenConnection;
  auth: AuthService;
  /** The paired phone terminals' page (手机审批), for the host's routes. */
  phone: PhoneApprovals;
  /** 外勤终端: team leaders' phones (station/field), for the host's /field/ routes. */
  field: FieldTerminals;
  /** Every push for the windows, already checked against the contract. */
  subscribe(listener: (push: StationPush) => void): () => void;
  close(): void;
}

const RECENT_EVENTS = 200;

/** The station API over the store and the link: what both transports (IPC, socket) serve. */
export function createStationApi(options: StationApiOptions): StationApi {
  const { store, link } = options;
  const clock = options.clock ?? Date.now;
  const listeners = new Set<(push: StationPush) => void>();
  /**
   * Who acts: every command a window sends is stamped here, and only here, with the person at this
   * console; an actor the window sends along is dropped by the contract's parse.
   */
  /** 授权签发 on record: the station's own delegation stream (shared/auth/delegation.ts). */
  const recordedDelegations = () =>
    delegationsFrom(store.streamEvents(delegationStream(options.station.stationId)));
  const auth = createAuthService({
    store,
    jurisdiction: options.station.jurisdiction,
    stationId: options.station.stationId,
    clock,
    ...(options.auth?.idleLockMinutes !== undefined ? { idleLockMinutes: options.auth.idleLockMinutes } : {}),
    ...(options.auth?.prefill ? { prefill: options.auth.prefill } : {}),
    delegations: () => delegationWindows(recordedDelegations()),
  });
  /** The screen a request came from, for everything its handler does (also a ledger job it starts). */
  const currentScreen = new AsyncLocalStorage<Screen>();
  /**
   * THE place who acts is decided: the person signed in at the screen the request came from, with the
   * role the station gives them now (directory and own roster, station/auth); in-process, `operator`.
   */
  const actorNow = (): Result<Actor> => {
    const screen = currentScreen.getStore();
    if (screen) return auth.actorOf(screen);
    return options.operator ? ok(options.operator) : fail(domainError('SIGN_IN_REQUIRED', 'session'));
  };
  const asOperator: ConsoleWriter = {
    execute: (command) => {
      const actor = actorNow();
      return actor.ok ? store.execute(command, actor.value) : actor;
    },
  };
  const isAcknowledged = (alarmId: string) =>
    store.streamEvents(`alarm:${alarmId}`).some((e) => e.type === 'alarm.acknowledged');
  const recordAlarms = (raised: Alarm[]) => {
    let results: ReturnType<typeof store.executeAll>;
    // A store that cannot write (still checking, damaged) must not stop the alarm from showing.
    try {
      results = store.executeAll(
        raised.map(({ id, kind, severity, incidentId, params, sound, raisedAt }) => ({
          id: newId(clock()),
          type: 'alarm.raise',
          payload: {
            alarmId: id,
            raisedAt,
            alarm: { kind, severity, ...(incidentId ? { incidentId } : {}), params, sound },
          },
        })),
        STATION_ALARMS,
      );
    } catch (error) {
      options.onBug?.(error);
      return;
    }
    for (const r of results)
      if (!r.ok) options.onBug?.(new Error(`alarm not recorded: ${JSON.stringify(r.errors)}`));
  };
  const alarms = new AlarmBoard(options.station.stationId, isAcknowledged, recordAlarms, {
    jurisdiction: options.station.jurisdiction,
    describe: (reportId) => {
      const report = store.report(reportId);
      if (!report) return undefined;
      return {
        incidentId: report.incidentId,
        title: store.incident(report.incidentId)?.facts.title ?? '',
        kind: report.kind,
        ...(report.sequence !== undefined ? { sequence: report.sequence } : {}),
        from: report.jurisdiction,
      };
    },
  });
  const warnings = createWarningsApi({
    store,
    jurisdiction: options.station.jurisdiction,
    contacts: options.warnings?.contacts ?? [],
    ...(options.warnings?.areaNames ? { areaNames: options.warnings.areaNames } : {}),
    ...(options.warnings?.policy ? { policy: options.warnings.policy } : {}),
    clock,
  });
  // The duty log opens on the newest entries of the log; later ones arrive through onAppended.
  const recent: DomainEvent[] = store
    .eventsSince(Math.max(0, store.lastPosition() - RECENT_EVENTS), RECENT_EVENTS)
    .map((logged) => logged.event);
  const onDuty = options.onDuty;
  const dutyLog = createDutyLogApi({ store, station: options.station });
  const headquarters = createHeadquartersApi({
    store,
    directory: options.headquarters?.directory ?? [],
    ...(options.headquarters?.stationOf ? { stationOf: options.headquarters.stationOf } : {}),
    clock,
  });

  const emit = (push: StationPush) => {
    let checked: StationPush;
    try {
      checked = checkedPush(push);
    } catch (error) {
      options.onBug?.(error);
      return;
    }
    for (const l of listeners) l(checked);
  };
  const emitAlarms = ({ raised, cleared }: { raised: ReturnType<AlarmBoard['list']>; cleared: string[] }) => {
    for (const alarm of raised) emit({ kind: 'alarm_raised', alarm });
    for (const alarmId of cleared) emit({ kind: 'alarm_cleared', alarmId });
  };

  const title = (incidentId: string) => store.incident(incidentId)?.facts.title ?? '';

  /** The objects an append touched, as the store now projects them. */
  const changesFor = (events: DomainEvent[]): StationPush => {
    const incidentIds = new Set<string>();
    const reportIds = new Set<string>();
    const teamIds = new Set<string>();
    const shelterIds = new Set<string>();
    const dispatchIds = new Set<string>();
    // A depot or risk point is exactly what its registration says (evolveDepot/evolveRiskPoint): taken
    // from the event, so a 20,000-row ledger import does not re-read the whole table once per row.
    const depots = new Map<string, Depot>();
    const riskPoints = new Map<string, RiskPoint>();
    for (const e of events) {
      const [aggregate, id = ''] = e.stream.split(':');
      if (aggregate === 'incident') incidentIds.add(id);
      else if (aggregate === 'report') reportIds.add(id);
      else if (aggregate === 'team') teamIds.add(id);
      else if (aggregate === 'shelter') shelterIds.add(id);
      else if (aggregate === 'dispatch') dispatchIds.add(id);
      if (e.type === 'depot.registered') depots.set(e.payload.depot.id, e.payload.depot);
      else if (e.type === 'risk_point.registered')
        riskPoints.set(e.payload.riskPoint.id, e.payload.riskPoint);
    }
    const reports = [...reportIds].flatMap((id) => store.report(id) ?? []);
    for (const r of reports) incidentIds.add(r.incidentId);
    const dispatchOrders =
      dispatchIds.size > 0 ? store.dispatchOrders().filter((d) => dispatchIds.has(d.id)) : [];
    return {
      kind: 'changes',
      events,
      ...rosterChangesOf(store, events),
      incidents: [...incidentIds].flatMap((id) => store.incident(id) ?? []),
      reports,
      obligations: [...incidentIds].map((incidentId) => ({
        incidentId,
        obligations: store.obligationsOf(incidentId),
      })),
      teams: teamIds.size > 0 ? store.teams().filter((t) => teamIds.has(t.id)) : [],
      shelters: shelterIds.size > 0 ? store.shelters().filter((s) => shelterIds.has(s.id)) : [],
      dispatchOrders,
      depots: [...depots.values()],
      riskPoints: [...riskPoints.values()],
      ...warnings.changedIn(events),
      ...dutyLog.changedIn(events),
      ...headquarters.changedIn(events),
    };
  };

  const stopAppended = store.onAppended((events) => {
    recent.push(...events);
    if (recent.length > RECENT_EVENTS) recent.splice(0, recent.length - RECENT_EVENTS);
    emit(changesFor(events));
    emitAlarms(alarms.fromEvents(events));
    for (const e of events) {
      if (e.type === 'alarm.acknowledged')
        emit({
          kind: 'alarm_cleared',
          alarmId: e.stream.slice('alarm:'.length),
          acknowledgedBy: e.actor.name ?? e.actor.id,
        });
    }
    if (events.some((e) => e.stream.startsWith('warning:'))) checkWarningAlarms();
  });
  // 预警叫应: a recipient silent past the limit, or a notice not carried, alarms the duty room; time alone
  // makes an answer overdue, so the check also runs on a timer.
  function checkWarningAlarms() {
    try {
      emitAlarms(alarms.fromWarnings(warnings.alarmsNow()));
    } catch (error) {
      options.onBug?.(error);
    }
  }
  checkWarningAlarms();
  const warningAlarmTimer = setInterval(checkWarningAlarms, Math.min(options.alarmCheckMs ?? 2_000, 2_000));
  warningAlarmTimer.unref?.();
  // Team status follows the dispatch orders of the teams this station holds (出动/到场/返回).
  const stopFollowing = followDispatch(
    store,
    { jurisdiction: options.station.jurisdiction, actor: options.operator ?? STATION_DISPATCH },
    options.onBug,
  );

  let lastLink = link.current().status;
  const stopLink = link.onChange((state: LinkState) => {
    emit({ kind: 'link', link: state });
    emitAlarms(alarms.fromLink(lastLink, state, clock()));
    lastLink = state.status;
  });
  // 记录校验不符: what the tamper check found at start, and whatever it finds later (decision 0015).
  const stopIntegrity = options.integrity?.onFindings((found) =>
    emitAlarms(alarms.fromIntegrity(found, clock())),
  );
  if (options.integrity) emitAlarms(alarms.fromIntegrity(options.integrity.findings(), clock()));
  // 数据已从上级平台恢复: each rebuild of the store from the hub, until someone acknowledges it (issue 21).
  if (options.restorations) emitAlarms(alarms.fromRestorations(options.restorations));

  // 值班表: who is on duty now (pushed when it changes) and seats not checked in (到岗签到) as alarms.
  const roster = createRosterService({
    store,
    writer: asOperator,
    stationId: options.station.stationId,
    jurisdiction: options.station.jurisdiction,
    stationName: options.station.name,
    configured: onDuty,
    clock,
    onDutyChanged: (onDuty) => emit({ kind: 'on_duty', onDuty }),
    lateCheckIns: (late, nameOf) => emitAlarms(alarms.fromCheckIns(late, clock(), nameOf)),
    uncoveredSoon: (soon) => emitAlarms(alarms.fromUncovered(soon, clock())),
    ...(options.onBug ? { onBug: options.onBug } : {}),
  });

  // Report deadlines and headquarters items: the scheduler's ladder, each rung on record.
  const deadlines = options.deadlines;
  const ladder = new Map<string, Alarm>();
  const fromLadder = (a: DeadlineAlarm): Alarm => ({
    id: a.id,
    kind: a.step === 'overdue' ? 'obligation_overdue' : 'obligation_due_soon',
    severity: a.severity,
    raisedAt: a.raisedAt,
    incidentId: a.incidentId,
    sound: a.sound,
    params: {
      title: title(a.incidentId),
      obligation: a.subjectKind,
      dueAt: a.dueAt,
      ...(a.leader ? { leader: a.leader.name ?? a.leader.personId } : {}),
      ...headquarters.alarmSubject(a),
    },
  });
  for (const a of deadlines.activeAlarms()) ladder.set(a.id, fromLadder(a));
  const stopLadder: Array<() => void> = [
    deadlines.onAlarm((a) => {
      const alarm = fromLadder(a);
      ladder.set(alarm.id, alarm);
      emit({ kind: 'alarm_raised', alarm });
    }),
    deadlines.onCleared((alarmId) => {
      if (ladder.delete(alarmId)) emit({ kind: 'alarm_cleared', alarmId });
    }),
  ];

  // The report services read the store through the narrow view they declare (station/reports/service.ts).
  const reportStore: ReportStore = {
    stationId: options.station.stationId,
    jurisdiction: options.station.jurisdiction,
    incident: (id) => store.incident(id) ?? undefined,
    reportsOf: (id) => store.reportsOf(id),
    report: (id) => store.report(id) ?? undefined,
    streamEvents: (stream) => store.streamEvents(stream),
    dispatchOrders: () => store.dispatchOrders(),
    teams: () => store.teams(),
    eventsSince: (pos, limit) => store.eventsSince(pos, limit),
  };
  const reporting = {
    unit: options.reporting?.unit ?? options.station.name,
    reporter: options.reporting?.reporter,
    contact: options.reporting?.contact ?? '',
  };

  /** Reports addressed to this jurisdiction, sent and not yet received here; the oldest waits longest. */
  const inbox = () => {
    const now = clock();
    // Every report still awaiting receipt here, also those of incidents closed meanwhile (a late report is
    // still a report the upper level must take in).
    const entries: InboxEntry[] = store
      .reportsAwaitingReceipt(options.station.jurisdiction)
      .flatMap((report) =>
        report.sentAt
          ? [
              {
                report,
                incidentTitle: title(report.incidentId),
                fromJurisdiction: report.jurisdiction,
                sentAt: report.sentAt,
                ageMs: Math.max(0, now - Date.parse(report.sentAt)),
              },
            ]
          : [],
      )
      .sort((a, b) => b.ageMs - a.ageMs);
    return ok({ asOf: toInstant(now), entries });
  };

  const ruleProfile = options.ruleProfile ?? defaultRuleProfile;
  const info = (): StationInfo => ({
    ...options.station,
    onDuty: roster.onDuty(),
    operator: (() => {
      const actor = actorNow();
      return actor.ok ? actor.value : NOBODY;
    })(),
    ruleProfile: {
      id: ruleProfile.id,
      name: ruleProfile.name,
      ...(ruleProfile.appliesTo !== undefined ? { appliesTo: ruleProfile.appliesTo } : {}),
    },
    ...(store.externalUnits?.length ? { externalUnits: [...store.externalUnits] } : {}),
  });

  /** Requests from no screen (in-process, without `operator`) act as this console, signed in or not. */
  const inProcessScreen = newScreen('console', 'in-process');
  const screenNow = () => currentScreen.getStore() ?? inProcessScreen;

  /** 登录 and 签发 with confirmation: station/auth does the checking; the store records what follows. */
  function authHandlers() {
    const approve = (reportId: string, actor: Actor, verification: unknown, comment?: string) => {
      const report = store.report(reportId);
      // Only this station's own reports are signed here.
      if (!report || report.jurisdiction !== options.station.jurisdiction)
        return fail(domainError('NOT_FOUND', 'input.reportId'));
      const result = store.execute(
        {
          id: newId(clock()),
          type: 'report.approve',
          payload: { reportId, verification, ...(comment ? { comment } : {}) },
        },
        actor,
      );
      return result.ok ? ok({ events: result.value }) : result;
    };
    return {
      authStatus: () => ok(auth.status(screenNow())),
      signIn: ({ personId, secret }: { personId: string; secret: string }) =>
        auth.signIn(screenNow(), personId, secret),
      resumeSession: ({ token }: { token: string }) => auth.resume(screenNow(), token),
      signOut: () => auth.signOut(screenNow()),
      touchSession: () => auth.touch(screenNow()),
      setUpAdministrator: (input: { name: string; secret: string; dutyRole: 'leader' | 'officer' }) =>
        auth.setUpAdministrator(screenNow(), input),
      setCredential: (input: {
        personId: string;
        secret: string;
        admin?: boolean | undefined;
        currentSecret?: string | undefined;
      }) => auth.setCredential(screenNow(), input),
      // 人员口令: an administrator's screen (station/auth checks the caller's session is one).
      revokeCredential: (input: { personId: string; reason?: string | undefined }) =>
        auth.revokeCredential(screenNow(), input),
      credentials: () => auth.credentials(screenNow()),
      approveReport: async ({
        reportId,
        secret,
        comment,
      }: {
        reportId: string;
        secret: string;
        comment?: string | undefined;
      }) => {
        const confirmed = await auth.confirm(screenNow(), secret);
        if (!confirmed.ok) return confirmed;
        if (confirmed.value.role !== 'leader') return fail(domainError('APPROVER_REQUIRED', 'actor.role'));
        return approve(reportId, confirmed.value, { method: 'pin' }, comment);
      },
      recordPhoneApproval: ({
        reportId,
        leaderId,
        calledBack,
        comment,
      }: {
        reportId: string;
        leaderId: string;
        calledBack: string;
        comment?: string | undefined;
      }) => {
        const officer = auth.actorOf(screenNow());
        if (!officer.ok) return officer;
        const leader = auth.actorFor(leaderId);
        if (!leader) return fail(domainError('UNKNOWN_PERSON', 'input.leaderId'));
        // The one who approved must be a leader who may sign now, and the call-back goes to their number on file.
        if (leader.role !== 'leader') return fail(domainError('APPROVER_REQUIRED', 'input.leaderId'));
        const phones = store.staff().find((p) => p.id === leaderId)?.phones ?? [];
        const digits = (s: string) => s.replace(/[^0-9]/g, '');
        if (!phones.some((p) => digits(p) === digits(calledBack)))
          return fail(
            domainError('INVALID_FIELD', 'input.calledBack', 'not a number of this leader in the directory'),
          );
        return approve(
          reportId,
          leader,
          {
            method: 'phone_callback',
            leader: { id: leader.id, name: leader.name ?? leader.id },
            calledBack,
            recordedBy: { id: officer.value.id, name: officer.value.name ?? officer.value.id },
          },
          comment,
        );
      },
      pairPhone: (input: { personId: string; label: string }) => {
        const paired = auth.pairPhone(screenNow(), input);
        return paired.ok ? ok({ ...paired.value, path: `/phone/#t=${paired.value.token}` }) : paired;
      },
      revokePhone: ({ terminalId }: { terminalId: string }) => auth.revokePhone(screenNow(), terminalId),
      phoneTerminals: () => ok(auth.phoneTerminals()),
      // 授权签发: who grants it, and on what authority, is the station's to say (auth.delegator).
      recordDelegation: (input: { personId: string; from: string; until: string; reason: string }) => {
        const grantor = auth.delegator(screenNow());
        if (!grantor.ok) return grantor;
        const result = store.execute(
          {
            id: newId(clock()),
            type: 'delegation.record',
            payload: { ...input, grantedAs: grantor.value.grantedAs },
          },
          grantor.value.actor,
        );
        return result.ok ? ok({ events: result.value }) : result;
      },
      revokeDelegation: (input: { delegationId: string; reason: string }) => {
        const grantor = auth.delegator(screenNow());
        if (!grantor.ok) return grantor;
        const result = store.execute(
          {
            id: newId(clock()),
            type: 'delegation.revoke',
            payload: { ...input, grantedAs: grantor.value.grantedAs },
          },
          grantor.value.actor,
        );
        return result.ok ? ok({ events: result.value }) : result;
      },
      delegations: () => ok(recordedDelegations()),
      signHandover: async ({
        rosterId,
        handoverId,
        side,
        personId,
        secret,
      }: {
        rosterId: string;
        handoverId: string;
        side: 'outgoing' | 'incoming';
        personId: string;
        secret: string;
      }) => {
        const screen = screenNow();
        const atConsole = auth.actorOf(screen);
        if (!atConsole.ok) return atConsole;
        const handover = store.roster(rosterId)?.handovers[handoverId];
        if (!handover) return fail(domainError('NOT_FOUND', 'input.handoverId'));
        // The outgoing shift hands over first; the incoming one takes over by signing after it.
        if (side === 'incoming' && !handover.signatures.outgoing)
          return fail(domainError('INVALID_TRANSITION', 'input.side', 'the outgoing side signs first'));
        // Each signs with their own PIN now: the person signed in here, or a colleague at the same console.
        const signer =
          personId === atConsole.value.id
            ? await auth.confirm(screen, secret)
            : await auth.confirmPerson(screen, personId, secret);
        if (!signer.ok) return signer;
        const result = store.execute(
          {
            id: newId(clock()),
            type: 'roster.sign_handover',
            payload: { rosterId, handoverId, side, verification: { method: 'pin' } },
          },
          signer.value,
        );
        if (!result.ok) return result;
        // Handed over: the incoming signer's session starts here, ending the outgoing one's.
        const session =
          side === 'incoming' && signer.value.id !== atConsole.value.id
            ? auth.startConfirmed(screen, signer.value.id)
            : null;
        return ok({ events: result.value, session });
      },
    };
  }

  const field = fieldTerminals({ store, clock, jurisdiction: options.station.jurisdiction });

  const dispatch = createApiDispatcher(
    {
      execute: (command) => {
        // 签发 from a screen needs the leader's own PIN at that moment: approveReport, or a phone path.
        if (command.type === 'report.approve' && currentScreen.getStore())
          return fail(domainError('CONFIRMATION_REQUIRED', 'type'));
        // So does a handover signature: signHandover, with the signer's own PIN.
        if (command.type === 'roster.sign_handover' && currentScreen.getStore())
          return fail(domainError('CONFIRMATION_REQUIRED', 'type'));
        const result = asOperator.execute(command);
        return result.ok ? ok({ events: result.value }) : result;
      },
      acknowledgeAlarm: ({ alarmId }) => {
        if (ladder.has(alarmId)) {
          // The scheduler records it (alarm.acknowledged on the rung's stream) and reports it cleared.
          const actor = actorNow();
          if (!actor.ok) return actor;
          const result = deadlines.acknowledge(alarmId, actor.value);
          return result.ok ? ok({ events: result.value }) : result;
        }
        const result = asOperator.execute({
          id: newId(clock()),
          type: 'alarm.acknowledge',
          payload: { alarmId },
        });
        if (result.ok) return ok({ events: result.value });
        // The caller sent `alarmId`, not a command: name the field it knows.
        return fail(
          ...result.errors.map((e) => (e.field === 'payload.alarmId' ? { ...e, field: 'input.alarmId' } : e)),
        );
      },
      snapshot: () => {
        // Open incidents, and closed ones that still owe a report: closing starts the 终报 (a casualty change
        // after it, a 补报), whose clock the console must keep showing after a reload.
        const open = store.openIncidents();
        const listed = new Set(open.map((i) => i.id));
        const owing = [...new Set(store.pendingObligations().map((o) => o.incidentId))]
          .filter((id) => !listed.has(id))
          .flatMap((id) => store.incident(id) ?? []);
        const incidents = [...open, ...owing];
        return ok({
          station: info(),
          incidents,
          reports: incidents.flatMap((i) => store.reportsOf(i.id)),
          obligations: incidents.map((i) => ({ incidentId: i.id, obligations: store.obligationsOf(i.id) })),
          teams: store.teams(),
          depots: store.depots(),
          shelters: store.shelters(),
          riskPoints: store.riskPoints(),
          dispatchOrders: store.dispatchOrders(),
          alarms: [...alarms.list(), ...ladder.values()],
          recentEvents: [...recent],
          warnings: warnings.list(),
          headquarters: headquarters.list(),
          staff: store.staff(),
          rosters: roster.recentRosters(),
          dutyLog: dutyLog.recent(),
          link: link.current(),
          takenAt: toInstant(clock()),
        });
      },
      ...gazetteerHandlers(options.station),
      ...runningSetupHandlers(options.station),
      incident: ({ id }) => ok(store.incident(id) ?? null),
      reportsOf: ({ incidentId }) => ok(store.reportsOf(incidentId)),
      obligationsOf: ({ incidentId }) => ok(store.obligationsOf(incidentId)),
      streamEvents: ({ stream }) => ok(store.streamEvents(stream)),
      linkState: () => ok(link.current()),
      draftReport: (request) => {
        const actor = actorNow();
        const reporter = reporting.reporter ?? (actor.ok ? (actor.value.name ?? actor.value.id) : '');
        return draftReport(reportStore, request, { ...reporting, reporter }, clock());
      },
      reportTrail: ({ reportId }) => reportTrail(reportStore, reportId),
      reportPrintView: ({ reportId, meta }) => reportPrintView(reportStore, reportId, meta),
      exportReportDocx: async ({ reportId, meta }) => {
        const file = await exportReportDocx(reportStore, reportId, meta);
        return file.ok ? ok(toExportedFile(file.value, DOCX_MEDIA_TYPE)) : file;
      },
      inbox,
      ...reportsHandlers(reportStore, { stationName: options.station.name, clock, profile: ruleProfile }),
      ...drillsHandlers(store, { stationName: options.station.name, clock }),
      ...annualDrillPlanHandlers(store, {
        jurisdiction: options.station.jurisdiction,
        clock,
        townships: () => townshipsBelow(options.station.jurisdiction),
      }),
      ...warnings.handlers,
      ...headquarters.handlers,
      ...roster.handlers,
      ...dutyLog.handlers,
      ...mapHandlers({
        basemaps: options.basemaps,
        store,
        writer: asOperator,
        stationId: options.station.stationId,
      }),
      ...createLedgerApi({
        store,
        writer: asOperator,
        // Read when an import is confirmed: the person signed in at the screen confirming it.
        get operator() {
          const actor = actorNow();
          return actor.ok ? actor.value : NOBODY;
        },
        jurisdiction: options.station.jurisdiction,
        push: (job) => emit({ kind: 'ledger', job }),
        clock,
        ...(options.onBug ? { onBug: options.onBug } : {}),
      }),
      ...authHandlers(),
      // 外勤终端 (issue 19): any signed-in person pairs or revokes a team's phone; the record says who.
      pairTeamTerminal: (input: { teamId: string; label: string }) => {
        const by = actorNow();
        return by.ok ? field.pair(by.value, input) : by;
      },
      revokeTeamTerminal: ({ terminalId }: { terminalId: string }) => {
        const by = actorNow();
        return by.ok ? field.revoke(by.value, terminalId) : by;
      },
      teamTerminals: () => ok(field.list()),
      rankTeams: ({ incidentId }) => {
        const incident = store.incident(incidentId);
        if (!incident) return fail(domainError('NOT_FOUND', 'input.incidentId', incidentId));
        return rankTeamsForIncident(incident, store.teams(), clock());
      },
    },
    options.onBug,
  );

  const phone = phoneApprovals({ store, auth, clock, jurisdiction: options.station.jurisdiction });

  const gate = (screen: Screen, raw: unknown): Result<unknown> | undefined => {
    const method = raw && typeof raw === 'object' && 'method' in raw ? raw.method : undefined;
    if (typeof method !== 'string' || !(method in stationApi)) return undefined; // the dispatcher says why
    if (stationApi[method as keyof typeof stationApi].kind !== 'command') return undefined;
    // A wall display sends no command at all; a console none but signing in until someone has.
    if (screen.kind === 'wall') return fail(domainError('VIEW_ONLY', 'method', method));
    if (OPEN_COMMANDS.has(method)) return undefined;
    const actor = auth.actorOf(screen, { touch: false });
    return actor.ok ? undefined : actor;
  };

  return {
    dispatch: options.operator
      ? dispatch
      : async (raw) => gate(inProcessScreen, raw) ?? currentScreen.run(inProcessScreen, () => dispatch(raw)),
    auth,
    phone,
    field,
    connect(kind, throttleKey) {
      const screen = newScreen(kind, throttleKey);
      return {
        screen,
        dispatch: async (raw) => gate(screen, raw) ?? currentScreen.run(screen, () => dispatch(raw)),
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      clearInterval(warningAlarmTimer);
      for (const stop of stopLadder) stop();
      stopAppended();
      stopFollowing();
      stopLink();
      stopIntegrity?.();
      roster.close();
      listeners.clear();
    },
  };
}

/** The link when no hub is configured: the station works alone and says so. */
export function standaloneLink(
  store: Pick<ApiStore, 'outboxDepth' | 'onAppended'>,
): LinkSource & { close(): void } {
  const listeners = new Set<(s: LinkState) => void>();
  const current = (): LinkState => ({
    status: 'standalone',
    outboxDepth: store.outboxDepth(),
    lastContactAt: null,
    hubUrl: null,
  });
  const stop = store.onAppended(() => {
    const s = current();
    for (const l of listeners) l(s);
  });
  return {
    current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: stop,
  };
}
