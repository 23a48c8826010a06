import { readHeadingNumber, type TNumberStyle } from '../outline/numbering.ts';
import { excerptAt, type Problem, type RuleContext, type RuleNode } from './rule-input.ts';

/** Title, wording, number-usage, numbering, budget and genre checks. Pure. */

const TITLE_PUNCTUATION = /[，。；：！？、“”‘’"'《》〈〉（）()【】…—！!?;:,.]/;
const SLOGANS = [
  '新篇章',
  '新征程',
  '新台阶',
  '新高度',
  '新突破',
  '新成效',
  '新气象',
  '新局面',
  '谱写',
  '奋力',
  '全力以赴',
  '再创佳绩',
  '勇攀高峰',
  '砥砺前行',
  '扬帆',
  '铿锵',
  '凯歌',
  '辉煌',
  '腾飞',
  '硕果累累',
  '捷报频传',
  '大步迈进',
  '开创',
];

/** 条目 titles: at most N characters, no punctuation, no slogans (a yearbook title names its subject plainly). */
export function checkEntryTitle(ctx: RuleContext, node: RuleNode): Problem[] {
  if (node.level !== '条目') return [];
  const t = node.title;
  const out: Problem[] = [];
  const base = { rule: 'entry-title', nodeId: node.id, nodePath: node.path, paragraph: null, excerpt: t };
  const length = [...t.replace(/\s+/g, '')].length;
  if (length > ctx.settings.entryTitleMax)
    out.push({
      ...base,
      severity: 'error',
      message: `条目标题“${t}”有 ${length} 个字，超过 ${ctx.settings.entryTitleMax} 字，请精简。`,
    });
  const punct = TITLE_PUNCTUATION.exec(t);
  if (punct) out.push({ ...base, severity: 'error', message: `条目标题“${t}”含标点“${punct[0]}”，条目标题不用标点。` });
  const slogan = SLOGANS.find((s) => t.includes(s));
  if (slogan)
    out.push({
      ...base,
      severity: 'warning',
      message: `条目标题“${t}”含口号式用语“${slogan}”，请改为直陈事物的标题。`,
    });
  return out;
}

/** 生不立传: a biography whose subject's life span is open (1938— or 1938年生) is of a living person. */
export function checkLivingBiography(node: RuleNode): Problem[] {
  if (node.genre !== '传') return [];
  const out: Problem[] = [];
  node.paragraphs.forEach((p, paragraph) => {
    for (const m of p.matchAll(
      /[（(]\s*((?:1[89]|20)\d{2})\s*年?\s*(?:[—–\-－~～至]+\s*[）)]|生\s*[）)])|(?:生于|出生于)\s*((?:1[89]|20)\d{2})\s*年/g,
    )) {
      // An entry that also records the death is a closed life.
      if (/(逝世|去世|病逝|病故|辞世|牺牲|卒于|遇难|殉职)/.test(p)) continue;
      out.push({
        rule: 'living-biography',
        severity: 'error',
        message: `人物传记载的人物生年为 ${m[1] ?? m[2]} 年而无卒年，志书“生不立传”：在世人物宜以事系人或列入人物表。`,
        nodeId: node.id,
        nodePath: node.path,
        paragraph,
        excerpt: excerptAt(p, m.index ?? 0, m[0].length),
      });
    }
  });
  return out;
}

function findWords(
  node: RuleNode,
  words: readonly string[],
  make: (word: string) => Omit<Problem, 'nodeId' | 'nodePath' | 'paragraph' | 'excerpt'>,
): Problem[] {
  const out: Problem[] = [];
  const scan = (text: string, paragraph: number | null) => {
    for (const w of words) {
      let at = text.indexOf(w);
      while (at >= 0) {
        out.push({
          ...make(w),
          nodeId: node.id,
          nodePath: node.path,
          paragraph,
          excerpt: excerptAt(text, at, w.length),
        });
        at = text.indexOf(w, at + w.length);
      }
    }
  };
  scan(node.title, null);
  node.paragraphs.forEach((p, i) => scan(p, i));
  return out;
}

export function checkWordLists(ctx: RuleContext, node: RuleNode): Problem[] {
  return [
    ...findWords(node, ctx.settings.bannedWords, (w) => ({
      rule: 'banned-words',
      severity: 'error',
      message: `含禁用词“${w}”，请删除或改写。`,
    })),
    ...findWords(node, ctx.settings.sensitiveWords, (w) => ({
      rule: 'banned-words',
      severity: 'warning',
      message: `含敏感词“${w}”，请核实表述是否规范。`,
    })),
  ];
}

/** 志书 write in the third person with absolute time: 今年, 目前, 我省 mean nothing once the book is printed. */
const RELATIVE = [
  '今年',
  '去年',
  '前年',
  '明年',
  '目前',
  '现在',
  '最近',
  '近年来',
  '近几年',
  '日前',
  '不久前',
  '我省',
  '我市',
  '我县',
  '我区',
  '我镇',
  '我乡',
  '我村',
  '我们',
  '笔者',
  '本人',
];

