import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { loadDrillDetail, loadDrills, loadDrillSetup } from './commands';
import { DrillControls } from './DrillControls';
import { DrillEvaluationView } from './DrillEvaluationView';
import { DrillLinks } from './DrillLinks';
import { DrillList } from './DrillList';
import { DrillTimelineView } from './DrillTimelineView';
import { StartDrillForm } from './StartDrillForm';
import { composeToggled } from './slice';
import './drills.css';

/**
 * 演练管理 (issue 22), opened from the command palette: start a drill on stations below this one (or, announced,
 * on this one), follow the drilled rooms' actions on its live timeline, pause, resume or end it, and read
 * its evaluation from the record; link incidents a drilled room registered by hand during it.
 */
export function DrillsPane() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const composing = useAppSelector((s) => s.drills.composing);
  const selectedId = useAppSelector((s) => s.drills.selectedId);
  const refreshSeq = useAppSelector((s) => s.drills.refreshSeq);
  const timeline = useAppSelector((s) => s.drills.timeline);
  const evaluation = useAppSelector((s) => s.drills.evaluation);
  const errors = useAppSelector((s) => s.drills.errors);
  useEffect(() => {
    void dispatch(loadDrillSetup());
  }, [dispatch]);
  // The list and the open drill are read again on every event a drill's timeline may show.
  useEffect(() => {
    void dispatch(loadDrills());
  }, [dispatch, refreshSeq]);
  useEffect(() => {
    if (selectedId) void dispatch(loadDrillDetail({ drillId: selectedId }));
  }, [dispatch, selectedId, refreshSeq]);
  const drill = timeline?.drill.id === selectedId ? timeline?.drill : undefined;
  const title = drill?.scenario
    ? i18n.language === 'en'
      ? drill.scenario.title.en
      : drill.scenario.title.zh
    : '';
  return (
    <div className="drills-pane" data-testid="drills-pane">
      <div className="drills-toolbar">
        {!composing && (
          <button type="button" onClick={() => dispatch(composeToggled(true))}>
            {t('drills.newDrill')}
          </button>
        )}
      </div>
      {composing && <StartDrillForm />}
      <DrillList />
      {!composing && errors.length > 0 && (
        <ul className="errors" role="alert">
          {errors.map((e, i) => (
            <li key={i}>{i18n.language === 'en' ? e.message.en : e.message.zh}</li>
          ))}
        </ul>
      )}
      {drill && timeline && (
        <article className="drill-detail" aria-label={title}>
          <h3>{title}</h3>
          <DrillControls drill={drill} title={title} />
          <DrillTimelineView lines={timeline.lines} />
          <DrillLinks key={drill.id} drill={drill} />
          {evaluation && evaluation.drill.id === drill.id && <DrillEvaluationView evaluation={evaluation} />}
        </article>
      )}
    </div>
  );
}
