import { useTranslation } from 'react-i18next';
import type { Incident } from '../../../shared/domain/incident';
import { formatChinaTime } from '../../../shared/time';
import { divisionName, useAreas } from './areas';
import { CASUALTY_FIELDS } from './changes';

/** The incident as recorded now, at the top of its panel: status, level, place, casualties, description. */
export function IncidentFacts({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  useAreas();
  const { facts, status } = incident;
  const c = facts.casualties;
  const casualties = CASUALTY_FIELDS.filter((k) => c[k] > 0);
  return (
    <>
      <dl className="incident-facts">
        <dt>{t('life.status')}</dt>
        <dd data-testid="incident-status">{t(`incident.statuses.${status}`)}</dd>
        <dt>{t('life.level')}</dt>
        <dd>{t(`incident.levels.${facts.level}`)}</dd>
        <dt>{t('life.area')}</dt>
        <dd>{divisionName(facts.location.areaCode)}</dd>
        <dt>{t('life.place')}</dt>
        <dd>{facts.location.address}</dd>
        <dt className="incident-casualties">{t('incident.casualties')}</dt>
        <dd className="incident-casualties" data-testid="incident-casualties">
          {casualties.length === 0
            ? t('life.casualtiesNone')
            : casualties.map((k) => `${t(`life.fields.${k}`)} ${c[k]}`).join(' · ')}
        </dd>
        <dt className="incident-description">{t('life.fields.description')}</dt>
        <dd className="incident-description">{facts.description}</dd>
      </dl>
      <p className="keys-hint">
        {t('life.received', { time: formatChinaTime(Date.parse(facts.receivedAt)) })}
      </p>
    </>
  );
}
