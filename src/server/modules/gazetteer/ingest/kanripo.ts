/**
 * Kanseki Repository (mandoku org text) → ParsedBook. Pure: file names and texts in, book out.
 *
 * The format, as the real files use it: `#+` header lines (`#+PROPERTY: JUAN 卷三下` may also appear mid-file and starts
 * a new juan), `<pb:KR2k0040_WYG_027-1a>` page sides, `¶` line ends, `(…/…)` two-column interlinear notes that may
 * span lines, `[卄/瀹]` composed-glyph descriptions, and `&KR0005;` glyph codes.
 */
import type { NoteRange, PageAnchor, ParsedBook, ParsedSection } from '../book-model.ts';
import { MISSING_GLYPH, resolveGaiji, type GaijiTable } from './kr-gaiji.ts';
import { parseKanripoReadme, stripBookTitle, type KanripoReadme } from './kanripo-readme.ts';
import { anchorLabel } from '../../../../shared/locator.ts';
import { EDITION_NAMES, type TBibRecord } from '../../../../shared/gazetteer-bib.ts';

export const KANRIPO_LICENCE = 'CC BY-SA 4.0 (Kanseki Repository)';

export interface KanripoFile {
  /** File name such as `KR2k0040_027.txt`; the number after `_` is the juan number. */
  name: string;
  text: string;
}

export interface ParseKanripoOptions {
  /** Parsed glyph table; without it every `&KR…;` becomes 〓 with one warning per code. */
  gaiji?: GaijiTable | null;
  /** Text of the title's `Readme.org`, for the table of contents and edition. */
  readme?: string | null;
}

const DIGITS = '〇一二三四五六七八九';

/** 27 → 二十七, 120 → 一百二十: how juan numbers are written in titles. */
export function formatChineseNumber(value: number): string {
  if (value < 10) return DIGITS[value] ?? String(value);
  if (value < 20) return `十${value % 10 ? DIGITS[value % 10] : ''}`;
  if (value < 100) return `${DIGITS[Math.floor(value / 10)]}十${value % 10 ? DIGITS[value % 10] : ''}`;
  const rest = value % 100;
  const restText =
    rest === 0
      ? ''
      : rest < 10
        ? `〇${DIGITS[rest]}`
        : rest < 20
          ? `一${formatChineseNumber(rest)}`
          : formatChineseNumber(rest);
  return `${formatChineseNumber(Math.floor(value / 100))}百${restText.replace(/^〇/, '零')}`;
}

/** Title of a juan from its `JUAN` property: `卷二十七` stays, `27` becomes `卷二十七`, `0` is the front matter. */
function titleFromJuanProperty(value: string): string {
  const cleaned = value.trim().replace(/^\[(.*)\]$/, '$1');
  if (/^\d+$/.test(cleaned)) {
    const n = Number(cleaned);
    return n === 0 ? '卷首' : `卷${formatChineseNumber(n)}`;
  }
  return cleaned;
}

function juanNumberOf(fileName: string): string {
  return /_(\d+)\.txt$/i.exec(fileName)?.[1] ?? '';
}

interface SectionDraft {
  level: number;
  title: string;
  parts: string[];
  length: number;
  lineCount: number;
  anchors: PageAnchor[];
  notes: NoteRange[];
  /** Where a glyph code with no character stands (〓), for the 缺字 list and the reader. */
  glyphs: { offset: number; code: string }[];
}

/** Mutable state of one pass over a book; kept in one object so the hot loop stays allocation-light. */
interface BookState {
  gaiji: GaijiTable | null;
  readmeTitles: Map<string, string>;
  warnings: string[];
  warnedCodes: Set<string>;
  anchorIds: Set<string>;
  usedJuanTitles: Set<string>;
  sections: SectionDraft[];
  current: SectionDraft | null;
  /** Offset in the current section where the open note began, or -1. */
  noteStart: number;
  /** Whether the current section has received its first page anchor (a Readme entry there names it, not splits it). */
  hasAnchor: boolean;
  /** Whether the current section's title was made up from a number rather than written in the source. */
  derivedTitle: boolean;
}

function openSection(state: BookState, title: string): void {
  const continuingNote = state.noteStart >= 0;
  if (continuingNote) closeNote(state);
  state.current = { level: 1, title, parts: [], length: 0, lineCount: 0, anchors: [], notes: [], glyphs: [] };
  state.sections.push(state.current);
  state.hasAnchor = false;
  state.derivedTitle = false;
  if (continuingNote) state.noteStart = 0;
}

function closeNote(state: BookState): void {
  const section = state.current;
  if (!section || state.noteStart < 0) return;
  if (section.length > state.noteStart) section.notes.push({ start: state.noteStart, end: section.length });
  state.noteStart = -1;
}

function append(section: SectionDraft, piece: string): void {
  if (!piece) return;
  section.parts.push(piece);
  section.length += piece.length;
}

