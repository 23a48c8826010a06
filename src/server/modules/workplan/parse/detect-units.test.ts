import { describe, expect, it } from 'vitest';
import { findTrailingUnitSentence, findUnitGroups, parseUnitClauses } from './detect-units.ts';

const none = new Set<string>();

function unitsOf(text: string, known: ReadonlySet<string> = none): { lead: string[]; support: string[] } {
  const groups = findUnitGroups(text, known);
  return { lead: groups.flatMap((g) => g.lead), support: groups.flatMap((g) => g.support) };
}

describe('unit parentheses', () => {
  it('reads 牵头 and 配合, keeping 其他处室、单位 as one collective name', () => {
    expect(unitsOf('做好宣传贯彻工作。（研究室牵头，其他处室、单位配合）')).toEqual({
      lead: ['研究室'],
      support: ['其他处室、单位'],
    });
  });

  it('takes the first unit of a plain list as lead and the rest as support', () => {
    expect(unitsOf('更新网站栏目。（办公室、资料处、方志馆）')).toEqual({
      lead: ['办公室'],
      support: ['资料处', '方志馆'],
    });
  });

  it('reads 负责, 负责落实 and 牵头落实 as lead', () => {
    expect(unitsOf('编印年鉴。（年鉴处负责）').lead).toEqual(['年鉴处']);
    expect(unitsOf('编印年鉴。（年鉴处负责落实）').lead).toEqual(['年鉴处']);
    expect(unitsOf('编印年鉴。（年鉴处牵头落实，办公室配合）')).toEqual({ lead: ['年鉴处'], support: ['办公室'] });
  });

  it('makes every unit of 分别负责 a lead', () => {
    expect(unitsOf('开展培训。（资料处、研究室分别负责）')).toEqual({ lead: ['资料处', '研究室'], support: [] });
  });

  it('takes the ▲-marked unit as lead wherever it stands in the list', () => {
    expect(unitsOf('整理档案。（办公室、▲资料处、方志馆）')).toEqual({
      lead: ['资料处'],
      support: ['办公室', '方志馆'],
    });
  });

  it('keeps nested brackets inside a unit name', () => {
    expect(unitsOf('推进数据共享。（市府办〔市数据局〕牵头，各县〔区〕政府配合）')).toEqual({
      lead: ['市府办〔市数据局〕'],
      support: ['各县〔区〕政府'],
    });
    expect(unitsOf('推进数据共享。（市政府办公室（市大数据局）牵头，各县（市、区）政府配合）')).toEqual({
      lead: ['市政府办公室（市大数据局）'],
      support: ['各县（市、区）政府'],
    });
  });

  it('leaves parentheses that are not units in the text', () => {
    for (const text of [
      '实施《规划（2021—2025年）》。（研究室）',
      '配送《吉林年鉴》（2022）等资料。（资料处）',
      '开展资料收（征）集工作。（研究室）',
      '编写县（市、区）地方史。（研究室）',
      '对资料室（方志馆）进行评估。（资料处）',
    ]) {
      const groups = findUnitGroups(text, none);
      expect(groups.map((g) => g.raw)).toEqual([/（[^（）]+）$/.exec(text)?.[0]]);
    }
    expect(findUnitGroups('深化理论研究（以下简称研究工作）', none)).toEqual([]);
  });

  it('accepts a plain list of names without a unit ending only when the directory knows them', () => {
    expect(unitsOf('组织巡展。（长白山文旅、史志学社）').lead).toEqual([]);
    expect(unitsOf('组织巡展。（长白山文旅、史志学社）', new Set(['长白山文旅', '史志学社']))).toEqual({
      lead: ['长白山文旅'],
      support: ['史志学社'],
    });
  });

  it('reads several unit parentheses in one task', () => {
    expect(unitsOf('编好志稿（研究室负责）；做好出版（资料处负责）。')).toEqual({
      lead: ['研究室', '资料处'],
      support: [],
    });
  });

  it('skips a deadline clause inside the unit parenthesis', () => {
    expect(unitsOf('完成验收。（研究室负责，6月底前完成）')).toEqual({ lead: ['研究室'], support: [] });
  });

  it('gives each name a span inside the text', () => {
    const text = '开展培训。（资料处牵头，办公室配合）';
    const [group] = findUnitGroups(text, none);
    expect(group?.mentions.map((m) => m.span && text.slice(m.span.start, m.span.end))).toEqual(['资料处', '办公室']);
  });
});

describe('unit lines', () => {
  it('reads 牵头单位 and 责任单位 lines; after a lead, 责任单位 are support', () => {
    const lead = parseUnitClauses('牵头单位：办公室', 0, none, true);
    expect(lead).toMatchObject({ lead: ['办公室'], support: [] });
    expect(parseUnitClauses('责任单位：资料处、方志馆', 0, none, true, true)).toMatchObject({
      lead: [],
      support: ['资料处', '方志馆'],
    });
  });

  it('reads a 责任单位 line alone by the list convention', () => {
    expect(parseUnitClauses('责任单位：资料处、方志馆', 0, none, true)).toMatchObject({
      lead: ['资料处'],
      support: ['方志馆'],
    });
  });

  it('reads 牵头单位 and 配合单位 on one line', () => {
    expect(parseUnitClauses('牵头单位：研究室；配合单位：办公室、资料处', 0, none, true)).toMatchObject({
      lead: ['研究室'],
      support: ['办公室', '资料处'],
    });
  });
});

describe('unit statements with extra words', () => {
  it('drops role qualifiers and named leaders, keeping the units', () => {
    expect(unitsOf('落实责任。（市委宣传部、市文旅局按职责分工负责）').lead).toEqual(['市委宣传部', '市文旅局']);
    expect(unitsOf('落实责任。（牵头领导：王某；责任单位：办公室、资料处）')).toEqual({
      lead: ['办公室'],
      support: ['资料处'],
    });
  });

  it('reads （牵头）/（配合） written after the names, brackets of every kind, and 责任领导 as a person', () => {
    expect(unitsOf('编好年鉴。（资料处、年鉴处（牵头）、方志馆（配合））')).toEqual({
      lead: ['年鉴处'],
      support: ['资料处', '方志馆'],
    });
    expect(unitsOf('编好年鉴〔年鉴处牵头，办公室配合〕')).toEqual({ lead: ['年鉴处'], support: ['办公室'] });
    expect(unitsOf('编好年鉴【年鉴处、办公室】')).toEqual({ lead: ['年鉴处'], support: ['办公室'] });
    const withLeader = parseUnitClauses('责任领导：李明；牵头单位：年鉴处', 0, none, true);
    expect(withLeader).toMatchObject({ lead: ['年鉴处'], support: [], leaders: ['李明'] });
  });

  it('reads units stated as the last sentence of a task, and leaves ordinary sentences alone', () => {
    expect(findTrailingUnitSentence('编好年鉴。年鉴处牵头，各县志办按职责分工负责。', none)).toMatchObject({
      lead: ['年鉴处'],
      support: ['各县志办'],
    });
    expect(findTrailingUnitSentence('编好年鉴。由办公室负责。', none)).toMatchObject({ lead: ['办公室'] });
    expect(findTrailingUnitSentence('编好年鉴。各地要高度重视、认真负责。', none)).toBeNull();
  });
});
