import type { ReportKind } from '../domain/report';
import type { Labels } from './labels';

/** A report's kind in a series: 首报 / 续报 / 终报 / 核报 (the console's alerts, the phone approval page). */
export const REPORT_KIND_LABELS: Labels<ReportKind> = {
  initial: { zh: '首报', en: 'first report' },
  follow_up: { zh: '续报', en: 'follow-up' },
  final: { zh: '终报', en: 'final report' },
  supplementary: { zh: '核报', en: 'supplementary report' },
};
