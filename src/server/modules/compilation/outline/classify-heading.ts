import type { TGenre, TMatter } from '../../../../shared/compilation.ts';
import { readHeadingNumber, type HeadingNumber } from './numbering.ts';

/**
 * One line of an outline, cleaned and classified: its number (if any), its marker (【条目】, ◎分目), the title without
 * either, and whether it is a named part of the book (凡例, 大事记, 附录 …). Pure.
 */

/** Named parts of a book, by their usual titles: genre, and where they stand when unnumbered. */
const NAMED_PARTS: { re: RegExp; genre: TGenre; matter: TMatter; bookLevel: boolean }[] = [
  { re: /^(序|序言|序一|序二|序三|前言|卷首语|题词|题记)$/, genre: '序', matter: 'front', bookLevel: true },
  { re: /^(凡例|编辑说明|编纂说明|编例|编辑凡例|编写说明)$/, genre: '凡例', matter: 'front', bookLevel: true },
  { re: /^(概述|总述|综述|概况|总序)$/, genre: '概述', matter: 'front', bookLevel: false },
  { re: /^(大事记|大事年表|大事纪要|大事辑要|大事纪年)$/, genre: '大事记', matter: 'front', bookLevel: false },
  { re: /^(图照|彩图|图片|照片|彩页|图录|地图|图照集萃|彩色插页)$/, genre: '图', matter: 'front', bookLevel: true },
  { re: /^(特载|专文|特辑|专载)$/, genre: '专记', matter: 'front', bookLevel: true },
  { re: /^(附录|附编|附表|附件|附记|文献辑存|文件辑存|统计资料)$/, genre: '附录', matter: 'back', bookLevel: false },
  { re: /^(索引|主题索引|人名索引|地名索引|条目索引|表格索引)$/, genre: '索引', matter: 'back', bookLevel: true },
  { re: /^(后记|编后记|跋|编纂始末|修志始末|编纂纪事|编辑后记)$/, genre: '编纂始末', matter: 'back', bookLevel: true },
];

/** Lines that name the document rather than a part of it. */
const NOISE =
  /^(目\s*录|目\s*次|篇\s*目|总\s*目|框\s*架|[（(]?(送审稿|征求意见稿|讨论稿|初稿|修改稿|评审稿|试行|草案)[）)]?|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|[-—－]\s*\d+\s*[-—－]|\d+|[0-9]{4}\s*年\s*[0-9]{1,2}\s*月(\s*[0-9]{1,2}\s*日)?)$/;
const DOCUMENT_TITLE = /(篇目|框架|目录|大纲|提纲|纲目|篇目设计|篇目表|框架结构)(（.*）|\(.*\))?$/;

/** Markers that rank entries without counting them. */
const MARKERS: { marker: 'bullet' | 'bracket'; re: RegExp }[] = [
  { marker: 'bracket', re: /^[【〔［[]([^】〕］\]]{1,60})[】〕］\]]\s*(.*)$/ },
  { marker: 'bullet', re: /^[◎●■□◆◇▲△○•·▪►]\s*(.+)$/ },
];

export interface ClassifiedLine {
  number: HeadingNumber | null;
  marker: 'bullet' | 'bracket' | null;
  /** An unnumbered title ending in 篇/编 (经济篇, 第一编 is numbered). */
  namedPian: boolean;
  title: string;
  genre: TGenre | null;
  namedPart: { genre: TGenre; matter: TMatter; bookLevel: boolean } | null;
}

const LEADER = /(?:[.．·•…‥⋯_\-—－]{2,}|…|\t+|\s{2,}|　+)\s*(?:[0-9０-９]{1,4}|[ivxlcIVXLC]{1,6})\s*$/;

/**
 * Removes what a table of contents adds: dot leaders and page numbers, page ranges, full-width and non-breaking spaces.
 * `trailingNumbers` strips a single-space page number too (decided for the whole document by the caller).
 */
export function cleanLine(raw: string, trailingNumbers: boolean): string {
  let s = raw.replace(/[\u00a0\u2002\u2003\u2009\u200b\ufeff]/g, ' ').replace(/\r/g, '');
  s = s.replace(LEADER, '');
  if (trailingNumbers) s = s.replace(/\s+[0-9０-９]{1,4}(?:\s*[-–—~～]\s*[0-9０-９]{1,4})?\s*$/, '');
  s = s.replace(/[.．·…⋯]{3,}\s*$/, '');
  return s.replace(/　/g, ' ').replace(/\s+/g, ' ').trim();
}

/** True when a line ends in a page number after a single space (a TOC typed by hand). */
export function hasTrailingPageNumber(raw: string): boolean {
  return /\S\s+[0-9０-９]{1,4}\s*$/.test(raw) && !/(年|月|日|第)\s*[0-9０-９]{1,4}\s*$/.test(raw);
}

export function isNoise(text: string): boolean {
  return NOISE.test(text.replace(/\s+/g, ' '));
}

export function looksLikeDocumentTitle(text: string): boolean {
  return /《.+》/.test(text) || DOCUMENT_TITLE.test(text.replace(/\s+/g, ''));
}

/** Body text rather than a heading: a long sentence. */
export function isProse(text: string): boolean {
  return (
    text.length > 200 ||
    (text.length > 40 && /[。；;]/.test(text.slice(0, -1))) ||
    (/[。]$/.test(text) && text.length > 25)
  );
}

/** Genre from the title's own words: 表, 图, 传, 录, 大事记 … */
export function inferGenre(title: string): TGenre | null {
  const t = title.replace(/\s+/g, '');
  const part = NAMED_PARTS.find((p) => p.re.test(t));
  if (part) return part.genre;
  if (/(无题小序|小序|概况|概述|综述|总述)$/.test(t)) return '述';
  if (/大事记$/.test(t)) return '大事记';
  if (/专记$/.test(t)) return '专记';
  if (/(一览表|统计表|情况表|表)$/.test(t)) return '表';
  if (/(示意图|分布图|地图|图)$/.test(t)) return '图';
  if (/(传|传略|人物简介|小传|人物)$/.test(t)) return '传';
  if (/(名录|名单|名表|录)$/.test(t)) return '录';
  return null;
}

export function classifyLine(text: string): ClassifiedLine {
  const read = readHeadingNumber(text);
  let title = read ? read.title : text;
  let marker: ClassifiedLine['marker'] = null;
  if (!read) {
    for (const m of MARKERS) {
      const hit = m.re.exec(text);
      if (!hit) continue;
      marker = m.marker;
      title =
        m.marker === 'bracket'
          ? `${hit[1] as string}${hit[2] ? ` ${hit[2] as string}` : ''}`.trim()
          : (hit[1] as string).trim();
      break;
    }
  }
  title = title.replace(/^[:：、.．\s]+/, '').trim();
  const compact = title.replace(/\s+/g, '');
  const part = !read && !marker ? NAMED_PARTS.find((p) => p.re.test(compact)) : undefined;
  return {
    number: read?.number ?? null,
    marker,
    namedPian:
      !read &&
      !marker &&
      !part &&
      /^[^\s，。]{1,16}[篇编]$/.test(compact) &&
      !/^(上|中|下|前|后|续|本|全)[篇编]$/.test(compact),
    title: /^[\u3400-\u9fff\s]+$/.test(title) ? compact : title,
    genre: inferGenre(title),
    namedPart: part ? { genre: part.genre, matter: part.matter, bookLevel: part.bookLevel } : null,
  };
}
