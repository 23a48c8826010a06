import type { TTextSpan, TUnitMention } from '../../../../shared/workplan-parse.ts';
import { findTopLevelGroups, splitTopLevel, stripInnerBrackets, type TextPiece } from './bracket-scan.ts';
import { DEADLINE_CLAUSE } from './detect-deadline.ts';

/**
 * Finds who is responsible for a task in every form the documents use: `（研究室牵头，其他处室、单位配合）`, a plain list
 * `（办公室、资料处、方志馆）` (first listed leads), `（X负责）`, `（X、Y分别负责）` (all lead), `▲` marking the lead,
 * nested brackets, and `牵头单位：X` / `责任单位：Y、Z` lines. Parentheses that are not units are left alone.
 */

export interface UnitAssignment {
  lead: string[];
  support: string[];
  mentions: TUnitMention[];
  /** People named as 责任领导 / 分管领导: kept apart, never units. */
  leaders?: string[];
}

export interface UnitGroupMatch extends UnitAssignment {
  span: TTextSpan;
  raw: string;
}

const UNIT_ENDING =
  /(?:处|室|馆|委|办|局|厅|部|中心|院|所|组|社|队|站|会|团|政府|单位|机关|机构|公司|集团|科|股|街道|党委|纪委|支部|部门|处室|小组|专班|办公室|县|区|市|州|盟|旗|镇|乡|村|校|台|报社|协会|学会|联|署|行|办事处|人民法院|人民检察院)$/;
const COLLECTIVE_TAIL = /^(?:单位|部门|处室|机构|直属单位|事业单位|直属事业单位|各单位)$/;
const COLLECTIVE_HEAD = /^(?:其他|其它|各|相关|有关|委内|全委|所属)/;

const ROLE_SUFFIX =
  /^(?:由)?(.+?)(牵头负责|牵头落实|牵头抓总|牵头实施|牵头|分别负责落实|分别负责|分别牵头|分别落实|共同负责|负责落实|具体负责|负责实施|负责|配合落实|协助落实|配合|协助|参与|协办|落实)(?:完成|实施)?$/;
const ROLE_PREFIX =
  /^(牵头单位|牵头部门|牵头处室|牵头科室|牵头股室|牵头|主责单位|主责部门|主办单位|主办|承办单位|责任单位|责任部门|责任处室|责任科室|责任股室|配合单位|配合部门|配合处室|配合科室|配合|协办单位|协办|参与单位|参与部门|参与|协助单位|协助|协同单位|协同|主责|责任)[：:]\s*(.*)$/;
const LEAD_WORDS = new Set([
  '牵头单位',
  '牵头部门',
  '牵头处室',
  '牵头科室',
  '牵头股室',
  '牵头',
  '主责单位',
  '主责部门',
  '主责',
  '主办单位',
  '主办',
  '承办单位',
]);
const SUPPORT_WORDS = new Set([
  '配合单位',
  '配合部门',
  '配合处室',
  '配合科室',
  '配合',
  '协办单位',
  '协办',
  '参与单位',
  '参与部门',
  '参与',
  '协助单位',
  '协助',
  '协同单位',
  '协同',
]);

const LEADER_CLAUSE = /^(?:牵头|责任|分管|主管|包保|联系|带班)?(?:领导|负责人|联系人|委领导)[：:]\s*/;
const NOT_A_NAME = /[0-9《》。；！？“”%]|以下简称|简称|详见|见附件/;

function isNameLike(name: string, knownUnits: ReadonlySet<string>): boolean {
  const bare = name.replace(/^[▲★]+/, '').replace(/[▲★]+$/, '');
  if (knownUnits.has(bare)) return true;
  if (bare.length < 2 || bare.length > 30 || NOT_A_NAME.test(bare)) return false;
  return UNIT_ENDING.test(stripInnerBrackets(bare));
}

function isPlausibleName(name: string): boolean {
  return name.length >= 2 && name.length <= 30 && !NOT_A_NAME.test(name) && !/^(?:由|请|按|在|对)/.test(name);
}

/** `其他处室、单位` is one collective name, not two: glue a bare generic word onto the `其他…/各…` name before it. */
function mergeCollectiveTails(pieces: TextPiece[]): TextPiece[] {
  const merged: TextPiece[] = [];
  for (const piece of pieces) {
    const prev = merged[merged.length - 1];
    if (prev && COLLECTIVE_TAIL.test(piece.text) && COLLECTIVE_HEAD.test(prev.text)) {
      merged[merged.length - 1] = { text: `${prev.text}、${piece.text}`, start: prev.start };
    } else merged.push(piece);
  }
  return merged;
}

/** Words that qualify a role rather than name a unit: `市文旅局按职责分工负责`. */
const ROLE_FILLER = /(?:按照?职责分工|根据职责|按职责|共同|分别|具体|等)$/;

function splitNames(text: string, offset: number): TextPiece[] {
  const pieces = splitTopLevel(text, '、，,')
    .map((p) => ({ text: p.text.replace(ROLE_FILLER, ''), start: p.start + offset }))
    .filter((p) => p.text.length > 0);
  return mergeCollectiveTails(pieces);
}