function glyphFor(state: BookState, code: string, fileName: string): string {
  const glyph = resolveGaiji(state.gaiji, code);
  if (glyph) return glyph;
  if (!state.warnedCodes.has(code)) {
    state.warnedCodes.add(code);
    state.warnings.push(
      state.gaiji
        ? `${fileName}：缺字表中没有 &${code}; 的对应字，已以“〓”代替。`
        : `${fileName}：未提供缺字表（charlist.org.txt），&${code}; 已以“〓”代替；请用 gaijiFile 选项或 FANGZHI_KR_GAIJI 环境变量指定缺字表。`,
    );
  }
  return MISSING_GLYPH;
}

const PILCROW = 0xb6;
const AMP = 0x26;
const OPEN = 0x28;
const CLOSE = 0x29;
const SLASH = 0x2f;
const SPACE = 0x20;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Appends one printed line to the current section, removing markup and recording note ranges. */
function appendLine(state: BookState, line: string, fileName: string): void {
  const section = state.current;
  if (!section) return;
  if (section.lineCount > 0) append(section, '\n');
  section.lineCount += 1;
  let runStart = 0;
  let bracketDepth = 0;
  for (let i = 0; i < line.length; i += 1) {
    const c = line.charCodeAt(i);
    if (c === OPEN_BRACKET) bracketDepth += 1;
    else if (c === CLOSE_BRACKET) bracketDepth = Math.max(0, bracketDepth - 1);
    if (c !== PILCROW && c !== AMP && c !== OPEN && c !== CLOSE && c !== SLASH && c !== SPACE) continue;
    // Inside `[騣-凶+(鬯-匕)]` parentheses and slashes describe a glyph's parts; they are not note markup.
    if (bracketDepth > 0 && c !== AMP && c !== PILCROW) continue;
    if (c === SLASH && state.noteStart < 0) continue;
    if (c === SPACE && state.noteStart < 0) continue;
    if (c === AMP) {
      const end = line.indexOf(';', i);
      if (end < 0 || !line.startsWith('&KR', i)) continue;
      append(section, line.slice(runStart, i));
      const code = line.slice(i + 1, end);
      const glyph = glyphFor(state, code, fileName);
      if (glyph === MISSING_GLYPH) section.glyphs.push({ offset: section.length, code });
      append(section, glyph);
      i = end;
      runStart = end + 1;
      continue;
    }
    append(section, line.slice(runStart, i));
    runStart = i + 1;
    if (c === OPEN && state.noteStart < 0) state.noteStart = section.length;
    else if (c === CLOSE) closeNote(state);
    // `/` (column break) and ASCII spaces (column padding) inside a note, `¶` and stray parentheses are dropped.
  }
  append(section, line.slice(runStart));
}

function addAnchor(state: BookState, rawId: string, fileName: string): void {
  const pageId = rawId.slice(rawId.lastIndexOf('_') + 1);
  const readmeTitle = state.readmeTitles.get(pageId);
  // A Readme entry in the middle of a juan (prefaces inside the front matter, 卷三下 …) starts a new section there,
  // unless it repeats a juan already opened by a JUAN property (the repository's Readme lists some parts twice).
  if (readmeTitle && state.hasAnchor && !(readmeTitle.startsWith('卷') && state.usedJuanTitles.has(readmeTitle))) {
    openSection(state, readmeTitle);
    state.usedJuanTitles.add(readmeTitle);
  }
  const section = state.current;
  if (!section) return;
  // A numbered JUAN property (`JUAN 0`) or none at all says less than the Readme entry for the same page.
  if (readmeTitle && !state.hasAnchor && (section.title === '' || state.derivedTitle)) section.title = readmeTitle;
  state.hasAnchor = true;
  let id = pageId;
  for (let n = 2; state.anchorIds.has(id); n += 1) id = `${pageId}~${n}`;
  if (id !== pageId) state.warnings.push(`${fileName}：页码 ${pageId} 重复出现，第二处记为 ${id}。`);
  state.anchorIds.add(id);
  section.anchors.push({ offset: section.length + (section.lineCount > 0 ? 1 : 0), id, label: pageId });
}

interface FileHeader {
  title?: string;
  id?: string;
  baseEdition?: string;
  witness?: string;
}

function readHeader(line: string, header: FileHeader): string | undefined {
  if (line.startsWith('#+TITLE:')) header.title ??= line.slice(8).trim();
  const property = /^#\+PROPERTY:\s*(\S+)\s*(.*?)\s*$/.exec(line);
  if (!property?.[1]) return undefined;
  const value = property[2] ?? '';
  if (property[1] === 'ID') header.id ??= value;
  else if (property[1] === 'BASEEDITION') header.baseEdition ??= value;
  else if (property[1] === 'WITNESS') header.witness ??= value;
  else if (property[1] === 'JUAN') return value;
  return undefined;
}

