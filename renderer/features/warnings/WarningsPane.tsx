import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { useAppSelector } from '../../app/hooks';
import { selectRecentWarnings } from '../dutylog/selectors';

export function WarningsPane() {
  const { t } = useTranslation();
  const warnings = useAppSelector(selectRecentWarnings);
  if (warnings.length === 0) return <p className="empty">{t('warnings.none')}</p>;
  return (
    <ul className="warnings" data-testid="warnings">
      {warnings.map((w) => (
        <li key={w.id} className={`warning warning-${w.colour}`}>
          <span className={`colour-chip colour-${w.colour}`}>{t(`warnings.colours.${w.colour}`)}</span>
          <strong>{w.hazard}</strong>
          <time>{formatChinaTime(Date.parse(w.issuedAt))}</time>
        </li>
      ))}
    </ul>
  );
}
