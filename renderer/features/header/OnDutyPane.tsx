import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { selectStation } from './selectors';

/** Who holds the shift now; the roster feature will fill this from 值班表. */
export function OnDutyPane() {
  const { t } = useTranslation();
  const station = useAppSelector(selectStation);
  return (
    <dl className="on-duty-pane">
      <dt>{t('header.leader')}</dt>
      <dd>{station?.onDuty.leader ?? t('header.nobody')}</dd>
      <dt>{t('header.officers')}</dt>
      <dd>{station?.onDuty.officers.length ? station.onDuty.officers.join('、') : t('header.nobody')}</dd>
    </dl>
  );
}
