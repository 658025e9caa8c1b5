import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectAnswerCounts, selectWarnings } from './selectors';
import { composeOpened, warningSelected } from './slice';
import './warnings.css';
import { IssueWarningForm } from './IssueWarningForm';
import { WarningBoard } from './WarningBoard';

/** 预警叫应: the warnings of this station, issuing one, and each warning's closed loop per recipient. */
export function WarningsPane() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const warnings = useAppSelector(selectWarnings);
  const counts = useAppSelector(selectAnswerCounts);
  const selectedId = useAppSelector((s) => s.warnings.selectedId);
  const composing = useAppSelector((s) => s.warnings.composing);
  return (
    <div className="warnings-pane" data-testid="warnings-pane">
      <div className="warnings-toolbar">
        <button type="button" data-testid="warning-new" onClick={() => dispatch(composeOpened())}>
          {t('warnings.issue')}
        </button>
      </div>
      {composing && <IssueWarningForm />}
      {warnings.length === 0 ? (
        <p className="empty">{t('warnings.none')}</p>
      ) : (
        <ul className="warnings" data-testid="warnings">
          {warnings.map((w) => (
            <li
              key={w.id}
              className={`warning warning-${w.colour}${w.id === selectedId ? ' selected' : ''}${w.status === 'lifted' ? ' lifted' : ''}`}
              data-testid="warning-item"
              data-warning-id={w.id}
            >
              <button
                type="button"
                onClick={() => dispatch(warningSelected(w.id === selectedId ? null : w.id))}
              >
                <span className={`colour-chip colour-${w.colour}`}>{t(`warnings.colours.${w.colour}`)}</span>
                <strong>{w.hazard}</strong>
                <time>{formatChinaTime(Date.parse(w.issuedAt))}</time>
                <span className="warning-count">
                  {t('warnings.answered', {
                    answered: counts[w.id]?.answered ?? 0,
                    total: counts[w.id]?.total ?? 0,
                  })}
                </span>
                {w.status === 'lifted' && <span className="warning-lifted">{t('warnings.lifted')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {selectedId && <WarningBoard />}
    </div>
  );
}
