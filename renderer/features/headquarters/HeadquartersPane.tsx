import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import type { RootState } from '../../app/store';
import { incidentSelected } from '../../app/actions';
import { PlanEditor } from './PlanEditor';
import { selectAllHeadquarters, selectHeadquartersOf } from './selectors';
import { planEditorOpened } from './slice';
import './headquarters.css';
import { time } from './levels';
import { ActivationForm } from './ActivationForm';
import { HeadquartersBoard } from './HeadquartersBoard';

/** 指挥部: activation from the selected incident, then its board; the plan editor beside. */
export function HeadquartersPane() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const incidentId = useAppSelector((s) => s.map.selectedIncidentId);
  const incident = useAppSelector((s) => (incidentId ? s.incidents.entities[incidentId] : undefined));
  const ofIncident = useAppSelector((s: RootState) => selectHeadquartersOf(s, incidentId));
  const all = useAppSelector(selectAllHeadquarters);
  const editing = useAppSelector((s) => s.headquarters.editingPlanId);
  const shown = ofIncident.find((h) => h.status === 'active') ?? ofIncident[0];
  const running = all.filter((h) => h.status === 'active');
  const incidents = useAppSelector((s) => s.incidents.entities);
  // A headquarters activated above reaches this station without its incident: open its board directly.
  const [openId, setOpenId] = useState<string | null>(null);
  const opened = all.find((h) => h.id === openId);

  return (
    <div className="hq-pane" data-testid="hq-pane">
      <div className="hq-toolbar">
        <button
          type="button"
          onClick={() => dispatch(planEditorOpened(editing === null ? '' : null))}
          data-testid="hq-open-editor"
        >
          {t('hq.editor.open')}
        </button>
      </div>
      {editing !== null && <PlanEditor />}
      {!incident ? (
        <>
          {opened ? <HeadquartersBoard hq={opened} /> : <p className="empty">{t('hq.none')}</p>}
          {running.length > 0 && (
            <ul className="hq-running">
              <li className="hq-heading">{t('hq.activeList')}</li>
              {running.map((h) => (
                <li key={h.id}>
                  <button
                    type="button"
                    onClick={() =>
                      incidents[h.incidentId] ? dispatch(incidentSelected(h.incidentId)) : setOpenId(h.id)
                    }
                    data-testid="hq-running"
                  >
                    {t(`hq.levels.${h.responseLevel}`)} · {time(h.activatedAt)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <>
          <h3 className="hq-incident">{incident.facts.title}</h3>
          {shown && shown.status === 'active' ? (
            <HeadquartersBoard hq={shown} />
          ) : (
            <>
              {shown && <HeadquartersBoard hq={shown} />}
              <ActivationForm incidentId={incident.id} defaultLevel={incident.facts.level} />
            </>
          )}
        </>
      )}
    </div>
  );
}
