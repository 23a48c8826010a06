/**
 * `Readme.org` of a Kanseki Repository title: its `#+TITLE:`, the edition table and the table of contents as org links
 * `[[file:KR2k0040_001.txt::001-1a][欽定盛京通志 卷一]]`. Pure: text in, structure out.
 */

export interface ReadmeEntry {
  /** File the entry points into, e.g. `KR2k0040_001.txt`. */
  file: string;
  /** Page-side id inside that file, e.g. `001-1a`. */
  anchor: string;
  /** Entry title with the book title in front of it removed (`卷一`, `序`). */
  title: string;
}

export interface KanripoReadme {
  title?: string;
  /** Witness code after the slash in the title line (`WYG`, `master`). */
  witness?: string;
  /** Human names of the editions listed in the 版本 table, e.g. `四庫全書・文淵閣 (WYG)`. */
  editions: string[];
  entries: ReadmeEntry[];
}

const LINK = /\[\[file:([^\]:]+)::([^\]]+)\]\[([^\]]*)\]\]/;
const EDITION_ROW = /^\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|/;

/** Removes the book title (and the space after it) from a table-of-contents entry; keeps the entry if nothing is left. */
export function stripBookTitle(entryTitle: string, bookTitle: string | undefined): string {
  const trimmed = entryTitle.trim();
  if (!bookTitle || !trimmed.startsWith(bookTitle)) return trimmed;
  const rest = trimmed.slice(bookTitle.length).replace(/^[\s\u3000]+/, '');
  return rest || trimmed;
}

export function parseKanripoReadme(text: string): KanripoReadme {
  const readme: KanripoReadme = { editions: [], entries: [] };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (line.startsWith('#+TITLE:')) {
      const [title, witness] = line
        .slice('#+TITLE:'.length)
        .split('/')
        .map((part) => part.trim());
      if (title) readme.title = title;
      if (witness) readme.witness = witness;
      continue;
    }
    const link = LINK.exec(line);
    if (link?.[1] && link[2]) {
      readme.entries.push({ file: link[1], anchor: link[2], title: stripBookTitle(link[3] ?? '', readme.title) });
      continue;
    }
    const row = EDITION_ROW.exec(line);
    if (row?.[1] && row[2]) readme.editions.push(`${row[2].replace(/[【】]/g, '')} (${row[1]})`);
  }
  return readme;
}
