import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from './hooks';
import { SessionGate } from '../features/signin/SessionGate';
import { acknowledgeAlarm } from './commands';
import { Header } from '../features/header/Header';
import { AlarmBar } from '../features/alarms/AlarmBar';
import { selectAlarms } from '../features/alarms/slice';
import { Views } from '../features/layout/Views';
import { PANES, layoutReset, paneShown } from '../features/layout/slice';
import { IncidentForm } from '../features/incidents/IncidentForm';
import { IncidentPanelHost } from '../features/incidents/IncidentPanelHost';
import { useIncidentLifeActions } from '../features/incidents/paletteActions';
import { CommandPalette, type PaletteAction } from '../features/palette/CommandPalette';
import { planEditorOpened } from '../features/headquarters/slice';
import { languageChosen, viewChosen } from '../features/header/slice';
import { selectLanguage, selectLoaded, selectView } from '../features/header/selectors';
import { selectIncidentsByUrgency } from '../features/incidents/selectors';
import { focusIncidentList } from '../features/incidents/IncidentList';
import { reportDeskOpened } from '../features/reports/slice';
import { dispatchPanelOpened } from './actions';
import { WallControl } from '../features/wall/WallControl';
import { focusEntryLine, isEntryShortcut, requestEntryFocus } from '../features/dutylog/DutyLog';
import { IncomingCalls } from '../features/drills/IncomingCalls';
import { DrillEndNotice } from '../features/drills/DrillEndNotice';
import { selectIntakeDelivery } from '../features/drills/selectors';
import { intakeFromInject } from '../features/drills/slice';

/** The panes as they stand on the screen: columns left to right, each top to bottom. */
export const screenOrderOf = (columns: readonly (readonly (typeof PANES)[number][])[]) => columns.flat();

const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The window: a console shows its board only to someone signed in (issue 17: the sign-in screen until
 * then, and when idle-locked); the wall display only shows and never locks.
 */
export function App() {
  const wall = useAppSelector(selectView) === 'wall';
  // One tree shape for both views: W must move the window's one map, not rebuild the app (decision 0014).
  return (
    <SessionGate open={wall}>
      <StationApp />
    </SessionGate>
  );
}

