import type { LedgerKind } from './table';

/** What a column can mean. One ledger kind uses a subset. */
export type LedgerField =
  | 'id'
  | 'name'
  | 'jurisdiction'
  | 'lon'
  | 'lat'
  | 'kind'
  | 'headcount'
  | 'skills'
  | 'equipment'
  | 'leader'
  | 'phone'
  | 'stock'
  | 'capacity'
  | 'occupancy'
  | 'level'
  | 'responsiblePerson';

/**
 * Header names seen in district ledgers, Chinese first, with English aliases. Headers are compared
 * after normalisation (full-width to half-width, lower case, no spaces, no "*" required-markers, no
 * bracketed units), so "经度（°）", "* 人数(人)" and "Longitude" all find their field.
 */
const common: Partial<Record<LedgerField, string[]>> = {
  id: ['编号', '编码', '唯一编号', '唯一标识', 'id', 'identifier'],
  jurisdiction: ['所属辖区', '辖区', '所属区域', '所属行政区', '行政区划', '行政区划代码', '区划代码', '所属乡镇', '所属镇街', 'jurisdiction', 'areacode', 'divisioncode'],
  lon: ['经度', '东经', 'lon', 'lng', 'long', 'longitude'],
  lat: ['纬度', '北纬', 'lat', 'latitude'],
};

const byKind: Record<LedgerKind, Partial<Record<LedgerField, string[]>>> = {
  team: {
    id: ['队伍编号', '队伍编码'],
    name: ['名称', '队伍名称', '救援队伍名称', '队伍', 'name', 'teamname'],
    kind: ['类型', '队伍类型', '队伍类别', '类别', '队伍性质', 'kind', 'type'],
    headcount: ['人数', '队伍人数', '队员人数', '总人数', '在编人数', 'headcount', 'members', 'staff'],
    skills: ['技能', '专长', '救援专长', '专业特长', '擅长', 'skills', 'speciality', 'specialty'],
    equipment: ['装备', '主要装备', '装备情况', '主要装备器材', 'equipment'],
    leader: ['负责人', '队长', '联系人', 'leader', 'contact'],
    phone: ['联系电话', '电话', '手机', '联系方式', 'phone', 'tel', 'telephone'],
  },
  depot: {
    id: ['仓库编号', '储备库编号'],
    name: ['名称', '仓库名称', '储备库名称', '物资储备库名称', '储备库', 'name', 'depotname'],
    stock: ['物资', '储备物资', '主要物资', '物资储备', '库存', '物资清单', 'stock', 'supplies'],
  },
  shelter: {
    id: ['场所编号', '避难场所编号'],
    name: ['名称', '场所名称', '避难场所名称', '避难场所', 'name', 'sheltername'],
    capacity: ['容量', '可容纳人数', '容纳人数', '设计容量', '容纳量', 'capacity'],
    occupancy: ['已安置人数', '安置人数', '当前安置人数', '在住人数', 'occupancy'],
  },
  risk_point: {
    id: ['隐患点编号', '风险点编号'],
    name: ['名称', '隐患点名称', '风险点名称', '隐患名称', 'name'],
    kind: ['类型', '隐患类型', '风险类型', '灾害类型', '类别', 'kind', 'type', 'hazard'],
    level: ['等级', '风险等级', '隐患等级', '险情等级', 'level', 'risklevel'],
    responsiblePerson: ['责任人', '负责人', '监测责任人', '监测人', 'responsibleperson', 'responsible'],
  },
};

/** Columns that carry nothing the station stores; recognised so they are not reported as unknown. */
const ignored = ['序号', '备注', '地址', '详细地址', '位置', 'no', 'no.', '#', 'remarks', 'note', 'notes', 'address'];

/** How a field is named to the user when its column is missing. */
export const fieldLabels: Record<LedgerField, { zh: string; en: string }> = {
  id: { zh: '编号', en: 'id' },
  name: { zh: '名称', en: 'name' },
  jurisdiction: { zh: '所属辖区', en: 'jurisdiction' },
  lon: { zh: '经度', en: 'longitude' },
  lat: { zh: '纬度', en: 'latitude' },
  kind: { zh: '类型', en: 'type' },
  headcount: { zh: '人数', en: 'headcount' },
  skills: { zh: '技能', en: 'skills' },
  equipment: { zh: '装备', en: 'equipment' },
  leader: { zh: '负责人', en: 'leader' },
  phone: { zh: '联系电话', en: 'phone' },
  stock: { zh: '物资', en: 'stock' },
  capacity: { zh: '容量', en: 'capacity' },
  occupancy: { zh: '已安置人数', en: 'occupancy' },
  level: { zh: '风险等级', en: 'risk level' },
  responsiblePerson: { zh: '责任人', en: 'responsible person' },
};