function addNames(target: UnitAssignment, pieces: readonly TextPiece[], role: 'lead' | 'support'): void {
  for (const piece of pieces) {
    const name = piece.text.replace(/[▲★]/g, '').trim();
    if (!name) continue;
    const list = role === 'lead' ? target.lead : target.support;
    if (!list.includes(name)) list.push(name);
    target.mentions.push({ name, role, span: { start: piece.start, end: piece.start + piece.text.length } });
  }
}

/** A plain list: `▲` marks the lead when present; otherwise, by convention, the first listed unit leads. */
function assignPlainList(target: UnitAssignment, pieces: readonly TextPiece[]): void {
  const marked = pieces.filter((p) => /[▲★]/.test(p.text));
  const leads = marked.length > 0 ? marked : pieces.slice(0, 1);
  addNames(target, leads, 'lead');
  addNames(
    target,
    pieces.filter((p) => !leads.includes(p)),
    'support',
  );
}

function roleOfSuffix(keyword: string): 'lead' | 'support' {
  return /^(?:配合|协助|参与|协办)/.test(keyword) ? 'support' : 'lead';
}

/**
 * Reads the inside of one parenthesis (or a unit line). Returns null when it is not a statement of units, so that
 * `（2021—2025年）`, `（征）`, `（市、区）` stay part of the task text.
 */
export function parseUnitClauses(
  inner: string,
  offset: number,
  knownUnits: ReadonlySet<string>,
  allowPlainList: boolean,
  /** A lead named earlier (a `牵头单位：` line before this `责任单位：` line) turns a 责任单位 list into support. */
  leadKnown = false,
  /** Names must look like units (a trailing sentence of the task text, where anything could precede `负责`). */
  strictNames = false,
): UnitAssignment | null {
  // `市志办（牵头）、市档案馆（配合）`: the role written after a name marks it (same length, so offsets hold).
  inner = inner
    // `【牵头单位】县志办` (a label in brackets) reads as `牵头单位：县志办`.
    .replace(/^[【[]([^】\]]{2,6})[】\]]/, (_m, label: string) => ` ${label}：`)
    .replace(/[（(](?:牵头|主责|牵头单位|主办)[）)]/g, (m) => '▲'.repeat(m.length))
    .replace(/[（(](?:配合|参与|协办|配合单位)[）)]/g, (m) => ' '.repeat(m.length));
  const result: UnitAssignment = { lead: [], support: [], mentions: [], leaders: [] };
  // Deadlines and named leaders (牵头领导：…) may share the parenthesis; they are not units.
  const all = splitTopLevel(inner, '，；,;。');
  for (const clause of all) {
    const leader = LEADER_CLAUSE.exec(clause.text);
    if (leader) result.leaders!.push(...splitTopLevel(clause.text.slice(leader[0].length), '、').map((p) => p.text));
  }
  const clauses = all.filter((c) => !DEADLINE_CLAUSE.test(c.text) && !LEADER_CLAUSE.test(c.text));
  if (clauses.length === 0) return result.leaders!.length > 0 ? result : null;
  const hasKeyword = clauses.some((c) => ROLE_SUFFIX.test(c.text) || ROLE_PREFIX.test(c.text));
  if (!hasKeyword) {
    const names = clauses
      .flatMap((c) => splitNames(c.text, offset + c.start))
      .filter((p) => !DEADLINE_CLAUSE.test(p.text));
    if (!allowPlainList || names.length === 0 || !names.every((p) => isNameLike(p.text, knownUnits))) return null;
    assignPlainList(result, names);
    return result;
  }
  let sawLeadWord = leadKnown;
  for (const clause of clauses) {
    const prefix = ROLE_PREFIX.exec(clause.text);
    const suffix = prefix ? null : ROLE_SUFFIX.exec(clause.text);
    let names: TextPiece[];
    let role: 'lead' | 'support' | 'list';
    if (prefix) {
      const word = prefix[1] as string;
      const body = prefix[2] as string;
      // `责任单位：办公室牵头，资料处配合` — the cell states the roles itself.
      const inside = body
        ? parseUnitClauses(
            body,
            offset + clause.start + clause.text.length - body.length,
            knownUnits,
            false,
            false,
            strictNames,
          )
        : null;
      if (inside && inside.lead.length + inside.support.length > 0 && /牵头|负责|配合|协助|参与/.test(body)) {
        for (const m of inside.mentions) {
          const list = m.role === 'lead' ? result.lead : result.support;
          if (!list.includes(m.name)) list.push(m.name);
          result.mentions.push(m);
        }
        continue;
      }
      names = splitNames(body, offset + clause.start + clause.text.length - body.length);
      role = LEAD_WORDS.has(word) ? 'lead' : SUPPORT_WORDS.has(word) ? 'support' : 'list';
    } else if (suffix) {
      names = splitNames(suffix[1] as string, offset + clause.start + clause.text.indexOf(suffix[1] as string));
      role = roleOfSuffix(suffix[2] as string);
      // `X牵头，Y按职责分工负责`: after a lead, 负责 names those who carry their part.
      if (role === 'lead' && sawLeadWord && !/^牵头|分别/.test(suffix[2] as string)) role = 'support';
      if (/^牵头/.test(suffix[2] as string)) sawLeadWord = true;
    } else {
      if (strictNames) return null;
      names = splitNames(clause.text, offset + clause.start);
      role = 'support';
    }
    if (names.length === 0) continue;
    // With a role word the names may be anything name-shaped; without one they must look like units.
    const hasRoleWord = prefix !== null || suffix !== null;
    const acceptable = (p: TextPiece): boolean =>
      isNameLike(p.text, knownUnits) ||
      COLLECTIVE_HEAD.test(p.text) ||
      (hasRoleWord && !strictNames && isPlausibleName(p.text));
    if (!names.every(acceptable)) return null;
    // 责任单位 alone follows the list convention; after a 牵头单位 line it names the supporting units.
    // ▲ marks a lead wherever it stands, a 配合单位 list included: the document says so itself.
    const marked = names.filter((p) => /[▲★]/.test(p.text));
    if (role === 'support' && marked.length > 0) {
      addNames(result, marked, 'lead');
      addNames(
        result,
        names.filter((p) => !marked.includes(p)),
        'support',
      );
    } else if (role === 'list') {
      if ((leadKnown || result.lead.length > 0) && marked.length === 0) addNames(result, names, 'support');
      else if (leadKnown || result.lead.length > 0) {
        addNames(result, marked, 'lead');
        addNames(
          result,
          names.filter((p) => !marked.includes(p)),
          'support',
        );
      } else assignPlainList(result, names);
    } else addNames(result, names, role);
    if (role === 'lead' && prefix) sawLeadWord = true;
  }
  return result.lead.length + result.support.length + result.leaders!.length > 0 ? result : null;
}

