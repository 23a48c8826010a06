import ExcelJS from 'exceljs';
import type { TFormDefinitionInput } from '../../shared/datareports.ts';

/** A 资料年报 form as a province might define it: holdings with their parts, a room, staff, a yes/no and a date. */
export const REPORT_FORM: TFormDefinitionInput = {
  fields: [
    { key: 'books_total', label: '馆藏资料总量', section: '馆藏', type: 'integer', unit: '册', min: 0 },
    { key: 'chronicles', label: '其中：志书', section: '馆藏', type: 'integer', unit: '册', min: 0 },
    { key: 'yearbooks', label: '其中：年鉴', section: '馆藏', type: 'integer', unit: '册', min: 0 },
    { key: 'new_this_year', label: '本年新增', section: '馆藏', type: 'integer', unit: '册', min: 0 },
    { key: 'room_area', label: '资料室面积', section: '保障', type: 'number', unit: '平方米', min: 0 },
    { key: 'staff', label: '专（兼）职人员', section: '保障', type: 'integer', unit: '人', min: 0, max: 200 },
    {
      key: 'has_room',
      label: '是否设立独立资料室',
      section: '保障',
      type: 'choice',
      options: ['是', '否'],
      sum: false,
    },
    { key: 'filled_on', label: '填报日期', type: 'date', required: false, sum: false },
  ],
  checks: [
    { left: 'chronicles', op: '<=', right: ['books_total'], message: '志书不能多于馆藏总量' },
    { left: 'new_this_year', op: '<=', right: ['books_total'], message: '本年新增不能多于馆藏总量' },
  ],
  yearOverYear: [{ field: 'books_total', maxChangePercent: 50 }],
};

/** Fills the downloaded template's value column (D) by field key, as an office would in Excel. */
export async function fillTemplate(
  template: ArrayBuffer | Uint8Array,
  values: Record<string, string | number | null>,
  note?: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as ArrayBuffer);
  const ws = wb.getWorksheet('资料年报')!;
  ws.eachRow((row, r) => {
    const key = row.getCell(7).value;
    if (typeof key === 'string' && key in values) ws.getCell(`D${r}`).value = values[key] ?? null;
    if (key === '__note__' && note) ws.getCell(`D${r}`).value = note;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
