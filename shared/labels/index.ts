export { column, enOf, zhOf, type Label, type Labels } from './labels';
export { DUTY_LOG_KIND_LABELS } from './dutylog';
export { INCIDENT_LEVEL_LABELS, LEVEL_NUMERAL_ZH, levelsIn, levelWithNumeral } from './incidents';
export { REPORT_KIND_LABELS } from './reports';
export { TEAM_KIND_LABELS, TEAM_STATUS_LABELS } from './teams';
