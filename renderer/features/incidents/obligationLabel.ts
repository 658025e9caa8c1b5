import type { TFunction } from 'i18next';
import type { Obligation } from '../../../shared/rules/obligation';

/**
 * How an obligation is named on the incident panel: a daily follow-up by its slot (每日续报 07-02 09:00),
 * a follow-up after a change as such, the others by their kind (电话首报, 终报, 核报补报…).
 */
export function obligationLabel(o: Pick<Obligation, 'key' | 'kind'>, t: TFunction): string {
  const daily = /^follow_up\.daily\.\d{4}-(\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(o.key);
  if (daily) return t('life.obligations.daily', { time: `${daily[1]} ${daily[2]}` });
  if (o.key.startsWith('follow_up.change.')) return t('life.obligations.change');
  return t(`clocks.kinds.${o.kind}`);
}