function parseFile(state: BookState, file: KanripoFile, header: FileHeader): void {
  const juanNumber = juanNumberOf(file.name);
  const fallbackTitle =
    juanNumber === '' ? file.name : Number(juanNumber) === 0 ? '卷首' : `卷${formatChineseNumber(Number(juanNumber))}`;
  state.current = null;
  state.noteStart = -1;
  let pageCount = 0;
  const lines = file.text.split('\n');
  for (let raw of lines) {
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.charCodeAt(0) === 0x23 /* # */) {
      const juan = readHeader(raw, header);
      if (juan !== undefined) {
        const title = titleFromJuanProperty(juan);
        openSection(state, title);
        state.derivedTitle = /^\s*\d+\s*$/.test(juan);
        state.usedJuanTitles.add(title);
      }
      continue;
    }
    if (!state.current) {
      if (raw.trim() === '') continue;
      openSection(state, '');
    }
    if (raw.startsWith('<pb:')) {
      const end = raw.indexOf('>');
      addAnchor(state, raw.slice(4, end), file.name);
      pageCount += 1;
      const rest = raw.slice(end + 1);
      if (rest.replace(/¶/g, '').trim() !== '') appendLine(state, rest, file.name);
      continue;
    }
    appendLine(state, raw, file.name);
  }
  if (state.noteStart >= 0) {
    state.warnings.push(`${file.name}：文末有未闭合的小注“(”，已在文末结束。`);
    closeNote(state);
  }
  for (const section of state.sections) if (section.title === '') section.title = fallbackTitle;
  if (pageCount === 0) state.warnings.push(`${file.name}：没有页码标记（<pb:…>），该卷无法按页引用。`);
}

function finishSection(draft: SectionDraft): ParsedSection {
  let text = draft.parts.join('');
  // Blank pages leave runs of empty lines at the end of a juan; they carry nothing a reader needs.
  text = text.replace(/[\n\u3000 ]+$/, '');
  const anchors = draft.anchors.map((anchor) => ({
    ...anchor,
    offset: Math.min(anchor.offset, text.length),
    label: anchorLabel(draft.title, anchor.id),
  }));
  const notes = draft.notes
    .map((note) => ({ start: note.start, end: Math.min(note.end, text.length) }))
    .filter((note) => note.end > note.start);
  const glyphs = draft.glyphs.filter((g) => g.offset < text.length);
  return { level: draft.level, title: draft.title, text, anchors, notes, ...(glyphs.length > 0 ? { glyphs } : {}) };
}

/** Where each 四庫全書 set is held today, by witness code. */
const SIKU_HOLDINGS: Record<string, string> = {
  WYG: '臺北故宮博物院',
  WJG: '中國國家圖書館',
  WSG: '甘肅省圖書館',
  WLG: '浙江圖書館',
};

/** What the repository's header and table of contents say of the book: 卷数 (numbered juan only), edition kind, series. */
function kanripoBibRecord(witness: string | undefined, sections: readonly ParsedSection[]): TBibRecord {
  const juan = new Set(
    sections.map((s) => /^卷[〇零一二三四五六七八九十百千]+/.exec(s.title)?.[0]).filter((t): t is string => Boolean(t)),
  );
  const siku = witness !== undefined && witness in SIKU_HOLDINGS;
  return {
    juanCount: juan.size > 0 ? juan.size : null,
    contributors: [],
    compiledYear: null,
    printedYear: null,
    editionKind: siku ? '四庫全書本' : null,
    holding: siku ? (SIKU_HOLDINGS[witness] ?? null) : null,
    series: siku ? '四庫全書' : null,
  };
}

/** Parses one title (all its juan files, in any order) into a book. One file alone is a one-juan book. */
export function parseKanripoBook(files: readonly KanripoFile[], options: ParseKanripoOptions = {}): ParsedBook {
  const readme: KanripoReadme = options.readme ? parseKanripoReadme(options.readme) : { editions: [], entries: [] };
  const readmeTitles = new Map<string, string>();
  for (const entry of readme.entries) if (!readmeTitles.has(entry.anchor)) readmeTitles.set(entry.anchor, entry.title);
  const state: BookState = {
    gaiji: options.gaiji ?? null,
    readmeTitles,
    warnings: [],
    warnedCodes: new Set(),
    anchorIds: new Set(),
    usedJuanTitles: new Set(),
    sections: [],
    current: null,
    noteStart: -1,
    hasAnchor: false,
    derivedTitle: false,
  };
  const header: FileHeader = {};
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const drafts: SectionDraft[] = [];
  for (const file of sorted) {
    state.sections = [];
    parseFile(state, file, header);
    for (const section of state.sections) drafts.push(section);
  }
  const title = readme.title ?? header.title ?? sorted[0]?.name ?? '';
  const sections = drafts.map((draft) => {
    draft.title = stripBookTitle(draft.title, title);
    return finishSection(draft);
  });
  const sourceId = header.id ?? /^(KR\w+?)_\d+\.txt$/i.exec(sorted[0]?.name ?? '')?.[1] ?? title;
  const witness = header.baseEdition ?? readme.witness ?? header.witness;
  const edition =
    (witness ? EDITION_NAMES[witness] : undefined) ??
    readme.editions[0] ??
    [header.baseEdition, header.witness].filter(Boolean).join(' / ');
  const bib = kanripoBibRecord(witness, sections);
  return {
    metadata: { sourceId, title, licence: KANRIPO_LICENCE, bib, ...(edition ? { edition } : {}) },
    sections,
    warnings: state.warnings,
  };
}
