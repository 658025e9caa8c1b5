import { useTranslation } from 'react-i18next';
import type { Obligation } from '../../../shared/rules/obligation';
import { reportTime as time } from './reportTime';

/** 报送时限 of the incident: each clock's kind, due time, state and when it was met. */
export function ReportObligations({ obligations }: { obligations: readonly Obligation[] }) {
  const { t } = useTranslation();
  return (
    <section className="report-obligations" data-testid="report-obligations">
      <h3>{t('reportDesk.obligations')}</h3>
      <ul>
        {obligations.map((o) => (
          <li
            key={o.key}
            data-testid="report-obligation"
            data-kind={o.kind}
            data-state={o.state}
            title={o.rule.source}
          >
            <strong>{t(`clocks.kinds.${o.kind}`)}</strong> ·{' '}
            {t('reportDesk.obligationDue', { time: time(o.dueAt) })} ·{' '}
            <span className={`obligation-state state-${o.state}`}>{t(`clocks.states.${o.state}`)}</span>
            {o.metAt && <span> · {t('reportDesk.obligationMet', { time: time(o.metAt) })}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
