import type { TPlanTarget, TTargetComparator } from '../../../../shared/workplan-parse.ts';
import { maskTitles } from './detect-references.ts';

/**
 * Finds quantified targets (量化指标) and normalises their numbers: `2000册`, `17万册` (170000 册), `4—7部` (range),
 * `不少于100场` (≥), `98%以上` (≥), `增长6.2%左右` (≈). A figure only counts with a measure word after it, so years,
 * dates, document numbers (`〔2023〕5号`), `195工程` and an edition `（2022）` are never targets.
 */

/** Longest first: the alternation must try `个百分点` before `个`, `人次` before `人`. */
const MEASURE_WORDS = [
  '个百分点',
  '平方公里',
  '平方米',
  '立方米',
  '人次',
  '课时',
  '学时',
  '小时',
  '分钟',
  '公里',
  '公顷',
  '千米',
  '万字',
  '千字',
  '%',
  '‰',
  '吨',
  '亩',
  '位',
  '辆',
  '架',
  '艘',
  '块',
  '组',
  '片',
  '版',
  '页',
  '章',
  '段',
  '帧',
  '天',
  '周',
  '处',
  '村',
  '镇',
  '乡',
  '县',
  '课',
  '班',
  '盒',
  '箱',
  '册次',
  '篇次',
  '场次',
  '批次',
  '户次',
  '件次',
  '卷册',
  'GB',
  'TB',
  '家次',
  '单',
  '宗',
  '例',
  '栏',
  '部次',
  '册',
  '部',
  '期',
  '个',
  '次',
  '场',
  '项',
  '篇',
  '本',
  '卷',
  '种',
  '家',
  '人',
  '名',
  '条',
  '件',
  '套',
  '份',
  '批',
  '所',
  '座',
  '字',
  '集',
  '类',
  '户',
  '元',
  '台',
  '幅',
  '张',
  '首',
  '门',
  '节',
  '讲',
  '轮',
  '届',
  '支',
  '间',
  '栋',
  '米',
];
const UNIT = `(?:${MEASURE_WORDS.join('|')})`;
const NUM = '\\d+(?:\\.\\d+)?';
const MAG = '[万亿千]';
const TARGET = new RegExp(
  `(?<![\\d.A-Za-z第])(?<pre>不少于|不低于|不超过|不多于|不高于|至少|最多|超过|突破|高于|低于|约|近)?` +
    `(?<a>${NUM})(?<amag>${MAG})?(?:(?<aunit>${UNIT})?\\s*[—–\\-~～至到]\\s*(?<b>${NUM}))?(?<mag>${MAG})?` +
    `(?<unit>${UNIT})(?<post>以上|以下|以内|左右|余|多)?`,
  'g',
);

/** A measure word followed by these is the start of another word: `3部门`, `2期间`, `5处室`. */
const FALSE_FOLLOWERS: Record<string, RegExp> = {
  部: /^[门署分长委]/,
  期: /^[间限刊末]/,
  处: /^[室理置级长]/,
  所: /^[有在属]/,
  名: /^[称单录义]/,
  条: /^[例件]/,
  项: /^目/,
  门: /^[户类槛]/,
  届: /^[时满]/,
  节: /^[日点约能]/,
  本: /^[地级单部次]/,
  支: /^[部持援付]/,
  件: /^[事]/,
  家: /^[庭乡]/,
  元: /^[素旦年]/,
  位: /^[置于列]/,
  组: /^[织成建长]/,
  版: /^[本权面块]/,
  页: /^[面]/,
  章: /^[节程]/,
  段: /^[落]/,
  天: /^[然]/,
  周: /^[年边期]/,
  村: /^[志史民庄镇级]/,
  镇: /^[志史村级]/,
  乡: /^[镇村志史级]/,
  县: /^[志史级区市委政]/,
  课: /^[题程时]/,
  班: /^[子]/,
  单: /^[位元独项]/,
  块: /^[面]/,
  片: /^[区]/,
};

const MAGNITUDE: Record<string, number> = { 千: 1_000, 万: 10_000, 亿: 100_000_000 };

function scale(value: string, magnitude: string | undefined): number {
  const factor = magnitude ? (MAGNITUDE[magnitude] ?? 1) : 1;
  return Math.round(Number(value) * factor * 1e6) / 1e6;
}

function comparatorOf(pre: string | undefined, post: string | undefined, isRange: boolean): TTargetComparator {
  if (isRange) return 'range';
  // 不超过 contains 超过: the upper bounds must be tested first.
  if (pre && /不低于|不少于/.test(pre)) return 'gte';
  if (pre && /不超过|不多于|不高于|最多|低于/.test(pre)) return 'lte';
  if (pre && /不少于|不低于|至少|超过|突破|高于/.test(pre)) return 'gte';
  if (pre && /约|近/.test(pre)) return 'approx';
  if (post === '以上' || post === '余' || post === '多') return 'gte';
  if (post === '以下' || post === '以内') return 'lte';
  if (post === '左右') return 'approx';
  return 'eq';
}

/** Blanks parentheses holding only a year or edition (`（2022）`, `（2021—2025年）`) so they cannot become targets. */
function maskYearParentheses(text: string): string {
  return text.replace(/（[\d—–\-~～至年度、]+）/g, (m) => '□'.repeat(m.length));
}

export function detectTargets(text: string): TPlanTarget[] {
  const masked = maskYearParentheses(maskTitles(text));
  const targets: TPlanTarget[] = [];
  TARGET.lastIndex = 0;
  for (let m = TARGET.exec(masked); m; m = TARGET.exec(masked)) {
    const g = m.groups ?? {};
    const unit = g.unit as string;
    let end = m.index + m[0].length;
    const following = masked.slice(end);
    if (!g.post && FALSE_FOLLOWERS[unit]?.test(following)) continue;
    if (unit === '个' && !g.post && following.startsWith('项目')) end += 2;
    const isRange = g.b !== undefined;
    const base = {
      text: text.slice(m.index, end),
      unit,
      comparator: comparatorOf(g.pre, g.post, isRange),
      span: { start: m.index, end },
    };
    if (isRange) {
      targets.push({ ...base, min: scale(g.a as string, g.amag ?? g.mag), max: scale(g.b as string, g.mag) });
    } else {
      targets.push({ ...base, value: scale(g.a as string, g.amag ?? g.mag) });
    }
  }
  return targets;
}
