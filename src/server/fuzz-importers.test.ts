import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './test/test-db.ts';
import type { DbHandle } from './db/database.ts';
import { openGazetteerSearch, type GazetteerSearch } from './modules/gazetteer/open-search.ts';
import { closePlanExtractWorkers } from './modules/workplan/extract-isolated.ts';
import { closeBookParseWorkers } from './modules/gazetteer/read-book-isolated.ts';
import { formatReport, runFuzz } from './test/fuzz-importers.ts';

/** A small, seeded run of `npm run fuzz`: every importer, mutated fixtures, no crash, hang or half-written import. */
describe('fuzzing the importers (seeded)', () => {
  let handle: DbHandle;
  let search: GazetteerSearch;
  beforeAll(async () => {
    handle = await createTestDatabase('sqlite');
    search = await openGazetteerSearch({ path: ':memory:', env: {} });
  });
  afterAll(async () => {
    await Promise.all([closePlanExtractWorkers(), closeBookParseWorkers()]);
    await search.index.close();
    await handle.close();
  });

  it('answers 39 mutated files with a result or a clear Chinese error', { timeout: 180_000 }, async () => {
    const report = await runFuzz(
      { db: handle.db, search },
      { count: 39, seed: 11, concurrency: 3, watchdogMs: 120_000 },
    );
    const bad = report.examples.filter((e) => ['crash', 'hang', 'partialWrite'].includes(e.outcome));
    expect(bad, formatReport(report)).toEqual([]);
    const total = [...report.rows.values()].reduce((n, r) => n + r.tried, 0);
    expect(total).toBe(39);
    // The mutations are real: some files still parse and some are refused.
    expect([...report.rows.values()].some((r) => r.clear + r.overLimit > 0)).toBe(true);
    expect([...report.rows.values()].some((r) => r.parsed > 0)).toBe(true);
  });
});
