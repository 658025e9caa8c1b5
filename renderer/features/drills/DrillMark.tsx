import { useTranslation } from 'react-i18next';
import type { Incident } from '../../../shared/domain/incident';
import { useAppSelector } from '../../app/hooks';
import { drillMarkOf, selectDrillMarkContext } from './selectors';

/**
 * 演练 beside a drill-tagged record in a list (decision 0024): always above the drilled room, in the drilled
 * room once the drill is over or when it was announced — never during a blind drill (except to the leader
 * on duty when the organiser chose to tell).
 */
export function DrillMark({ incident }: { incident: Pick<Incident, 'drill' | 'jurisdiction'> }) {
  const { t } = useTranslation();
  const context = useAppSelector(selectDrillMarkContext);
  const mark = drillMarkOf(incident, context);
  if (!mark) return null;
  return (
    <span className="drill-mark" title={t('drills.markTitle')}>
      {mark === 'leaderTold' ? t('drills.leaderTold') : t('drills.mark')}
    </span>
  );
}