export function checkRelativeWords(node: RuleNode): Problem[] {
  return findWords({ ...node, title: '' }, RELATIVE, (w) => ({
    rule: 'relative-words',
    severity: 'warning',
    message: /^我|笔者|本人/.test(w)
      ? `“${w}”是第一人称，志书以第三人称记述，请写明主体（如“全省”“吉林省”）。`
      : `“${w}”是相对时间，成书后无从确定，请写明年份或日期。`,
  }));
}

/** The common cases of GB/T 15835-2011 出版物上数字用法. */
export function checkNumbers(node: RuleNode): Problem[] {
  const out: Problem[] = [];
  node.paragraphs.forEach((p, paragraph) => {
    const add = (index: number, length: number, severity: Problem['severity'], message: string) =>
      out.push({
        rule: 'numbers',
        severity,
        message,
        nodeId: node.id,
        nodePath: node.path,
        paragraph,
        excerpt: excerptAt(p, index, length),
      });
    for (const m of p.matchAll(/[０-９]+/g))
      add(m.index ?? 0, m[0].length, 'error', `“${m[0]}”是全角数字，应使用半角阿拉伯数字。`);
    for (const m of p.matchAll(/(?<![\d０-９.])(\d{2})年(?!代)/g))
      add(m.index ?? 0, m[0].length, 'warning', `年份“${m[0]}”不应简写，应写全（如“1998年”）。`);
    for (const m of p.matchAll(/[一二三四五六七八九][〇零][一二三四五六七八九〇零]{2}年/g))
      add(m.index ?? 0, m[0].length, 'warning', `公历年份“${m[0]}”宜用阿拉伯数字书写。`);
    for (const m of p.matchAll(/(?<![\d.])(\d+)\s*[～~—\-－]\s*(\d+)\s*%/g))
      add(m.index ?? 0, m[0].length, 'warning', `百分数范围“${m[0]}”前后都应带百分号（如“${m[1]}%～${m[2]}%”）。`);
    for (const m of p.matchAll(/(?<![\d.])([1-9])、([1-9])(?=[个人天年次种家名项位岁倍条件])/g)) {
      if (Number(m[2]) === Number(m[1]) + 1)
        add(m.index ?? 0, m[0].length, 'warning', `相邻数字表示概数“${m[0]}”应用汉字（如“三四个”），且不加顿号。`);
    }
    for (const m of p.matchAll(/\d+万\d+千|\d+亿\d+千万/g))
      add(m.index ?? 0, m[0].length, 'warning', `“${m[0]}”数字与单位混写，应写为小数加单位（如“1.2万”）。`);
  });
  return out;
}

/** 一、二、四、: numbered paragraphs or headings inside a draft that skip a number. */
export function checkNumberingGaps(node: RuleNode): Problem[] {
  const out: Problem[] = [];
  const last = new Map<TNumberStyle, number>();
  node.paragraphs.forEach((p, paragraph) => {
    const read = readHeadingNumber(p.trim());
    if (!read || read.number.style === 'decimal') return;
    const { style, value, text } = read.number;
    const prev = last.get(style);
    // Deeper levels restart under each new parent item.
    for (const s of [...last.keys()]) if (rank(s) > rank(style)) last.delete(s);
    if (prev !== undefined && value !== prev + 1 && value !== 1)
      out.push({
        rule: 'numbering-gaps',
        severity: 'error',
        message: `层次序号不连续：“${text}”前一个同级序号是 ${prev}。`,
        nodeId: node.id,
        nodePath: node.path,
        paragraph,
        excerpt: excerptAt(p, 0, text.length),
      });
    last.set(style, value);
  });
  return out;
}

const ORDER: TNumberStyle[] = [
  'juan',
  'pian',
  'zhang',
  'jie',
  'cn',
  'cnParen',
  'arabic',
  'decimal',
  'arabicParen',
  'circled',
];
const rank = (s: TNumberStyle) => ORDER.indexOf(s);

export function checkWordBudget(node: RuleNode): Problem[] {
  if (node.wordBudget === null || node.chars <= node.wordBudget) return [];
  return [
    {
      rule: 'word-budget',
      severity: 'warning',
      message: `稿件 ${node.chars} 字，超出字数预算 ${node.wordBudget} 字（超 ${Math.round(((node.chars - node.wordBudget) / node.wordBudget) * 100)}%）。`,
      nodeId: node.id,
      nodePath: node.path,
      paragraph: null,
      excerpt: node.title,
    },
  ];
}

/** 表 without a table, 图 without an image. (大事记 dates are checked with the dates.) */
export function checkGenreElements(node: RuleNode): Problem[] {
  if (node.paragraphs.length === 0) return [];
  const base = {
    rule: 'genre-elements',
    severity: 'warning' as const,
    nodeId: node.id,
    nodePath: node.path,
    paragraph: null,
    excerpt: node.title,
  };
  if (node.genre === '表' && !node.hasTable)
    return [{ ...base, message: `“${node.title}”体裁为表，但稿件中没有表格。` }];
  if (node.genre === '图' && !node.hasImage)
    return [{ ...base, message: `“${node.title}”体裁为图，但稿件中没有图片。` }];
  return [];
}
