import type { TTextSpan } from '../../../../shared/workplan-parse.ts';
import type { ItemDraft, UnitSource } from './build-task.ts';
import type { SourceLine } from './classify-lines.ts';

/**
 * Plans laid out as a table (序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限). Extraction writes one table row per line
 * with cells separated by tabs; the header row tells which column holds what.
 */

export interface TableColumns {
  number: number;
  task: number;
  lead: number;
  support: number;
  /** A single 责任单位 column when there is no separate lead column: first listed leads. */
  responsible: number;
  deadline: number;
}

export interface TableCell {
  text: string;
  start: number;
  end: number;
}

export function splitCells(line: SourceLine): TableCell[] {
  const cells: TableCell[] = [];
  let offset = line.start;
  for (const raw of line.text.split('\t')) {
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    cells.push({ text, start: offset + lead, end: offset + lead + text.length });
    offset += raw.length + 1;
  }
  return cells;
}

function findColumn(cells: readonly TableCell[], pattern: RegExp, except = -1): number {
  return cells.findIndex((c, i) => i !== except && pattern.test(c.text));
}

/** Recognises a header row; null when the row is not one. */
export function readTableHeader(line: SourceLine): TableColumns | null {
  const cells = splitCells(line);
  const task = findColumn(cells, /任务|内容|事项|要点|工作措施|具体工作/);
  const lead = findColumn(cells, /牵头/);
  const responsible = lead < 0 ? findColumn(cells, /责任单位|责任部门|责任处室|主责/) : -1;
  if (task < 0 || (lead < 0 && responsible < 0)) return null;
  const support = findColumn(cells, /配合|协办|参与|责任单位|责任部门|责任处室/, lead);
  return {
    number: findColumn(cells, /^(?:序号|编号|序)$/),
    task,
    lead,
    support: support === responsible ? -1 : support,
    responsible,
    deadline: findColumn(cells, /时限|时间|期限|节点/),
  };
}

/** A row holding only a heading such as `一、依法治志工作` in one cell (merged across the table). */
export function readHeadingRow(line: SourceLine): TableCell | null {
  const filled = splitCells(line).filter((c) => c.text.length > 0);
  return filled.length === 1 && /^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)/.test((filled[0] as TableCell).text)
    ? (filled[0] as TableCell)
    : null;
}

function cellAt(cells: readonly TableCell[], index: number): TableCell | undefined {
  return index >= 0 ? cells[index] : undefined;
}

/** One data row → an item; the role is given by the column, so the cell is read with a role word in front. */
export function draftFromRow(line: SourceLine, columns: TableColumns, fallbackNumber: string, groupTitle: string | null): ItemDraft | null {
  const cells = splitCells(line);
  const task = cellAt(cells, columns.task);
  if (!task || task.text.length === 0) return null;
  const numberCell = cellAt(cells, columns.number);
  const number = numberCell?.text.replace(/[.．、]$/, '') || fallbackNumber;
  const unitSources: UnitSource[] = [];
  const withRole = (cell: TableCell | undefined, word: string): void => {
    if (cell && cell.text) unitSources.push({ text: `${word}：${cell.text}`, offset: cell.start - word.length - 1 });
  };
  withRole(cellAt(cells, columns.lead), '牵头单位');
  withRole(cellAt(cells, columns.support), '配合单位');
  withRole(cellAt(cells, columns.responsible), '责任单位');
  const deadlineCell = cellAt(cells, columns.deadline);
  const deadlineSources: TTextSpan[] = deadlineCell && deadlineCell.text ? [{ start: deadlineCell.start, end: deadlineCell.end }] : [];
  return {
    number,
    groupTitle,
    body: { start: task.start, end: task.end },
    blanked: [],
    unitSources,
    deadlineSources,
    span: { start: line.start, end: line.end },
    warnings: [],
  };
}