function StationApp() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const view = useAppSelector(selectView);
  const loaded = useAppSelector(selectLoaded);
  const language = useAppSelector(selectLanguage);
  const layout = useAppSelector((s) => s.layout);
  const alarms = useAppSelector(selectAlarms);
  const openIncidents = useAppSelector(selectIncidentsByUrgency);
  const selectedIncidentId = useAppSelector((s) => s.map.selectedIncidentId);
  const [formOpen, setFormOpen] = useState(false);
  // A call that reached this console (a drill's inject) opens the same intake form, filled from it.
  const intakeCall = useAppSelector(selectIntakeDelivery);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [toast, setToast] = useState<{ text: string; kind: 'done' | 'hint' } | null>(null);
  const wall = view === 'wall';

  useEffect(() => {
    void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);
  useEffect(() => {
    document.body.classList.toggle('wall', wall);
    document.title = wall ? t('app.wall') : t('app.title');
  }, [wall, t]);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);

  const focusPane = useCallback(
    (pane: string) => {
      dispatch(paneShown(pane as (typeof PANES)[number]));
      requestAnimationFrame(() => document.getElementById(`pane-${pane}`)?.focus());
    },
    [dispatch],
  );
  // Panes are numbered as they stand on the screen (columns left to right, each top to bottom): 1–9.
  const screenOrder = useMemo(() => screenOrderOf(layout.columns), [layout.columns]);
  /** `D`: dispatch for the selected incident only; with none selected, say so and put the focus on the list. */
  const openDispatch = useCallback(() => {
    if (selectedIncidentId) {
      setToast((shown) => (shown?.kind === 'hint' ? null : shown));
      dispatch(dispatchPanelOpened(selectedIncidentId));
      return;
    }
    setToast({ text: t('map.dispatch.selectFirst'), kind: 'hint' });
    dispatch(paneShown('incidents'));
    requestAnimationFrame(focusIncidentList);
  }, [dispatch, selectedIncidentId, t]);
  const toggleView = useCallback(() => dispatch(viewChosen(wall ? 'console' : 'wall')), [dispatch, wall]);
  const acknowledgeTop = useCallback(() => {
    const top = alarms[0];
    if (top) void dispatch(acknowledgeAlarm({ alarmId: top.id }));
  }, [alarms, dispatch]);

  // 事件详情与处置: the incident panel's entries (I, then U R C O M), after the console's own.
  const incidentLife = useIncidentLifeActions();
  const actions = useMemo<PaletteAction[]>(
    () => [
      ...(!wall
        ? [
            {
              id: 'newIncident',
              label: t('palette.actions.newIncident'),
              hint: 'N',
              run: () => setFormOpen(true),
            },
          ]
        : []),
      {
        id: 'acknowledgeAll',
        label: t('palette.actions.acknowledgeAll'),
        hint: 'A',
        run: () => alarms.forEach((a) => void dispatch(acknowledgeAlarm({ alarmId: a.id }))),
      },
      {
        id: 'toggleLanguage',
        label: t('palette.actions.toggleLanguage'),
        hint: 'L',
        run: () => dispatch(languageChosen(language === 'zh-CN' ? 'en' : 'zh-CN')),
      },
      {
        id: wall ? 'openConsole' : 'openWall',
        label: t(wall ? 'palette.actions.openConsole' : 'palette.actions.openWall'),
        hint: 'W',
        run: toggleView,
      },
      { id: 'resetLayout', label: t('palette.actions.resetLayout'), run: () => dispatch(layoutReset()) },
      {
        id: 'enableNotifications',
        label: t('palette.actions.enableNotifications'),
        run: () => void (typeof Notification !== 'undefined' && Notification.requestPermission()),
      },
      ...(!wall
        ? [
            { id: 'openInbox', label: t('palette.actions.openInbox'), run: () => focusPane('clocks') },
            { id: 'importLedger', label: t('ledger.palette'), run: () => focusPane('ledger') },
            {
              id: 'dutyLogEntry',
              label: t('dutyLog.line'),
              hint: 'Alt+L',
              run: () => {
                dispatch(paneShown('dutyLog'));
                focusEntryLine();
              },
            },
            { id: 'openRoster', label: t('roster.palette'), run: () => focusPane('roster') },
            { id: 'openHeadquarters', label: t('hq.palette'), run: () => focusPane('headquarters') },
            { id: 'openDrills', label: t('drills.palette'), run: () => focusPane('drills') },
            {
              id: 'editPlans',
              label: t('hq.planPalette'),
              run: () => {
                focusPane('headquarters');
                dispatch(planEditorOpened(''));
              },
            },
            ...openIncidents.map((incident) => ({
              id: `reportDesk:${incident.id}`,
              label: t('palette.actions.openReportDesk', { title: incident.facts.title }),
              run: () => dispatch(reportDeskOpened(incident.id)),
            })),
          ]
        : []),
      ...PANES.map((p) => {
        const at = screenOrder.indexOf(p);
        return {
          id: `pane:${p}`,
          label: t('palette.actions.focusPane', { pane: t(`panes.${p}`) }),
          ...(at >= 0 && at < 9 ? { hint: String(at + 1) } : {}),
          run: () => focusPane(p),
        };
      }),
    ],
    [alarms, dispatch, focusPane, language, openIncidents, screenOrder, t, toggleView, wall],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && (e.key === 'k' || e.key === 'K')) {
        e.preventDefault();
        setPaletteOpen(true);
        return;
      }
      if (isEntryShortcut(e) && !wall && !layout.columns.some((c) => c.includes('dutyLog'))) {
        // Alt+L with the duty log hidden: show it; the pane focuses its entry line as it mounts.
        e.preventDefault();
        requestEntryFocus();
        dispatch(paneShown('dutyLog'));
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target) || formOpen || intakeCall || paletteOpen)
        return;
      const key = e.key.toLowerCase();
      if (key === 'n' && !wall) setFormOpen(true);
      else if (key === 'a') acknowledgeTop();
      else if (key === 'd' && !wall) openDispatch();
      else if (key === 'w') toggleView();
      else if (key === 'l') dispatch(languageChosen(language === 'zh-CN' ? 'en' : 'zh-CN'));
      else if (/^[1-9]$/.test(key)) {
        const pane = screenOrder[Number(key) - 1];
        if (pane) focusPane(pane);
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [
    acknowledgeTop,
    dispatch,
    focusPane,
    formOpen,
    intakeCall,
    language,
    openDispatch,
    paletteOpen,
    screenOrder,
    toggleView,
    wall,
    layout,
  ]);

  return (
    <div className={`app ${wall ? 'app-wall' : 'app-console'}`} data-view={view}>
      <Header onOpenPalette={() => setPaletteOpen(true)} onToggleView={toggleView} />
      <AlarmBar readOnly={wall} />
      {!wall && <DrillEndNotice />}
      {!wall && <IncomingCalls />}
      {!wall && (
        <section className="toolbar" aria-label={t('app.toolbar')}>
          <button
            type="button"
            className="primary"
            onClick={() => setFormOpen(true)}
            data-testid="new-incident"
          >
            {t('incident.new')} <kbd>N</kbd>
          </button>
          <WallControl />
          <span className="shortcut-hints" aria-label={t('shortcuts.title')}>
            {t('shortcuts.palette')} · {t('shortcuts.ack')} · {t('shortcuts.panes')}
          </span>
          <span className={`toast toast-${toast?.kind ?? 'done'}`} role="status" data-testid="toast">
            {toast?.text ?? ''}
          </span>
        </section>
      )}
      <main className="main">
        {loaded ? <Views wall={wall} layout={layout} /> : <p className="loading">{t('app.loading')}</p>}
      </main>
      {formOpen && (
        <IncidentForm
          onClose={() => setFormOpen(false)}
          onSaved={(title) => setToast({ text: t('incident.saved', { title }), kind: 'done' })}
        />
      )}
      {!formOpen && intakeCall?.facts && (
        <IncidentForm
          key={`${intakeCall.drillId}|${intakeCall.injectKey}`}
          fromCall={{ facts: intakeCall.facts, drillId: intakeCall.drillId, injectKey: intakeCall.injectKey }}
          onClose={() => dispatch(intakeFromInject(null))}
          onSaved={(title) => setToast({ text: t('incident.saved', { title }), kind: 'done' })}
        />
      )}
      {!wall && <IncidentPanelHost />}
      {paletteOpen && (
        <CommandPalette
          actions={wall ? actions : [...actions, ...incidentLife]}
          onClose={() => setPaletteOpen(false)}
        />
      )}
    </div>
  );
}
