import { describe, expect, it } from 'vitest';
import { DutyLogKind } from '../dutylog/events';
import { SeverityLevel } from '../domain/incident';
import { ReportKind } from '../domain/report';
import { TeamKind, TeamStatus } from '../domain/resources';
import {
  DUTY_LOG_KIND_LABELS,
  INCIDENT_LEVEL_LABELS,
  REPORT_KIND_LABELS,
  TEAM_KIND_LABELS,
  TEAM_STATUS_LABELS,
  enOf,
  levelsIn,
  zhOf,
} from '.';

describe('domain word tables', () => {
  it('name every code of their set, in Chinese and English, and nothing else', () => {
    const sets = [
      [DUTY_LOG_KIND_LABELS, DutyLogKind.options],
      [TEAM_STATUS_LABELS, TeamStatus.options],
      [TEAM_KIND_LABELS, TeamKind.options],
      [REPORT_KIND_LABELS, ReportKind.options],
      [INCIDENT_LEVEL_LABELS, SeverityLevel.options],
    ] as const;
    for (const [table, codes] of sets) {
      expect(Object.keys(table).sort()).toEqual([...codes].sort());
      for (const label of Object.values(table)) {
        expect(label.zh).toMatch(/\p{Script=Han}/u);
        expect(label.en).toMatch(/^[A-Za-z][A-Za-z -]*$/);
      }
    }
  });

  it('give one language as a table by code, and the console’s level with its numeral', () => {
    expect(zhOf(REPORT_KIND_LABELS)).toEqual({ initial: '首报', follow_up: '续报', final: '终报', supplementary: '核报' });
    expect(enOf(TEAM_STATUS_LABELS).en_route).toBe('En route');
    expect(levelsIn('zh')).toEqual({ I: '特别重大（Ⅰ级）', II: '重大（Ⅱ级）', III: '较大（Ⅲ级）', IV: '一般（Ⅳ级）' });
    expect(levelsIn('en').III).toBe('Large (III)');
  });
});
