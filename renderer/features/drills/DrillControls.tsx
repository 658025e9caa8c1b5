import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillSummary } from '../../../shared/api/drills-calls';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { controlDrill } from './commands';

/** 暂停 / 继续 / 结束演练, each confirmed first: a pause stops the drill clock, an end tells every drilled room. */
export function DrillControls({ drill, title }: { drill: DrillSummary; title: string }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const busy = useAppSelector((s) => s.drills.busy);
  const [asking, setAsking] = useState<'pause' | 'end' | null>(null);
  if (drill.status === 'ended') return null;
  const run = (action: 'pause' | 'resume' | 'end') => {
    setAsking(null);
    void dispatch(controlDrill({ drillId: drill.id, action }));
  };
  return (
    <div className="drill-controls">
      {drill.status === 'running' ? (
        <button type="button" disabled={busy} onClick={() => setAsking('pause')}>
          {t('drills.pause')}
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => run('resume')}>
          {t('drills.resume')}
        </button>
      )}
      <button type="button" className="danger" disabled={busy} onClick={() => setAsking('end')}>
        {t('drills.end')}
      </button>
      {asking && (
        <div className="drill-confirm" role="alertdialog" aria-label={t(`drills.${asking}`)}>
          <p>{asking === 'end' ? t('drills.confirmEnd', { title }) : t('drills.confirmPause')}</p>
          <button type="button" className="primary" onClick={() => run(asking)}>
            {t('drills.confirm')}
          </button>
          <button type="button" onClick={() => setAsking(null)}>
            {t('drills.cancel')}
          </button>
        </div>
      )}
    </div>
  );
}
