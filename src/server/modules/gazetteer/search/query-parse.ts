/**
 * The search query language → AST.
 *
 *   吉林 長白山          both terms (AND is implicit; the keyword AND is accepted too)
 *   吉林 OR 奉天         either term
 *   吉林 -寧古塔         NOT: `-term` or `NOT term`
 *   "長白 山"            a quoted phrase (spaces inside are layout and ignored, as in the text); quotes also make
 *                        OR/AND/NOT/NEAR and parentheses literal
 *   長白山 NEAR/10 寧古塔  two terms at most 10 characters apart (NEAR alone = 10; NEAR/ without a number is refused)
 *   (吉林 OR 奉天) 山     grouping
 *
 * Hits (occurrences) of a query, per matching section: the occurrences of every positive term, where a term under OR
 * counts only when it occurs, a term under NOT never counts, and a NEAR pair counts only the occurrences that have a
 * partner within the distance. The same definition is implemented independently by the test oracle `src/server/test/gazetteer/brute-force.ts`.
 */
import { AppError } from '../../../../shared/errors.ts';
import type { Folder } from './fold.ts';
import { stripLayout } from './search-text.ts';

export type QueryNode =
  | { kind: 'term'; text: string }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  | { kind: 'near'; left: TermNode; right: TermNode; distance: number };

export type TermNode = Extract<QueryNode, { kind: 'term' }>;

export const DEFAULT_NEAR_DISTANCE = 10;
const MAX_NEAR_DISTANCE = 10_000;

type Lexeme =
  | { kind: 'word'; text: string }
  | { kind: 'phrase'; text: string }
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'or' }
  | { kind: 'and' }
  | { kind: 'not' }
  | { kind: 'near'; distance: number };

function bad(message: string): AppError {
  return new AppError('BAD_REQUEST', message);
}

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

function lex(query: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] as string;
    if (isSpace(ch)) {
      i++;
    } else if (ch === '"') {
      const end = query.indexOf('"', i + 1);
      if (end < 0) throw bad('检索式中的引号没有配对，请补全右引号（"）后重试。');
      out.push({ kind: 'phrase', text: query.slice(i + 1, end) });
      i = end + 1;
    } else if (ch === '(' || ch === ')') {
      out.push({ kind: ch === '(' ? 'open' : 'close' });
      i++;
    } else if (ch === '-' && i + 1 < query.length && !isSpace(query[i + 1] as string)) {
      out.push({ kind: 'not' });
      i++;
    } else {
      let end = i;
      while (end < query.length && !isSpace(query[end] as string) && !'"()'.includes(query[end] as string)) end++;
      const word = query.slice(i, end);
      i = end;
      // `NEAR/` is always the operator: what follows the slash must be the distance (quotes make it text).
      const near = /^NEAR(?:\/(.*))?$/.exec(word);
      if (word === 'OR') out.push({ kind: 'or' });
      else if (word === 'AND') out.push({ kind: 'and' });
      else if (word === 'NOT') out.push({ kind: 'not' });
      else if (near) out.push({ kind: 'near', distance: nearDistance(word, near[1]) });
      else out.push({ kind: 'word', text: word });
    }
  }
  return out;
}

/** The distance of `NEAR` (`given` undefined) or `NEAR/given`, or a Chinese explanation of why it is none. */
function nearDistance(word: string, given: string | undefined): number {
  if (given === undefined) return DEFAULT_NEAR_DISTANCE;
  if (!/^\d+$/.test(given)) {
    const shown = word.length > 20 ? `${word.slice(0, 20)}…` : word;
    throw bad(`“${shown}”中 NEAR/ 后应为相距的字数，例如：長白山 NEAR/10 寧古塔；要查找这几个字本身，请加引号。`);
  }
  const distance = Number(given);
  if (distance > MAX_NEAR_DISTANCE) throw bad(`NEAR 的距离不能超过 ${MAX_NEAR_DISTANCE} 个字，请改小后重试。`);
  return distance;
}

class Parser {
  private pos = 0;
  constructor(private readonly lexemes: Lexeme[]) {}

  private peek(): Lexeme | undefined {
    return this.lexemes[this.pos];
  }

