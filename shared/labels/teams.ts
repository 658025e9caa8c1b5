import type { Team } from '../domain/resources';
import type { Labels } from './labels';

/** A team's status, 待命 → 集结 → 出动 → 到场 → 处置 → 返回: the console, the wall, the field terminal, the handover sheet. */
export const TEAM_STATUS_LABELS: Labels<Team['status']> = {
  standby: { zh: '待命', en: 'Standby' },
  assembling: { zh: '集结', en: 'Assembling' },
  en_route: { zh: '出动', en: 'En route' },
  on_scene: { zh: '到场', en: 'On scene' },
  working: { zh: '处置', en: 'Working' },
  returning: { zh: '返回', en: 'Returning' },
};

/** A team's kind: 综合 / 专业 / 社会力量 / 民兵. */
export const TEAM_KIND_LABELS: Labels<Team['kind']> = {
  comprehensive: { zh: '综合', en: 'Comprehensive' },
  professional: { zh: '专业', en: 'Professional' },
  social: { zh: '社会力量', en: 'Volunteer' },
  militia: { zh: '民兵', en: 'Militia' },
};
