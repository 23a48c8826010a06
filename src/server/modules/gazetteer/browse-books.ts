/**
 * Ways into the database without a query: books by region (today's divisions, with the historical names the books use
 * placed under them), by period/dynasty, by kind and by compiler, with counts per node. Public like the book list:
 * anonymous readers see published books only.
 */
import type { TBook } from '../../../shared/gazetteer.ts';
import type { TBrowseNode, TBrowseParams, TBrowseResponse } from '../../../shared/gazetteer-bib.ts';
import { divisionName } from '../org/divisions.ts';
import { derivePeriodFacet } from './book-facets.ts';
import { splitResponsibility } from './citation.ts';
import { HISTORICAL_PLACES } from './historical-places.ts';
import { listBooks, type GazetteerDeps, type Reader } from './read-books.ts';

const OTHER_PLACES = '其他地名';
const NO_REGION = '未注明地区';

/** The path of tree keys a stored region lies on: province, prefecture, county codes, then a historical name. */
export function regionPath(region: string | null): string[] {
  if (!region) return [NO_REGION];
  const code = /^\d{6}$/.test(region) ? region : HISTORICAL_PLACES[region];
  if (!code) return [OTHER_PLACES, region];
  const path = [`${code.slice(0, 2)}0000`];
  if (!code.endsWith('0000')) path.push(`${code.slice(0, 4)}00`);
  if (!code.endsWith('00')) path.push(code);
  if (code !== region) path.push(region);
  return [...new Set(path)].filter((key) => key === region || divisionName(key) !== null);
}

function nodeLabel(key: string, historical: boolean): string {
  if (historical) return `${key}（旧称）`;
  return divisionName(key) ?? key;
}

function buildTree(books: readonly TBook[]): TBrowseNode[] {
  const roots: TBrowseNode[] = [];
  const byKey = new Map<string, TBrowseNode>();
  for (const book of books) {
    const path = regionPath(book.region);
    let siblings = roots;
    for (const [depth, key] of path.entries()) {
      const historical =
        book.region !== null &&
        key === book.region &&
        !/^\d{6}$/.test(key) &&
        path.length > 1 &&
        path[0] !== OTHER_PLACES;
      const mapKey = path.slice(0, depth + 1).join('/');
      let node = byKey.get(mapKey);
      if (!node) {
        node = { key, label: nodeLabel(key, historical), count: 0, children: [] };
        byKey.set(mapKey, node);
        siblings.push(node);
      }
      node.count += 1;
      siblings = node.children;
    }
  }
  const sort = (nodes: TBrowseNode[]) => {
    nodes.sort(
      (a, b) =>
        (a.key === NO_REGION || a.key === OTHER_PLACES ? 1 : 0) -
          (b.key === NO_REGION || b.key === OTHER_PLACES ? 1 : 0) || a.key.localeCompare(b.key),
    );
    for (const n of nodes) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Names of the people responsible for a book: the structured contributors, else the names in the compiler field. */
export function compilerNames(book: TBook): string[] {
  const listed = book.bib?.contributors ?? [];
  if (listed.length > 0) return listed.map((c) => c.name);
  return book.compiler ? splitResponsibility(book.compiler).names : [];
}

function countBy(
  books: readonly TBook[],
  keysOf: (b: TBook) => (string | null)[],
): { value: string; label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const b of books) for (const k of new Set(keysOf(b))) if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([value, count]) => ({ value, label: value, count }));
}

export async function browseBooks(
  deps: Pick<GazetteerDeps, 'db'>,
  actor: Reader,
  p: TBrowseParams,
): Promise<TBrowseResponse> {
  const all = await listBooks(deps, actor);
  const period = (b: TBook) => derivePeriodFacet(b.period, b.year);
  const selected = all.filter(
    (b) =>
      (!p.region || regionPath(b.region).includes(p.region)) &&
      (!p.period || period(b) === p.period) &&
      (!p.type || b.type === p.type) &&
      (!p.compiler || compilerNames(b).includes(p.compiler)),
  );
  return {
    regions: buildTree(all),
    periods: countBy(all, (b) => [period(b)]),
    types: countBy(all, (b) => [b.type]),
    compilers: countBy(all, compilerNames),
    books: selected,
  };
}
