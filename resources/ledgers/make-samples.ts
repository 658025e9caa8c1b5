/**
 * Writes the sample ledgers (台账) of the demo district, Wansheng (万盛, code 500110), used by the
 * import demo and its tests:  npx tsx resources/ledgers/make-samples.ts
 *
 * Names follow the district; people, phone numbers, ids and exact positions are made up, placed
 * inside the district outline of resources/basemap/admin.geojson.
 * risk-points.csv holds exactly two bad rows on purpose (row 8: unknown risk level; row 14:
 * longitude and latitude swapped): the import must report them and import the rest.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const here = dirname(fileURLToPath(import.meta.url));

const teams = [
  // The six teams of resources/demo/wansheng.json, same ids, so an import updates them rather than duplicating.
  ['ws-comprehensive-1', '万盛综合应急救援大队', '综合', 60, '抢险救援、破拆、水域救援', '冲锋舟 2 艘；破拆工具组 4 套；应急照明车 1 台', '张建国', '023-4800-0101', '500110', 106.921, 28.958],
  ['ws-nantong-1', '南桐镇应急救援分队', '综合', 25, '地质灾害巡查、搜救', '生命探测仪 1 台', '刘卫东', '023-4800-0102', '500110101', 106.884, 28.985],
  ['ws-qingnian-1', '青年镇应急救援分队', '综合', 20, '防汛抢险、排涝', '抽水泵 6 台；橡皮艇 2 艘', '陈志强', '023-4800-0103', '500110102', 106.987, 28.903],
  ['ws-heishan-forest', '黑山镇森林消防半专业队', '专业', 30, '森林灭火', '风力灭火机 12 台；水泵 4 台', '杨林', '023-4800-0104', '500110104', 106.978, 28.812],
  ['ws-social-blue-sky', '蓝天救援队万盛分队', '社会力量', 18, '水域救援、搜救', '冲锋舟 1 艘；潜水装备 4 套', '赵海', '023-4800-0105', '500110', 106.935, 28.947],
  ['ws-militia-1', '万盛民兵应急排', '民兵', 36, '巡逻警戒、抢险', '', '黄勇', '023-4800-0106', '500110', 106.944, 28.966],
  // More of the district's forces.
  ['ws-mine-rescue', '万盛矿山救护队', '专业', 45, '矿山救护、有限空间救援', '正压氧气呼吸器 40 台；气体检测仪 10 台', '周明', '023-4800-0107', '500110', 106.905, 28.972],
  ['ws-hazmat', '万盛危化品应急救援队', '专业', 24, '危化品堵漏、洗消', '防化服 30 套；洗消帐篷 2 顶', '吴涛', '023-4800-0108', '500110', 106.952, 28.941],
  ['ws-medical', '万盛医疗应急救援队', '专业', 22, '医疗救护、防疫消杀', '救护车 4 台', '郑丽', '023-4800-0109', '500110', 106.93, 28.951],
  ['ws-guanba-1', '关坝镇应急救援分队', '综合', 20, '防汛抢险、地质灾害巡查', '抽水泵 3 台', '孙伟', '023-4800-0110', '500110103', 107.032, 28.889],
  ['ws-wansheng-st-1', '万盛街道应急救援分队', '综合', 18, '抢险救援、巡逻警戒', '', '马超', '023-4800-0111', '500110001', 106.918, 28.962],
  ['ws-social-mountain', '万盛山地救援志愿队', '社会力量', 15, '山地救援、搜救', '绳索救援装备 6 套', '何平', '023-4800-0112', '500110', 106.89, 28.93],
] as const;

async function writeTeamsXlsx(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Duty Room sample';
  workbook.created = workbook.modified = new Date('2026-06-01T00:00:00Z');
  const sheet = workbook.addWorksheet('救援队伍');
  // District ledgers carry a title row above the header; the importer must find the header under it.
  sheet.addRow(['万盛经开区应急救援队伍台账（演示数据）']);
  sheet.mergeCells('A1:M1');
  sheet.addRow(['序号', '队伍编号', '队伍名称', '队伍类型', '人数', '救援专长', '主要装备', '负责人', '联系电话', '所属辖区', '经度', '纬度', '备注']);
  teams.forEach((t, i) => sheet.addRow([i + 1, ...t, '']));
  sheet.getRow(2).font = { bold: true };
  await workbook.xlsx.writeFile(join(here, 'teams.xlsx'));
}

const riskHeader = ['序号', '隐患点编号', '隐患点名称', '隐患类型', '风险等级', '所属辖区', '经度', '纬度', '监测责任人'];
type RiskRow = [string, string, string, string, string, string, string, string];
const risks: RiskRow[] = [
  ['ws-risk-001', '红岩村滑坡隐患点', '滑坡', '较大', '500110101002', '106.866', '28.976', '刘某'],
  ['ws-risk-002', '南桐村不稳定斜坡', '不稳定斜坡', '一般', '500110101001', '106.879', '28.993', '陈某'],
  ['ws-risk-003', '堡堂村崩塌隐患点', '崩塌', '较大', '500110101003', '106.893', '29.006', '王某'],
  ['ws-risk-004', '孝子河万盛城区段易涝点', '城市内涝', '一般', '500110001', '106.921', '28.957', '李某'],
  ['ws-risk-005', '新田社区低洼地带', '城市内涝', '低', '500110001001', '106.912', '28.969', '赵某'],
  ['ws-risk-006', '青年村山洪沟道', '山洪', '重大', '500110102001', '106.982', '28.911', '孙某'],
  // Row 8 in the file: "很高" is no risk level of the national grading.
  ['ws-risk-007', '板辽村泥石流沟', '泥石流', '很高', '500110102002', '107.004', '28.889', '周某'],
  ['ws-risk-008', '关坝村危岩带', '崩塌', '较大', '500110103001', '107.026', '28.886', '吴某'],
  ['ws-risk-009', '凉风村森林防火重点区', '森林火险', '较大', '500110103002', '107.046', '28.871', '郑某'],
  ['ws-risk-010', '黑山村森林防火重点区', '森林火险', '重大', '500110104001', '106.972', '28.819', '冯某'],
  ['ws-risk-011', '鱼子村地面塌陷隐患', '地面塌陷', '一般', '500110104002', '106.983', '28.795', '褚某'],
  ['ws-risk-012', '八角村尾矿库', '尾矿库', '较大', '500110104003', '106.958', '28.831', '卫某'],
  // Row 14 in the file: latitude typed into the longitude column and the other way round.
  ['ws-risk-013', '万盛加油站', '危险化学品', '一般', '500110001002', '28.955', '106.925', '蒋某'],
  ['ws-risk-014', '子如社区老旧房屋', '房屋安全', '低', '500110001002', '106.927', '28.953', '沈某'],
  ['ws-risk-015', '南桐矿区采空区', '地面塌陷', '较大', '500110101', '106.887', '28.981', '韩某'],
  ['ws-risk-016', '青年镇集镇段河道', '山洪', '一般', '500110102', '106.989', '28.901', '杨某'],
  ['ws-risk-017', '关坝镇场镇燃气站', '危险化学品', '一般', '500110103', '107.029', '28.893', '朱某'],
  ['ws-risk-018', '黑山谷景区游步道', '崩塌', '一般', '500110104', '106.975', '28.808', '秦某'],
  ['ws-risk-019', '万盛东林煤矿', '矿山', '较大', '500110', '106.907', '28.974', '尤某'],
  ['ws-risk-020', '万盛大道隧道口', '道路交通', '低', '500110', '106.938', '28.962', '许某'],
];

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
const csv = (rows: Array<Array<string | number>>) => '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

function writeRiskPointsCsv(): void {
  writeFileSync(join(here, 'risk-points.csv'), csv([riskHeader, ...risks.map((r, i) => [i + 1, ...r])]));
}

function writeSheltersCsv(): void {
  const rows = [
    ['名称', '编号', '所属辖区', '经度', '纬度', '容量（人）', '已安置人数'],
    ['万盛体育馆应急避难场所', 'ws-shelter-01', '500110001', 106.924, 28.96, 3000, 0],
    ['万盛中学操场', 'ws-shelter-02', '500110001', 106.915, 28.965, 1500, 0],
    ['南桐镇中心小学', 'ws-shelter-03', '500110101', 106.882, 28.987, 800, 0],
    ['青年镇文化广场', 'ws-shelter-04', '500110102', 106.985, 28.905, 1200, 0],
    ['关坝镇中心校', 'ws-shelter-05', '500110103', 107.035, 28.886, 600, 0],
    ['黑山镇政府广场', 'ws-shelter-06', '500110104', 106.976, 28.814, 900, 0],
  ];
  writeFileSync(join(here, 'shelters.csv'), csv(rows));
}

function writeDepotsCsv(): void {
  const rows = [
    ['名称', '编号', '所属辖区', '经度', '纬度', '储备物资'],
    ['万盛经开区应急物资储备库', 'ws-depot-01', '500110', 106.933, 28.955, '帐篷 300 顶；折叠床 800 张；棉被 1,500 床；冲锋舟 4 艘；发电机 10 台'],
    ['南桐镇应急物资储备点', 'ws-depot-02', '500110101', 106.886, 28.983, '帐篷 40 顶；棉被 200 床；编织袋 5000 条'],
    ['青年镇防汛物资储备点', 'ws-depot-03', '500110102', 106.988, 28.906, '编织袋 8000 条；救生衣 200 件；抽水泵 6 台'],
    ['黑山镇森林防火物资库', 'ws-depot-04', '500110104', 106.979, 28.81, '风力灭火机 20 台；二号工具 300 把'],
  ];
  writeFileSync(join(here, 'depots.csv'), csv(rows));
}

await writeTeamsXlsx();
writeRiskPointsCsv();
writeSheltersCsv();
writeDepotsCsv();
console.log('sample ledgers written to', here);
