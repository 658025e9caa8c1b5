import type { DutyLogKind } from '../dutylog/events';
import type { Labels } from './labels';

/** 值班日志 entry kinds: the console's form and list, the printed and .xlsx duty log, the handover sheet. */
export const DUTY_LOG_KIND_LABELS: Labels<DutyLogKind> = {
  call_received: { zh: '接到来电', en: 'Call received' },
  call_made: { zh: '拨出电话', en: 'Call made' },
  instruction_received: { zh: '接到指示', en: 'Instruction received' },
  instruction_relayed: { zh: '传达指示', en: 'Instruction relayed' },
  report_made: { zh: '报告', en: 'Report made' },
  note: { zh: '记事', en: 'Note' },
};
