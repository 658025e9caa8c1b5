/** What can be wrong with a ledger cell, a row or the file, in both interface languages. */
export const ledgerProblems = {
  MISSING_COLUMN: { zh: '缺少必填列', en: 'A required column is missing' },
  NO_DATA_ROWS: { zh: '文件中没有数据行', en: 'The file has no data rows' },
  TOO_MANY_ROWS: { zh: '行数超过上限，超出部分未读取', en: 'Too many rows; the rest was not read' },
  MISSING_VALUE: { zh: '必填项为空', en: 'A required value is empty' },
  NOT_A_NUMBER: { zh: '不是数字', en: 'Not a number' },
  NOT_A_WHOLE_NUMBER: { zh: '应为非负整数', en: 'Expected a whole number, zero or more' },
  LONGITUDE_OUT_OF_RANGE: { zh: '经度应在 -180 到 180 之间', en: 'Longitude must lie between -180 and 180' },
  LATITUDE_OUT_OF_RANGE: { zh: '纬度应在 -90 到 90 之间', en: 'Latitude must lie between -90 and 90' },
  COORDINATES_SWAPPED: { zh: '经度与纬度可能填反了', en: 'Longitude and latitude look swapped' },
  GEOMETRY_NOT_POINT: { zh: '要素的几何不是点', en: 'The feature geometry is not a point' },
  UNKNOWN_TEAM_KIND: {
    zh: '队伍类型应为 综合、专业、社会力量 或 民兵',
    en: 'Team type must be comprehensive, professional, social or militia',
  },
  UNKNOWN_RISK_LEVEL: { zh: '风险等级应为 重大、较大、一般 或 低', en: 'Risk level must be major, high, medium or low' },
  BAD_ID: { zh: '编号只能包含字母、数字、_ 或 -（最多 64 位）', en: 'An id may hold only letters, digits, _ or - (64 at most)' },
  DUPLICATE_ID: { zh: '编号与前面的行重复', en: 'The id repeats an earlier row' },
  UNKNOWN_JURISDICTION: { zh: '无法识别的辖区（请填行政区划代码）', en: 'Unknown jurisdiction (give the division code)' },
  OUTSIDE_JURISDICTION: { zh: '不在本站辖区内', en: 'Outside this station’s jurisdiction' },
  BAD_STOCK_ENTRY: { zh: '物资应写作“名称 数量 单位”，多项用分号分隔', en: 'Write supplies as "item quantity unit", separated by semicolons' },
  INVALID_VALUE: { zh: '取值无效', en: 'Invalid value' },
} as const;

export type LedgerProblem = keyof typeof ledgerProblems;
