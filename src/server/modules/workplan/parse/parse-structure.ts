import type { TTextSpan } from '../../../../shared/workplan-parse.ts';
import type { ItemDraft } from './build-task.ts';
import type { LineKind, SourceLine } from './classify-lines.ts';
import { draftFromRow, groupOfRow, readHeadingRow, readTableHeader, type TableColumns } from './parse-table.ts';

/**
 * Walks the plan's body lines into sections and item drafts. Which marks are sections and which are items is decided
 * per document: `一、` sections with `1.` items (and `（一）` as an in-between group level), or `（一）` items when a
 * document has no arabic numbering. A section without numbered items is read from its inline `一是…二是…`.
 */

export interface SectionDraft {
  ordinal: number;
  title: string;
  isGeneral: boolean;
  items: ItemDraft[];
  /** Lines of the section that belong to no item. */
  looseLines: SourceLine[];
  span: TTextSpan;
}

export interface StructureResult {
  sections: SectionDraft[];
  preambleLines: SourceLine[];
}

/** Headings of general requirements: kept as the plan's description, never turned into tasks. */
const GENERAL_TITLE =
  /^(?:总体要求|总的要求|指导思想|总体思路|工作思路|基本原则|工作原则|工作目标|主要目标|总体目标|目标任务|保障措施|工作要求|有关要求|组织保障)/;

interface Levels {
  section: LineKind | null;
  item: LineKind | null;
  group: LineKind | null;
}

function chooseLevels(lines: readonly SourceLine[]): Levels {
  const has = (kind: LineKind): boolean => lines.some((l) => l.kind === kind);
  const section = has('h1') ? 'h1' : has('h2') && has('num') ? 'h2' : null;
  let item: LineKind | null = null;
  if (has('num')) item = 'num';
  else if (section === 'h1' && has('h2')) item = 'h2';
  else if (section === null && has('h2')) item = 'h2';
  else if (has('paren')) item = 'paren';
  const group = section === 'h1' && item === 'num' && has('h2') ? 'h2' : null;
  // `一、…（办公室负责）` with nothing below: the 一、 lines are the items themselves, not sections.
  if (section === 'h1' && item === null && !has('circled')) {
    const h1 = lines.filter((l) => l.kind === 'h1');
    const withUnits = h1.filter(
      (l) =>
        /（[^（）]*(?:牵头|负责|配合|单位|办|室|处|局|委)[^（）]*）[。；]?$/.test(l.text) ||
        lines[lines.indexOf(l) + 1]?.kind === 'unit',
    );
    if (withUnits.length >= Math.max(2, h1.length * 0.6)) return { section: null, item: 'h1', group: null };
  }
  return { section, item, group };
}

function headingTitle(line: SourceLine, sourceText: string): { title: string; restStart: number } {
  const body = sourceText.slice(line.bodyStart, line.end);
  const stop = body.search(/[。：:]/);
  if (stop < 0) return { title: body.trim(), restStart: line.end };
  return { title: body.slice(0, stop).trim(), restStart: line.bodyStart + stop + 1 };
}

function newDraft(line: SourceLine, number: string, groupTitle: string | null): ItemDraft {
  return {
    number,
    groupTitle,
    body: { start: line.bodyStart, end: line.end },
    blanked: [],
    unitSources: [],
    deadlineSources: [],
    span: { start: line.start, end: line.end },
    warnings: [],
  };
}

function extendDraft(draft: ItemDraft, line: SourceLine): void {
  draft.body.end = line.end;
  draft.span.end = line.end;
  if (line.kind === 'unit') {
    draft.blanked.push({ start: line.start, end: line.end });
    draft.unitSources.push({ text: line.text, offset: line.start });
    draft.deadlineSources.push({ start: line.start, end: line.end });
  }
}

export function parseStructure(lines: readonly SourceLine[], sourceText: string): StructureResult {
  const levels = chooseLevels(lines);
  const sections: SectionDraft[] = [];
  const preambleLines: SourceLine[] = [];
  let section: SectionDraft | null = null;
  let item: ItemDraft | null = null;
  let groupTitle: string | null = null;
  let table: TableColumns | null = null;
  let rowCount = 0;
  let currentGroup = '';
  const usedNumbers = new Set<string>();

  const openSection = (ordinal: number, title: string, span: TTextSpan): SectionDraft => {
    const created: SectionDraft = {
      ordinal,
      title,
      isGeneral: GENERAL_TITLE.test(title),
      items: [],
      looseLines: [],
      span: { start: span.start, end: span.end },
    };
    sections.push(created);
    groupTitle = null;
    return created;
  };
  const ensureSection = (line: SourceLine): SectionDraft =>
    section ?? (section = openSection(sections.length + 1, '', line));

  for (const line of lines) {
    if (section) section.span.end = line.end;
    if (line.kind === 'row') {
      const header = readTableHeader(line);
      const heading = header ? null : readHeadingRow(line);
      item = null;
      if (header) {
        table = header;
        currentGroup = '';
      } else if (heading) {
        section = openSection(
          sections.length + 1,
          heading.text.replace(
            /^[一二三四五六七八九十]{1,3}、|^（[一二三四五六七八九十]{1,3}）|^第[一二三四五六七八九十]{1,3}部分[、，：:]?/,
            '',
          ),
          line,
        );
      } else if (table) {
        const group = table.group >= 0 ? groupOfRow(line, table) : '';
        if (group && group !== currentGroup) {
          currentGroup = group;
          section = openSection(sections.length + 1, group, line);
        }
        const draft = draftFromRow(line, table, String(rowCount + 1), groupTitle);
        if (draft) {
          rowCount++;
          if (usedNumbers.has(draft.number)) draft.number = String(rowCount);
          if (usedNumbers.has(draft.number)) draft.number = `${sections.length}.${rowCount}`;
          usedNumbers.add(draft.number);
          ensureSection(line).items.push(draft);
        }
      } else (section ? section.looseLines : preambleLines).push(line);
      continue;
    }
    if (levels.section && line.kind === levels.section) {
      item = null;
      const { title, restStart } = headingTitle(line, sourceText);
      section = openSection(line.ordinal, title, line);
      if (restStart < line.end)
        section.looseLines.push({
          ...line,
          kind: 'text',
          start: restStart,
          bodyStart: restStart,
          text: sourceText.slice(restStart, line.end),
        });
      continue;
    }
    if (levels.group && line.kind === levels.group) {
      item = null;
      ensureSection(line);
      groupTitle = headingTitle(line, sourceText).title;
      continue;
    }
    if (levels.item && line.kind === levels.item) {
      item = newDraft(line, String(line.ordinal), groupTitle);
      ensureSection(line).items.push(item);
      continue;
    }
    if (item) extendDraft(item, line);
    else if (section) section.looseLines.push(line);
    else preambleLines.push(line);
  }
  // Unnumbered items: paragraphs, each followed by its unit line. The paragraphs before the first such item stay preamble.
  if (sections.length === 0 && table === null) {
    const firstUnit = preambleLines.findIndex((l) => l.kind === 'unit');
    if (firstUnit > 0) {
      const body = preambleLines.splice(firstUnit - 1);
      const first = body[0] as SourceLine;
      const created = openSection(1, '', first);
      created.looseLines.push(...body);
      created.span.end = (body[body.length - 1] as SourceLine).end;
    }
  }
  return { sections, preambleLines };
}
