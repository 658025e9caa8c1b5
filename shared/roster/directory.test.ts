import { describe, expect, it } from 'vitest';
import { parseStaffRows } from './directory';

describe('parseStaffRows', () => {
  it('reads a directory sheet with Chinese headers into staff entries', () => {
    const r = parseStaffRows([
      ['工号', '姓名', '单位', '部门', '职务', '联系电话', '值班岗位'],
      ['A001', '王局长', '区应急管理局', '局办', '局长', '13800000001', '带班领导'],
      ['A002', '李四', '区应急管理局', '值班室', '科员', '13800000002；010-1234567', '值班员、联络员'],
      ['', '', '', '', '', '', ''],
      [' A003 ', '赵六', '区水利局', '', '', 13800000003, ''],
    ]);
    expect(r.ok).toBe(true);
    const members = r.ok ? r.value : [];
    expect(members.map((m) => [m.id, m.name, m.dutyRoles])).toEqual([
      ['A001', '王局长', ['leader']],
      ['A002', '李四', ['officer', 'liaison']],
      ['A003', '赵六', ['officer']],
    ]);
    expect(members[1].phones).toEqual(['13800000002', '010-1234567']);
    expect(members[2].phones).toEqual(['13800000003']);
  });

  it('identifies a person by phone when the sheet has no staff number', () => {
    const r = parseStaffRows([
      ['姓名', '手机'],
      ['张三', '138 0000 0009'],
    ]);
    expect(r.ok && r.value[0].id).toBe('p13800000009');
  });

  it('refuses the whole sheet, naming each bad cell by its row, when any row is wrong', () => {
    const r = parseStaffRows([
      ['工号', '姓名', '电话', '岗位'],
      ['A1', '甲', '13800000001', '值班员'],
      ['A1', '乙', '13800000002', '值班员'],
      ['A3', '丙', 'not-a-phone!', '司机'],
      ['', '丁', '', ''],
    ]);
    expect(r.ok).toBe(false);
    const fields = r.ok ? [] : r.errors.map((e) => `${e.code} ${e.field}`);
    expect(fields).toEqual([
      'ALREADY_EXISTS rows.3.id',
      'INVALID_FIELD rows.4.dutyRoles',
      'INVALID_FIELD rows.4.phones.0',
      'INVALID_FIELD rows.5.id',
    ]);
  });

  it('refuses a sheet without a name column', () => {
    const r = parseStaffRows([['工号', '电话']]);
    expect(!r.ok && r.errors[0].field).toBe('rows.0');
  });
});
