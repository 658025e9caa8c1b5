import { saveFile } from '../../app/download';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectNow } from '../header/selectors';
import { exportDutyLog, searchDutyLog } from './commands';
import { selectDutyLogSearch } from './selectors';
import { searchChanged } from './slice';
import { periodOf, type ExportPeriod } from './entryLine';
import { useErrorText } from './lineInput';

/** Search the log as one types; export today, the last 24 hours or the last 7 days as a spreadsheet. */
export function SearchAndExport({ onExported }: { onExported: (file: string) => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const errorText = useErrorText();
  const search = useAppSelector(selectDutyLogSearch);
  const now = useAppSelector(selectNow);
  const [period, setPeriod] = useState<ExportPeriod>('today');
  const [error, setError] = useState<string | null>(null);
  const q = search.q;

  // The station is asked once typing pauses; the slice shows only the answer to the words still typed.
  useEffect(() => {
    if (q.trim() === '') return;
    const timer = setTimeout(() => void dispatch(searchDutyLog({ q })), 250);
    return () => clearTimeout(timer);
  }, [dispatch, q]);

  const exportXlsx = async () => {
    const result = await dispatch(exportDutyLog(periodOf(period, now)));
    if (exportDutyLog.fulfilled.match(result)) {
      setError(null);
      saveFile(result.payload);
      onExported(result.payload.fileName);
    } else setError((result.payload ?? []).map(errorText).join('；'));
  };

  return (
    <div className="dl-tools">
      <input
        type="search"
        value={q}
        placeholder={t('dutyLog.search')}
        aria-label={t('dutyLog.search')}
        data-testid="dutylog-search"
        onChange={(e) => dispatch(searchChanged(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Escape') dispatch(searchChanged(''));
        }}
      />
      <select
        value={period}
        aria-label={t('dutyLog.export')}
        data-testid="dutylog-export-period"
        onChange={(e) => setPeriod(e.target.value as ExportPeriod)}
      >
        {(['today', 'last24h', 'last7d'] as const).map((p) => (
          <option key={p} value={p}>
            {t(`dutyLog.periods.${p}`)}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void exportXlsx()} data-testid="dutylog-export">
        {t('dutyLog.export')}
      </button>
      {error && (
        <em className="error" role="alert">
          {error}
        </em>
      )}
    </div>
  );
}
