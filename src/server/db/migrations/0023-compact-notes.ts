import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

const ROWS_PER_STEP = 500;

type Range = { start: number; end: number };

function compact(notes: Range[]): string {
  const out: number[] = [];
  let previous = 0;
  for (const { start, end } of notes) {
    out.push(start - previous, end - start);
    previous = start;
  }
  return JSON.stringify(out);
}

function expand(flat: number[]): string {
  const out: Range[] = [];
  let start = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    start += flat[i] as number;
    out.push({ start, end: start + (flat[i + 1] as number) });
  }
  return JSON.stringify(out);
}

/** Rewrites every section's notes_json whose value `convert` changes, a step of rows at a time. */
async function rewriteNotes(db: Kysely<any>, convert: (value: unknown) => string | null): Promise<void> {
  let after = 0;
  for (;;) {
    const rows: { id: number; notes_json: string }[] = await db
      .selectFrom('book_section')
      .select(['id', 'notes_json'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(ROWS_PER_STEP)
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      const next = convert(JSON.parse(row.notes_json));
      if (next !== null && next !== row.notes_json)
        await db.updateTable('book_section').set({ notes_json: next }).where('id', '=', row.id).execute();
    }
    after = Number((rows[rows.length - 1] as { id: number }).id);
  }
}

/**
 * A section's note ranges as one flat array of integers — the first start and length, then each next start as a step
 * from the previous one, and its length — instead of `{"start":…,"end":…}` objects: an old gazetteer has a note every
 * few characters, and the objects took a fifth as much room as the text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await rewriteNotes(db, (value) =>
    Array.isArray(value) && value.every((n) => typeof n === 'object' && n !== null) ? compact(value as Range[]) : null,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewriteNotes(db, (value) =>
    Array.isArray(value) && value.every((n) => typeof n === 'number') ? expand(value as number[]) : null,
  );
}