/** `……工作。县志办牵头，各乡镇配合。` — units stated as the item's last sentence, without brackets. */
export function findTrailingUnitSentence(text: string, knownUnits: ReadonlySet<string>): UnitGroupMatch | null {
  const trimmedEnd = text.replace(/[\s。；;]+$/, '').length;
  const body = text.slice(0, trimmedEnd);
  const cut = Math.max(body.lastIndexOf('。'), body.lastIndexOf('；'), body.lastIndexOf('\n'));
  const start = cut + 1;
  const sentence = body.slice(start);
  if (sentence.trim().length === 0 || sentence.length > 80) return null;
  const parsed = parseUnitClauses(sentence, start, knownUnits, false, false, true);
  if (!parsed || parsed.lead.length + parsed.support.length === 0) return null;
  // A sentence that is the whole task is no unit statement: `各乡镇负责` alone cannot be a task.
  if (start === 0 && body.length === sentence.length) return null;
  return { ...parsed, span: { start, end: text.length }, raw: sentence };
}

/**
 * Unit parentheses inside one task's text. Keyword forms may sit anywhere; a plain list only counts at the very end
 * of the text (or of a clause), where documents put it — `资料室（方志馆）` mid-sentence is not a unit statement.
 */
export function findUnitGroups(text: string, knownUnits: ReadonlySet<string>): UnitGroupMatch[] {
  const matches: UnitGroupMatch[] = [];
  for (const group of findTopLevelGroups(text)) {
    const after = text.slice(group.end);
    const atEnd = /^[\s。；;，,]*$/.test(after) || /^[。；;]?\s*\n/.test(after);
    const parsed = parseUnitClauses(group.inner, group.start + 1, knownUnits, atEnd);
    if (parsed)
      matches.push({
        ...parsed,
        span: { start: group.start, end: group.end },
        raw: text.slice(group.start, group.end),
      });
  }
  return matches;
}

/** A line that only names units: `牵头单位：办公室`, `责任单位：资料处、方志馆`, `责任领导：王某`. */
export function isUnitLine(line: string): boolean {
  const text = line.trim().replace(/^[【[]([^】\]]{2,6})[】\]]/, '$1：');
  return ROLE_PREFIX.test(text) || LEADER_CLAUSE.test(text);
}

/** `完成时限：6月底前` on its own line after an item. */
export const DEADLINE_LINE = /^(?:完成时限|完成时间|时间节点|时间要求|完成期限|时限|办结时限)[：:]/;

export function mergeAssignments(parts: readonly UnitAssignment[]): UnitAssignment {
  const merged: UnitAssignment = { lead: [], support: [], mentions: [], leaders: [] };
  for (const part of parts) {
    for (const name of part.leaders ?? []) if (!merged.leaders!.includes(name)) merged.leaders!.push(name);
    for (const name of part.lead) if (!merged.lead.includes(name)) merged.lead.push(name);
    for (const name of part.support)
      if (!merged.support.includes(name) && !merged.lead.includes(name)) merged.support.push(name);
    merged.mentions.push(...part.mentions);
  }
  return merged;
}
