/**
 * A GB/T 7714-2015 reference (信息与文献 参考文献著录规则) for a passage of a book in the database. Pure.
 *
 * Monograph form (§4.1, §8):
 *   主要责任者. 题名: 其他题名信息[M/OL]. 版本项. 出版地: 出版者, 出版年: 引文页码[引用日期]. 获取和访问路径.
 * - at most three responsible persons, then ", 等" (§8.1.2); a corporate author is given as written;
 * - the juan/section title is the 其他题名信息 after the book title;
 * - unknown place and publisher are written [出版地不详] and [出版者不详] (§8.4.1.2, §8.4.2.2);
 * - the year is Gregorian, an other calendar follows in round brackets, e.g. 1779(乾隆四十四年) (§8.4.3);
 * - an electronic resource adds /OL, the date consulted in square brackets and the URL (§8.8).
 * ISBN is not an element of the standard's monograph form, so it is not printed even when known.
 */

export interface CitationInput {
  /** Compiler field as stored, e.g. `阿桂等奉敕撰`, `吉林省地方志编纂委员会`, `张三、李四、王五、赵六 主编`. */
  compiler: string | null;
  title: string;
  /** Juan or section cited, e.g. `卷二十七`. */
  sectionTitle?: string | null;
  edition?: string | null;
  place?: string | null;
  publisher?: string | null;
  year?: number | null;
  /** Period as stored, e.g. `清乾隆四十四年`; printed after the year when it names a reign year. */
  period?: string | null;
  /** Page cited, e.g. `27-1a` or `125`. */
  page?: string | null;
  /** Date consulted (YYYY-MM-DD); with `url`, makes the reference an online one. */
  accessed?: string | null;
  url?: string | null;
  /** Sequence number in a reference list; omitted when null. */
  number?: number | null;
}

const CORPORATE = /(委员会|办公室|编辑部|编委会|馆|局|社|院|所|厅|部|中心|公司|政府|学会|协会)$/;
const ROLE = /(等)?(奉敕)?(撰|纂修|纂|修|编著|主编|编纂|编撰|编|著|辑录|辑|校注|点校|整理)$/;

/** Splits the compiler field into names (role words removed) and whether the source itself said 等. */
export function splitResponsibility(compiler: string): { names: string[]; etAl: boolean } {
  let etAl = false;
  const names: string[] = [];
  for (const raw of compiler.split(/[，,、;；]+|\s+/)) {
    let name = raw.trim();
    if (!name) continue;
    if (/^(等|主编|编|著|撰|纂|修|编纂|编著)$/.test(name)) {
      if (name === '等') etAl = true;
      continue;
    }
    if (!CORPORATE.test(name)) {
      const role = ROLE.exec(name);
      if (role && name.length - role[0].length >= 1) {
        if (role[1]) etAl = true;
        name = name.slice(0, name.length - role[0].length);
      }
    }
    names.push(name);
  }
  return { names, etAl };
}

function formatAuthors(compiler: string | null): string | null {
  if (!compiler?.trim()) return null;
  const { names, etAl } = splitResponsibility(compiler);
  if (names.length === 0) return null;
  const shown = names.slice(0, 3);
  return `${shown.join(', ')}${etAl || names.length > 3 ? ', 等' : ''}`;
}

/** The reign-year part of a period worth printing beside the Gregorian year (it must name a year, not just an era). */
function formatYear(year: number | null | undefined, period: string | null | undefined): string {
  const reign =
    period && /[年]/.test(period) && !/^\d+年?$/.test(period)
      ? period.replace(/^(清|明|元|宋|金|遼|辽|民國|民国)(?=.+年)/, '')
      : null;
  if (year === null || year === undefined) return reign ? `[出版年不详](${reign})` : '[出版年不详]';
  return reign ? `${year}(${reign})` : String(year);
}

function endWithPeriod(text: string): string {
  return /[.。]$/.test(text) ? text : `${text}.`;
}

/** The reference, one line, e.g. `[1] 阿桂, 等. 欽定盛京通志: 卷二十七[M/OL]. …`. */
export function formatCitation(input: CitationInput): string {
  const online = Boolean(input.url);
  const parts: string[] = [];
  const authors = formatAuthors(input.compiler);
  if (authors) parts.push(endWithPeriod(authors));
  const subtitle = input.sectionTitle?.trim();
  parts.push(
    `${input.title.trim()}${subtitle && subtitle !== input.title.trim() ? `: ${subtitle}` : ''}[${online ? 'M/OL' : 'M'}].`,
  );
  if (input.edition?.trim()) parts.push(endWithPeriod(input.edition.trim()));
  const place = input.place?.trim() || '[出版地不详]';
  const publisher = input.publisher?.trim() || '[出版者不详]';
  let imprint = `${place}: ${publisher}, ${formatYear(input.year, input.period)}`;
  if (input.page?.trim()) imprint += `: ${input.page.trim()}`;
  if (online && input.accessed) imprint += `[${input.accessed}]`;
  parts.push(`${imprint}.`);
  if (online) parts.push(`${input.url}.`);
  const body = parts.join(' ');
  return input.number ? `[${input.number}] ${body}` : body;
}

/**
 * The responsibility field of a citation: the structured contributors (dynasty in square brackets, `[清]阿桂`) when the
 * record has them, else the compiler field as stored.
 */
export function formatResponsibility(
  bib: { contributors?: { name: string; dynasty: string | null }[] } | null,
  compiler: string | null,
): string | null {
  const people = bib?.contributors ?? [];
  if (people.length === 0) return compiler;
  return people.map((p) => `${p.dynasty ? `[${p.dynasty}]` : ''}${p.name}`).join('、');
}
