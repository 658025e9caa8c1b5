import type { Actor } from '../../shared/domain/common';
import type { DomainEvent } from '../../shared/events/envelope';
import type { LinkState, StationInfo, StationPush } from '../../shared/api/contract';
import { coreCalls, stationApi } from '../../shared/api/contract';
import {
  createApiDispatcher,
  checkedPush,
  type ApiDispatcher,
  type ApiHandlers,
} from '../../shared/api/serve';
import { domainError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';
import { toInstant } from '../../shared/time';
import { delegationWindows } from '../../shared/auth/delegation';
import type { ScreenKind } from '../../shared/auth/schemas';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createAuthService, newScreen, type AuthService, type Screen } from '../auth/service';
import { phoneApprovals, type PhoneApprovals } from '../auth/phone';
import { fieldTerminals, type FieldTerminals } from '../field/terminals';
import { deadlineLadder, stationAlarmBoard } from './station-alarms';
import { recordedDelegations } from './auth';
import type { StationApiContext, StationApiOptions } from './context';
import { openApiFeatures, stationApiFeatures } from './features';
import type { ConsoleWriter } from './ports';

export type { ApiStore, ConsoleWriter, DeadlineAlarm, DeadlineAlarms, LinkSource } from './ports';
export type { StationApiOptions } from './context';
export { standaloneLink } from './link';

/** What a screen's station info names as its operator before anyone signs in. */
const NOBODY: Actor = { id: 'signed-out', name: '未登录', role: 'officer' };

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

/**
 * The calls that are no one feature's, the contract's `coreCalls`: commands, alarms, the snapshot's frame,
 * the log, the link.
 */
type CoreMethod = keyof typeof coreCalls;
const CORE_METHODS = Object.keys(coreCalls) as CoreMethod[];

/**
 * The station API over the store and the link: what both transports (IPC, socket) serve. The core decides
 * who acts and gates screens, keeps the alarms and the link; every feature's calls, pushes' parts and
 * snapshot parts come from its module, listed once in station/api/features.ts.
 */
export function createStationApi(options: StationApiOptions): StationApi {
  const { store, link } = options;
  const clock = options.clock ?? Date.now;
  const onBug = (error: unknown) => options.onBug?.(error);
  const listeners = new Set<(push: StationPush) => void>();
  const auth = createAuthService({
    store,
    jurisdiction: options.station.jurisdiction,
    stationId: options.station.stationId,
    clock,
    ...(options.auth?.idleLockMinutes !== undefined ? { idleLockMinutes: options.auth.idleLockMinutes } : {}),
    ...(options.auth?.prefill ? { prefill: options.auth.prefill } : {}),
    delegations: () => delegationWindows(recordedDelegations(store, options.station.stationId)),
  });
  /** The screen a request came from, for everything its handler does (also a ledger job it starts). */
  const currentScreen = new AsyncLocalStorage<Screen>();
  /** Requests from no screen (in-process, without `operator`) act as this console, signed in or not. */
  const inProcessScreen = newScreen('console', 'in-process');
  /**
   * THE place who acts is decided: the person signed in at the screen the request came from, with the
   * role the station gives them now (directory and own roster, station/auth); in-process, `operator`. Every
   * command a window sends is stamped here; an actor the window sends along is dropped by the contract's parse.
   */
  const actorNow = (): Result<Actor> => {
    const screen = currentScreen.getStore();
    if (screen) return auth.actorOf(screen);
    return options.operator ? ok(options.operator) : fail(domainError('SIGN_IN_REQUIRED', 'session'));
  };
  const actorOrNobody = (): Actor => {
    const actor = actorNow();
    return actor.ok ? actor.value : NOBODY;
  };
  const asOperator: ConsoleWriter = {
    execute: (command) => {
      const actor = actorNow();
      return actor.ok ? store.execute(command, actor.value) : actor;
    },
  };

  const emit = (push: StationPush) => {
    let checked: StationPush;
    try {
      checked = checkedPush(push);
    } catch (error) {
      onBug(error);
      return;
    }
    for (const l of listeners) l(checked);
  };

  // 告警: the board raises the station's own alarms on record and pushes them; features hand it their findings.
  const { board: alarms, emitAlarms } = stationAlarmBoard({
    store,
    station: options.station,
    clock,
    emit,
    onBug,
  });

  // The duty log opens on the newest entries of the log; later ones arrive through onAppended.
  const recent: DomainEvent[] = store
    .eventsSince(Math.max(0, store.lastPosition() - RECENT_EVENTS), RECENT_EVENTS)
    .map((logged) => logged.event);
  // Subscribed before the features open, so an append is pushed before what a feature's own listener does.
  let changesFor: (events: DomainEvent[]) => StationPush | undefined = () => undefined;
  const stopAppended = store.onAppended((events) => {
    recent.push(...events);
    if (recent.length > RECENT_EVENTS) recent.splice(0, recent.length - RECENT_EVENTS);
    const changes = changesFor(events);
    if (changes) emit(changes);
    emitAlarms(alarms.fromEvents(events));
    for (const e of events) {
      if (e.type === 'alarm.acknowledged')
        emit({
          kind: 'alarm_cleared',
          alarmId: e.stream.slice('alarm:'.length),
          acknowledgedBy: e.actor.name ?? e.actor.id,
        });
    }
  });

  const field = fieldTerminals({ store, clock, jurisdiction: options.station.jurisdiction });
  const ctx: StationApiContext = {
    store,
    station: options.station,
    options,
    clock,
    emit,
    actorNow,
    actorOrNobody,
    asOperator,
    screenNow: () => currentScreen.getStore() ?? inProcessScreen,
    auth,
    field,
    alarms,
    emitAlarms,
    onBug,
  };
  const features = openApiFeatures(stationApiFeatures, ctx, CORE_METHODS);
  /** The objects an append touched, as the store now projects them: each feature says which of its own. */
  changesFor = (events) => {
    try {
      return { kind: 'changes', events, ...features.changedIn(events) };
    } catch (error) {
      onBug(error);
      return undefined;
    }
  };

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

  // Report deadlines and headquarters items: the scheduler's ladder, each rung on record.
  const deadlines = options.deadlines;
  const ladder = deadlineLadder({ deadlines, store, params: features.alarmParams, emit });

  const info = (): StationInfo => ({
    ...options.station,
    onDuty: options.onDuty,
    operator: actorOrNobody(),
    ...features.stationInfo(),
  });

  const core: Pick<ApiHandlers, CoreMethod> = {
    execute: (command) => {
      // A command a feature keeps for a call of its own is refused from a screen (its `screenRefuses`):
      // 签发 needs the leader's own PIN at that moment (approveReport), so does a handover signature.
      const refused = currentScreen.getStore() ? features.screenRefusal(command.type) : undefined;
      if (refused !== undefined) return fail(domainError(refused, 'type'));
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
    snapshot: () =>
      ok({
        station: info(),
        ...features.snapshot(),
        alarms: [...alarms.list(), ...ladder.list()],
        recentEvents: [...recent],
        link: link.current(),
        takenAt: toInstant(clock()),
      }),
    streamEvents: ({ stream }) => ok(store.streamEvents(stream)),
    linkState: () => ok(link.current()),
  };
  const dispatch = createApiDispatcher({ ...core, ...features.handlers }, options.onBug);

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
      ladder.close();
      stopAppended();
      features.close();
      stopLink();
      stopIntegrity?.();
      listeners.clear();
    },
  };
}
