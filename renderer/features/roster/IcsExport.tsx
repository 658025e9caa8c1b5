import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { exportRosterFile } from './commands';
import { selectStaff } from './selectors';
import type { Run } from './run';

/** One person's shifts of the published month as an iCalendar file. */
export function IcsExport({ rosterId, run }: { rosterId: string; run: Run }) {
  const { t } = useTranslation();
  const staff = useAppSelector(selectStaff);
  const [personId, setPersonId] = useState('');
  return (
    <span className="roster-ics">
      <select
        value={personId}
        onChange={(e) => setPersonId(e.target.value)}
        aria-label={t('roster.icsPerson')}
      >
        <option value="">{t('roster.icsPerson')}</option>
        {staff.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={!personId}
        onClick={() =>
          void run(exportRosterFile({ call: 'exportRosterICal', input: { rosterId, personId } }))
        }
      >
        {t('roster.exportIcs')}
      </button>
    </span>
  );
}
