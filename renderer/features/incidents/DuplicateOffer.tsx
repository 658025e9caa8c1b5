import { useTranslation } from 'react-i18next';
import type { DuplicateCandidate } from '../../../shared/domain/duplicates';
import { formatChinaTime } from '../../../shared/time';

/** Open incidents the new call likely repeats: merge the call into one, or register it as new anyway. */
export function DuplicateOffer({
  duplicates,
  saving,
  onMerge,
  onRegisterAnyway,
}: {
  duplicates: readonly DuplicateCandidate[];
  saving: boolean;
  onMerge: (incidentId: string) => void;
  onRegisterAnyway: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="duplicates" role="alert" data-testid="duplicates">
      <h3>{t('incident.duplicates.title')}</h3>
      <ul>
        {duplicates.map(({ incident, gapMs }, i) => (
          <li key={incident.id} data-testid="duplicate" data-incident-id={incident.id}>
            <strong>{incident.facts.title}</strong> ·{' '}
            {incident.facts.location.address || incident.facts.location.areaCode} ·{' '}
            {formatChinaTime(Date.parse(incident.facts.receivedAt))} ·{' '}
            {t('incident.duplicates.gap', { minutes: Math.round(gapMs / 60_000) })}
            <button
              type="button"
              autoFocus={i === 0}
              disabled={saving}
              onClick={() => onMerge(incident.id)}
              data-testid="merge-into"
            >
              {t('incident.duplicates.merge')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onRegisterAnyway} data-testid="register-anyway">
        {t('incident.duplicates.registerAnyway')}
      </button>
    </section>
  );
}
