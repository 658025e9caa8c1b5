import type { DutyLogKind } from './events';

/** The kinds as a printed duty log names them (the window's words are in renderer/i18n). */
export const DUTY_LOG_KIND_ZH: Record<DutyLogKind, string> = {
  call_received: '接到来电',
  call_made: '拨出电话',
  instruction_received: '接到指示',
  instruction_relayed: '传达指示',
  report_made: '报告',
  note: '记事',
};