  parseAll(): QueryNode {
    if (this.lexemes.length === 0) throw bad('检索式为空，请输入要查找的字词。');
    const node = this.parseOr();
    if (this.pos < this.lexemes.length) throw bad('检索式中的右括号多余，请检查括号是否配对。');
    return node;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek()?.kind === 'or') {
      this.pos++;
      children.push(this.parseAnd());
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'or', children };
  }

  private parseAnd(): QueryNode {
    const children: QueryNode[] = [];
    for (;;) {
      const next = this.peek();
      if (next?.kind === 'and') {
        this.pos++;
        continue;
      }
      if (!next || next.kind === 'or' || next.kind === 'close') break;
      children.push(this.parseUnary());
    }
    if (children.length === 0) throw bad('OR、AND 或括号的两侧缺少检索词，请补全后重试。');
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'and', children };
  }

  private parseUnary(): QueryNode {
    if (this.peek()?.kind === 'not') {
      this.pos++;
      if (!this.peek() || ['or', 'and', 'close', 'near'].includes((this.peek() as Lexeme).kind)) {
        throw bad('NOT（或“-”）后面缺少要排除的检索词。');
      }
      return { kind: 'not', child: this.parseUnary() };
    }
    const left = this.parsePrimary();
    const near = this.peek();
    if (near?.kind !== 'near') return left;
    this.pos++;
    const right = this.parsePrimary();
    if (left.kind !== 'term' || right.kind !== 'term' || this.peek()?.kind === 'near') {
      throw bad('NEAR 只能连接两个检索词，例如：長白山 NEAR/10 寧古塔。');
    }
    return { kind: 'near', left, right, distance: near.distance };
  }

  private parsePrimary(): QueryNode {
    const lexeme = this.peek();
    if (!lexeme) throw bad('检索式不完整，末尾缺少检索词。');
    this.pos++;
    if (lexeme.kind === 'word' || lexeme.kind === 'phrase') return { kind: 'term', text: lexeme.text };
    if (lexeme.kind === 'open') {
      const inner = this.parseOr();
      if (this.peek()?.kind !== 'close') throw bad('检索式中的括号没有配对，请补全右括号后重试。');
      this.pos++;
      return inner;
    }
    if (lexeme.kind === 'near') throw bad('NEAR 前面缺少检索词，例如：長白山 NEAR/10 寧古塔。');
    throw bad('检索式的写法有误，请检查 OR、NOT、括号的位置。');
  }
}

/** Parses a query. Throws `AppError('BAD_REQUEST')` with a Chinese explanation on a malformed query. */
export function parseQuery(query: string): QueryNode {
  return new Parser(lex(query)).parseAll();
}

/**
 * Puts every term into search-text form: layout removed, folded when `folder` is given. Throws when a term is empty
 * after that (`""`) or when nothing in the query is positive (a query of exclusions only finds nothing to show).
 */
export function normalizeQuery(node: QueryNode, folder: Folder | null): QueryNode {
  const normalized = normalizeNode(node, folder);
  if (!hasPositiveTerm(normalized)) throw bad('检索式至少要有一个不带 NOT（或“-”）的检索词。');
  return normalized;
}

function normalizeNode(node: QueryNode, folder: Folder | null): QueryNode {
  switch (node.kind) {
    case 'term':
      return normalizeTerm(node, folder);
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map((child) => normalizeNode(child, folder)) };
    case 'not':
      return { kind: 'not', child: normalizeNode(node.child, folder) };
    case 'near':
      return {
        kind: 'near',
        left: normalizeTerm(node.left, folder),
        right: normalizeTerm(node.right, folder),
        distance: node.distance,
      };
  }
}

function normalizeTerm(term: TermNode, folder: Folder | null): TermNode {
  const stripped = stripLayout(term.text);
  if (stripped === '') throw bad('检索式中有空的引号，请在引号内填写要查找的字词。');
  return { kind: 'term', text: folder ? folder.foldText(stripped) : stripped };
}

function hasPositiveTerm(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'near':
      return true;
    case 'and':
      return node.children.some(hasPositiveTerm);
    case 'or':
      return node.children.every(hasPositiveTerm);
    case 'not':
      return false;
  }
}
