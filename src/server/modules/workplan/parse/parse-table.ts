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
  /** A column that groups rows (类别, or 工作任务 when 具体措施 holds each row's task): a section of the plan. */
  group: number;
  /** 责任领导 / 分管领导: people, kept apart from units. */
  leader: number;
  /** 目标 / 指标 / 工作目标: read for targets alongside the task. */
  target: number;
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

function findColumn(cells: readonly TableCell[], pattern: RegExp, except: readonly number[] = []): number {
  return cells.findIndex((c, i) => !except.includes(i) && c.text.length <= 12 && pattern.test(c.text));
}

const GROUP_HEADER =
  /^(?:类别|分类|类型|领域|板块|重点领域|工作类别|工作领域|任务类别|项目类别|工作板块|所属领域|方面)$/;
const TASK_HEADER = /任务|内容|事项|要点|工作措施|具体工作|重点工作|工作项目|^项目$|主要工作/;
const MEASURE_HEADER = /具体措施|工作措施|主要措施|具体任务|具体内容|任务措施|措施/;

/** Recognises a header row; null when the row is not one. */
export function readTableHeader(line: SourceLine): TableColumns | null {
  const cells = splitCells(line);
  // 牵头领导 / 责任领导 name people: never the lead-unit column.
  const leader = findColumn(cells, /领导|负责人/);
  const lead = findColumn(cells, /牵头|主办|主责/, [leader]);
  const responsible = lead < 0 ? findColumn(cells, /责任单位|责任部门|责任处室|责任科室|承办/, [leader]) : -1;
  const taskLike = findColumn(cells, TASK_HEADER, [lead, responsible, leader]);
  const measure = findColumn(cells, MEASURE_HEADER, [lead, responsible, leader]);
  const explicitGroup = findColumn(cells, GROUP_HEADER);
  // 工作任务 + 具体措施: the measure is the row's task, the 工作任务 groups rows into sections.
  const task = measure >= 0 ? measure : taskLike;
  const group =
    explicitGroup >= 0 ? explicitGroup : measure >= 0 && taskLike >= 0 && taskLike !== measure ? taskLike : -1;
  if (task < 0 || (lead < 0 && responsible < 0)) return null;
  const used = [lead, responsible, leader, task, group];
  const support = findColumn(cells, /配合|协办|参与|协同|责任单位|责任部门|责任处室|责任科室/, used);
  return {
    number: findColumn(cells, /^(?:序号|编号|序|项次)$/),
    task,
    lead,
    support: support === responsible ? -1 : support,
    responsible,
    deadline: findColumn(cells, /时限|时间|期限|节点|进度/, used),
    group,
    leader,
    target: findColumn(cells, /目标|指标|成果/, [...used, support]),
  };
}

/** A row holding only a heading such as `一、依法治志工作` in one cell (merged across the table). */
export function readHeadingRow(line: SourceLine): TableCell | null {
  const filled = splitCells(line).filter((c) => c.text.length > 0);
  const distinct = new Set(filled.map((c) => c.text));
  // A merged heading may come back once or repeated in every cell it spans.
  return distinct.size === 1 &&
    /^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|第[一二三四五六七八九十]{1,3}部分)/.test(
      (filled[0] as TableCell).text,
    )
    ? (filled[0] as TableCell)
    : null;
}

function cellAt(cells: readonly TableCell[], index: number): TableCell | undefined {
  return index >= 0 ? cells[index] : undefined;
}

/** Role words a cell may carry itself: `办公室牵头，资料处配合`. Such a cell is read as written. */
const STATES_ROLES = /牵头|负责|配合|协助|参与|协办|▲|★/;

/** One data row → an item; the role is given by the column, so the cell is read with a role word in front. */
export function draftFromRow(
  line: SourceLine,
  columns: TableColumns,
  fallbackNumber: string,
  groupTitle: string | null,
): ItemDraft | null {
  const cells = splitCells(line);
  const task = cellAt(cells, columns.task);
  if (!task || task.text.length === 0) return null;
  const numberCell = cellAt(cells, columns.number);
  const written = numberCell?.text.replace(/[.．、]$/, '') ?? '';
  const number = /^\d{1,4}$/.test(written) ? written : fallbackNumber;
  const unitSources: UnitSource[] = [];
  const withRole = (cell: TableCell | undefined, word: string): void => {
    if (!cell || !cell.text) return;
    if (word !== '责任领导' && STATES_ROLES.test(cell.text) && !/^[▲★]/.test(cell.text))
      unitSources.push({ text: cell.text, offset: cell.start });
    else unitSources.push({ text: `${word}：${cell.text}`, offset: cell.start - word.length - 1 });
  };
  withRole(cellAt(cells, columns.lead), '牵头单位');
  withRole(cellAt(cells, columns.support), '配合单位');
  withRole(cellAt(cells, columns.responsible), '责任单位');
  withRole(cellAt(cells, columns.leader), '责任领导');
  const deadlineCell = cellAt(cells, columns.deadline);
  const deadlineSources: TTextSpan[] =
    deadlineCell && deadlineCell.text ? [{ start: deadlineCell.start, end: deadlineCell.end }] : [];
  const targetCell = cellAt(cells, columns.target);
  return {
    number,
    groupTitle,
    body: { start: task.start, end: task.end },
    blanked: [],
    unitSources,
    deadlineSources,
    ...(targetCell && targetCell.text ? { targetSources: [{ start: targetCell.start, end: targetCell.end }] } : {}),
    span: { start: line.start, end: line.end },
    warnings: [],
  };
}

/** The grouping cell of a row (empty when the row continues the group above). */
export function groupOfRow(line: SourceLine, columns: TableColumns): string {
  return (
    cellAt(splitCells(line), columns.group)
      ?.text.replace(/^[一二三四五六七八九十]{1,3}[、.．]|^（[一二三四五六七八九十]{1,3}）|^\d{1,2}[.．、]/, '')
      .trim() ?? ''
  );
}
