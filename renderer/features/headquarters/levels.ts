import { useTranslation } from 'react-i18next';
import { formatDuration } from '../reports/duration';
import type { SeverityLevel } from '../../../shared/domain/incident';
import { formatChinaTime } from '../../../shared/time';

export const LEVELS: SeverityLevel[] = ['I', 'II', 'III', 'IV'];

export const severity: Record<SeverityLevel, number> = { I: 1, II: 2, III: 3, IV: 4 };

export const time = (iso: string | undefined) => (iso ? formatChinaTime(Date.parse(iso)).slice(11, 16) : '');

/** "due in 12 min" / "overdue by 3 min" in the interface language. */
export function useRemaining() {
  const { t } = useTranslation();
  return (ms: number) =>
    ms >= 0 ? t('hq.dueIn', { time: formatDuration(ms) }) : t('hq.overdueBy', { time: formatDuration(ms) });
}
