import type { TFunction } from 'i18next';
import type { Report } from '../../../shared/domain/report';
import { chineseNumeral } from '../../../shared/reports/wording';

/**
 * A report's kind in the interface language: 首报, 续报二, 终报 in Chinese (as the documents write them),
 * "Initial report", "Follow-up 2", "Final report" in English.
 */
export function reportKindText(
  t: TFunction,
  language: string,
  report: Pick<Report, 'kind' | 'sequence'>,
): string {
  const n = report.sequence ?? 1;
  return t(`reportDesk.kinds.${report.kind}`, {
    n: language.startsWith('zh') ? chineseNumeral(n) : String(n),
  });
}