/** Fields without which a row cannot become an object (id and jurisdiction have fallbacks). */
export const requiredFields: Record<LedgerKind, LedgerField[]> = {
  team: ['name', 'kind', 'headcount', 'lon', 'lat'],
  depot: ['name', 'lon', 'lat'],
  shelter: ['name', 'capacity', 'lon', 'lat'],
  risk_point: ['name', 'kind', 'level', 'lon', 'lat'],
};

export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]|【.*?】/g, '')
    .replace(/[\s*_:：]/g, '');
}

/** A depot ledger may give one column per supply: "物资:帐篷(顶)" or "stock: tents (each)". */
const stockColumn = /^\s*(?:物资|储备物资|stock)\s*[:：]\s*(.+?)\s*(?:[(（]\s*(.+?)\s*[)）])?\s*$/i;

export type ColumnMeaning =
  | { field: LedgerField }
  | { field: 'stockItem'; item: string; unit: string }
  | { field: 'ignored' };

export interface ColumnMap {
  /** Header as written → what it means; headers not in the map are unknown. */
  meanings: Map<string, ColumnMeaning>;
  /** The header that supplies each field (the first one, when a file repeats a field). */
  headerOf: Partial<Record<LedgerField, string>>;
  unknown: string[];
}

export function mapColumns(kind: LedgerKind, headers: readonly string[]): ColumnMap {
  const lookup = new Map<string, LedgerField>();
  for (const table of [common, byKind[kind]]) {
    for (const [field, aliases] of Object.entries(table) as Array<[LedgerField, string[]]>) {
      for (const alias of aliases) lookup.set(normaliseHeader(alias), field);
    }
  }
  const ignoredSet = new Set(ignored.map(normaliseHeader));
  const meanings = new Map<string, ColumnMeaning>();
  const headerOf: ColumnMap['headerOf'] = {};
  const unknown: string[] = [];
  for (const header of headers) {
    const stock = kind === 'depot' ? stockColumn.exec(header.normalize('NFKC')) : null;
    if (stock?.[1]) {
      meanings.set(header, { field: 'stockItem', item: stock[1], unit: stock[2] ?? '' });
      continue;
    }
    const key = normaliseHeader(header);
    const field = lookup.get(key);
    if (field) {
      meanings.set(header, { field });
      headerOf[field] ??= header;
    } else if (ignoredSet.has(key)) {
      meanings.set(header, { field: 'ignored' });
    } else if (key !== '') {
      unknown.push(header);
    }
  }
  return { meanings, headerOf, unknown };
}

/** How many of the headers a kind recognises: used to find the header row under a title row. */
export function recognisedCount(kind: LedgerKind, cells: readonly string[]): number {
  const { meanings } = mapColumns(kind, cells);
  return [...meanings.values()].filter((m) => m.field !== 'ignored').length;
}

/** Guess the kind of a ledger from its headers: the kind whose own columns appear most. */
export function guessLedgerKind(headers: readonly string[]): LedgerKind | undefined {
  const distinctive: Record<LedgerKind, LedgerField[]> = {
    team: ['headcount', 'skills', 'equipment'],
    depot: ['stock'],
    shelter: ['capacity', 'occupancy'],
    risk_point: ['level', 'responsiblePerson'],
  };
  let best: LedgerKind | undefined;
  let bestScore = 0;
  for (const kind of Object.keys(distinctive) as LedgerKind[]) {
    const { headerOf, meanings } = mapColumns(kind, headers);
    const stockItems = [...meanings.values()].filter((m) => m.field === 'stockItem').length;
    const score = distinctive[kind].filter((f) => headerOf[f] !== undefined).length + (stockItems > 0 ? 1 : 0);
    if (score > bestScore) {
      best = kind;
      bestScore = score;
    }
  }
  return best;
}
