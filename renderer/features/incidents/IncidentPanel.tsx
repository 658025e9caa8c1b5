import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Incident } from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { isOpen, type Obligation } from '../../../shared/rules/obligation';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectLanguage } from '../header/selectors';
import { FactsUpdateForm } from './FactsUpdateForm';
import { IncidentFacts } from './IncidentFacts';
import { IncidentDispatches } from './IncidentDispatches';
import { IncidentObligations } from './IncidentObligations';
import { MergeForm } from './MergeForm';
import { ReasonForm } from './ReasonForm';
import {
  closeIncident,
  mergeIncident,
  reopenIncident,
  startResponse,
  updateFacts,
  waiveObligation,
} from './life';
import { selectObligationsOf, selectPanel } from './lifeSelectors';
import { incidentPanelClosed, incidentPanelMode, type PanelMode } from './slice';
import { obligationLabel } from './obligationLabel';
import './life.css';

type Refusal = DomainError[] | null;

/**
 * 事件详情与处置: the incident as recorded, its report clocks and teams, and what the console does with
 * it — update the facts, start the response, close, reopen, waive a report, merge a duplicate. Each is a
 * button with its letter (U R C O M) while no field has the focus; Esc closes the form, then the panel.
 */
export function IncidentPanel({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const { mode } = useAppSelector(selectPanel);
  const language = useAppSelector(selectLanguage);
  const owed = useAppSelector((s) => selectObligationsOf(s, incident.id)).filter(isOpen);
  const [waiving, setWaiving] = useState<Obligation | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refused, setRefused] = useState<DomainError[]>([]);
  const dialog = useRef<HTMLDivElement>(null);
  const { facts, status } = incident;
  const closed = status === 'closed';
  const setMode = (next: PanelMode) => {
    setWaiving(null);
    setRefused([]);
    dispatch(incidentPanelMode(next));
  };
  const back = () => {
    setWaiving(null);
    dispatch(incidentPanelMode('view'));
    // Back on the actions; but a key pressed meanwhile (R then C) may already have opened a form whose
    // field holds the caret: never take it away from there.
    requestAnimationFrame(() => {
      if (dialog.current && !dialog.current.querySelector('form')) dialog.current.focus();
    });
  };
  useEffect(() => {
    if (mode === 'view') dialog.current?.focus();
  }, [mode]);

  /** Run a step; on success say so and go back to the actions, else leave the refusal on the form. */
  const run = async (
    what: string,
    action: () => Promise<{
      payload: true | DomainError[] | undefined;
      meta: { requestStatus: 'fulfilled' | 'rejected' };
    }>,
  ): Promise<Refusal> => {
    const result = await action();
    if (result.meta.requestStatus === 'fulfilled') {
      setNotice(t('life.saved', { what }));
      back();
      return null;
    }
    return Array.isArray(result.payload) ? result.payload : [];
  };
  const respond = async () => {
    const errors = await run(t('life.actions.respond'), () =>
      dispatch(startResponse({ incidentId: incident.id })),
    );
    setRefused(errors ?? []);
  };

  const actions: Array<{ key: string; label: string; enabled: boolean; act: () => void }> = [
    { key: 'U', label: t('life.actions.update'), enabled: true, act: () => setMode('update') },
    { key: 'R', label: t('life.actions.respond'), enabled: status === 'received', act: () => void respond() },
    { key: 'C', label: t('life.actions.close'), enabled: !closed, act: () => setMode('close') },
    { key: 'O', label: t('life.actions.reopen'), enabled: closed, act: () => setMode('reopen') },
    { key: 'M', label: t('life.actions.merge'), enabled: !closed, act: () => setMode('merge') },
  ];
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      if (mode !== 'view' || waiving) back();
      else dispatch(incidentPanelClosed());
      e.preventDefault();
      return;
    }
    if (mode !== 'view' || waiving || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName)) return;
    const action = actions.find((a) => a.key === e.key.toUpperCase());
    if (!action?.enabled) return;
    e.preventDefault();
    action.act();
  };

  return (
    <div className="modal-backdrop" role="presentation">
      <div
        ref={dialog}
        className="incident-panel"
        role="dialog"
        aria-modal="true"
        aria-label={t('life.panel', { title: facts.title })}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid="incident-panel"
        data-status={status}
      >
        <header className="incident-panel-header">
          <h2>{t('life.panel', { title: facts.title })}</h2>
          <button type="button" onClick={() => dispatch(incidentPanelClosed())}>
            {t('life.close')} <kbd>Esc</kbd>
          </button>
        </header>
        <IncidentFacts incident={incident} />
        <div className="incident-actions" role="toolbar" aria-label={t('life.open')}>
          {actions.map((a) => (
            <button
              key={a.key}
              type="button"
              disabled={!a.enabled || mode !== 'view'}
              aria-keyshortcuts={a.key}
              onClick={a.act}
            >
              {a.label} <kbd>{a.key}</kbd>
            </button>
          ))}
        </div>
        <p className="keys-hint">{t('life.keys')}</p>
        {notice && (
          <p className="notice" role="status" data-testid="incident-notice">
            {notice}
          </p>
        )}
        {refused.length > 0 && (
          <ul className="form-errors" role="alert">
            {refused.map((e, i) => (
              <li key={i}>{language === 'en' ? e.message.en : e.message.zh}</li>
            ))}
          </ul>
        )}
        {mode === 'update' && (
          <FactsUpdateForm
            incident={incident}
            onCancel={back}
            onSave={(changes, note) =>
              run(t('life.actions.update'), () =>
                dispatch(updateFacts({ incidentId: incident.id, changes, ...(note ? { note } : {}) })),
              )
            }
          />
        )}
        {mode === 'close' && (
          <ReasonForm
            title={t('life.closeForm.title')}
            label={t('life.closeForm.note')}
            submitLabel={t('life.closeForm.save')}
            testId="close-form"
            onCancel={back}
            onSubmit={(summary) =>
              run(t('life.actions.close'), () =>
                dispatch(closeIncident({ incidentId: incident.id, summary })),
              )
            }
          />
        )}
        {mode === 'reopen' && (
          <ReasonForm
            title={t('life.reopenForm.title')}
            label={t('life.reopenForm.reason')}
            submitLabel={t('life.reopenForm.save')}
            testId="reopen-form"
            onCancel={back}
            onSubmit={(reason) =>
              run(t('life.actions.reopen'), () =>
                dispatch(reopenIncident({ incidentId: incident.id, reason })),
              )
            }
          />
        )}
        {mode === 'merge' && (
          <MergeForm
            incident={incident}
            onCancel={back}
            onMerge={(into) =>
              run(t('life.actions.merge'), () =>
                dispatch(
                  mergeIncident({
                    incidentId: incident.id,
                    into: { id: into.id, title: into.facts.title },
                    owed,
                    waiveReason: t('life.mergeForm.waiveReason', { title: into.facts.title }),
                    closeNote: t('life.mergeForm.closeNote', { title: into.facts.title, id: into.id }),
                    logText: t('life.mergeForm.logText', { from: facts.title, into: into.facts.title }),
                  }),
                ),
              )
            }
          />
        )}
        {waiving && (
          <ReasonForm
            title={t('life.waiveForm.title', { what: obligationLabel(waiving, t) })}
            label={t('life.waiveForm.reason')}
            submitLabel={t('life.waiveForm.save')}
            testId="waive-form"
            onCancel={back}
            onSubmit={(reason) =>
              run(t('life.actions.waive'), () =>
                dispatch(waiveObligation({ incidentId: incident.id, obligationKey: waiving.key, reason })),
              )
            }
          />
        )}
        <IncidentObligations
          incidentId={incident.id}
          onWaive={(o) => {
            setMode('view');
            setWaiving(o);
          }}
        />
        <IncidentDispatches incidentId={incident.id} />
      </div>
    </div>
  );
}
