import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { selectFairness } from './selectors';

/** 均衡: per person, how many shifts, leader shifts, nights, holidays, weekends and hours the month gives them. */
export function FairnessTable() {
  const { t } = useTranslation();
  const rows = useAppSelector(selectFairness);
  return (
    <table className="roster-fairness" data-testid="roster-fairness">
      <thead>
        <tr>
          <th>{t('roster.fairness.name')}</th>
          <th>{t('roster.fairness.shifts')}</th>
          <th>{t('roster.fairness.leaderShifts')}</th>
          <th>{t('roster.fairness.nights')}</th>
          <th>{t('roster.fairness.holidays')}</th>
          <th>{t('roster.fairness.weekends')}</th>
          <th>{t('roster.fairness.hours')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.personId}>
            <td>{r.name}</td>
            <td>{r.shifts}</td>
            <td>{r.leaderShifts}</td>
            <td>{r.nights}</td>
            <td>{r.holidays}</td>
            <td>{r.weekends}</td>
            <td>{r.hours}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
