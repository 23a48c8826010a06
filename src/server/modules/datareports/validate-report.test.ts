import { describe, expect, it } from 'vitest';
import { ZFormDefinition } from '../../../shared/datareports.ts';
import { REPORT_FORM } from '../../test/datareport-form.ts';
import { sumValues } from './rollup.ts';
import { validateReport } from './validate-report.ts';

const def = ZFormDefinition.parse(REPORT_FORM);
const good = {
  books_total: '12,000',
  chronicles: 300,
  yearbooks: 150,
  new_this_year: 420,
  room_area: '86.5',
  staff: 2,
  has_room: '是',
  filled_on: '2024.1.15',
};

describe('validateReport', () => {
  it('reads numbers written with separators and full-width digits, and dates in the forms people write them', () => {
    const r = validateReport(def, { ...good, staff: '２' }, { requireAll: true });
    expect(r.errors).toEqual([]);
    expect(r.values).toMatchObject({ books_total: 12000, room_area: 86.5, staff: 2, filled_on: '2024-01-15' });
  });

  it('names each wrong field with the reason, and its cell when one is given', () => {
    const r = validateReport(
      def,
      { ...good, staff: '两人', room_area: -3, has_room: '有', yearbooks: 1.5, filled_on: '2024-02-30' },
      { requireAll: true, cellOf: (k) => `工作表“资料年报” D${k.length}` },
    );
    expect(r.errors.map((e) => [e.label, e.message])).toEqual([
      ['其中：年鉴', '应为整数，不能填 1.5'],
      ['资料室面积', '-3 小于允许的最小值 0'],
      ['专（兼）职人员', '“两人”不是数字，请只填阿拉伯数字（单位：人）'],
      ['是否设立独立资料室', '“有”不是可选项，应为：是、否'],
      ['填报日期', '“2024-02-30”不是有效日期，请按 YYYY-MM-DD 填写'],
    ]);
    expect(r.errors[0]!.cell).toBe('工作表“资料年报” D9');
  });

  it('requires every required field on submission, not while drafting', () => {
    expect(validateReport(def, { books_total: 5 }, { requireAll: false }).errors).toEqual([]);
    expect(validateReport(def, { books_total: 5 }, { requireAll: true }).errors.map((e) => e.field)).toEqual([
      'chronicles',
      'yearbooks',
      'new_this_year',
      'room_area',
      'staff',
      'has_room',
    ]);
  });

  it('applies cross-field checks with both sides shown', () => {
    const r = validateReport(def, { ...good, chronicles: 13000 }, { requireAll: true });
    expect(r.errors.map((e) => e.message)).toEqual([
      '志书不能多于馆藏总量（其中：志书 13,000 应 <= 馆藏资料总量 12,000）',
    ]);
  });

  it('warns of a year-over-year jump beyond the limit, in either direction', () => {
    expect(
      validateReport(def, good, { requireAll: true, previous: { books_total: 7000 } }).warnings.map((w) => w.message),
    ).toEqual(['比上年 7,000 增加 71%，超过 50%，请在说明中写明原因']);
    expect(
      validateReport(def, good, { requireAll: true, previous: { books_total: 30000 } }).warnings[0]!.message,
    ).toContain('减少 60%');
    expect(validateReport(def, good, { requireAll: true, previous: { books_total: 10000 } }).warnings).toEqual([]);
  });

  it('sums only summable numeric fields', () => {
    expect(
      sumValues(def, [
        { books_total: 10, room_area: 1.25, has_room: '是' },
        { books_total: 5, room_area: 2.5 },
      ]),
    ).toMatchObject({ books_total: 15, room_area: 3.75 });
    expect(sumValues(def, [])).not.toHaveProperty('has_room');
  });

  it('refuses a definition that checks a text field or repeats a key', () => {
    const bad = ZFormDefinition.safeParse({
      fields: [...REPORT_FORM.fields, { key: 'staff', label: '重复', type: 'integer' }],
      checks: [{ left: 'has_room', op: '<=', right: ['books_total'], message: 'x' }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(['字段标识“staff”重复', '校验“x”引用的“has_room”不是数值字段']),
    );
  });
});
