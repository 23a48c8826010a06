import type { TCopy, THoldingRecord, THoldingRecordValues } from '../../../shared/library.ts';
import { areaName } from './area-names.ts';
import type { CopyRow } from './copies.repository.ts';
import { hyphenateIsbn } from './isbn.ts';
import type { HoldingIssueRow, HoldingRecordRow, HoldingRecordInsert } from './records.repository.ts';
import { dedupeKey } from './dedupe-key.ts';

/** Rows → the shared response types; the only place library rows take an API shape. */
export function toValues(r: HoldingRecordRow): THoldingRecordValues {
  return {
    type: r.type as THoldingRecordValues['type'],
    title: r.title,
    otherTitle: r.other_title,
    responsibility: r.responsibility,
    compilingBody: r.compiling_body,
    divisionCodes: r.division_codes ? r.division_codes.split(',') : [],
    periodStart: r.period_start,
    periodEnd: r.period_end,
    round: r.round as THoldingRecordValues['round'],
    edition: r.edition,
    publisher: r.publisher,
    pubPlace: r.pub_place,
    pubYear: r.pub_year,
    extent: r.extent,
    series: r.series,
    isbn: r.isbn,
    cip: r.cip,
    clc: r.clc,
    subjects: JSON.parse(r.subjects_json) as string[],
    note: r.note,
  };
}

export function toRecord(r: HoldingRecordRow, copyCount: number, issues: readonly HoldingIssueRow[]): THoldingRecord {
  const v = toValues(r);
  return {
    id: r.id,
    ...v,
    areas: v.divisionCodes.map((c) => areaName(c) ?? c),
    isbnHyphenated: v.isbn ? hyphenateIsbn(v.isbn) : null,
    copyCount,
    issues: issues.filter((i) => i.record_id === r.id).map((i) => ({ id: i.id, year: i.year, label: i.label })),
  };
}

export function toCopy(c: CopyRow, unitName: string, issueLabel: string | null): TCopy {
  return {
    id: c.id,
    recordId: c.record_id,
    issueId: c.issue_id,
    issueLabel,
    unitId: c.unit_id,
    unitName,
    barcode: c.barcode,
    location: c.location,
    status: c.status,
    acquisition: c.acquisition,
    acquiredOn: c.acquired_on,
  };
}

export function toRow(v: THoldingRecordValues, now: string, importId: number | null): HoldingRecordInsert {
  return {
    type: v.type,
    title: v.title,
    other_title: v.otherTitle,
    responsibility: v.responsibility,
    compiling_body: v.compilingBody,
    division_codes: v.divisionCodes.join(','),
    period_start: v.periodStart,
    period_end: v.periodEnd,
    round: v.round,
    edition: v.edition,
    publisher: v.publisher,
    pub_place: v.pubPlace,
    pub_year: v.pubYear,
    extent: v.extent,
    series: v.series,
    isbn: v.isbn,
    cip: v.cip,
    clc: v.clc,
    subjects_json: JSON.stringify(v.subjects),
    note: v.note,
    dedupe_key: dedupeKey(v.title, v.edition, v.pubYear),
    import_id: importId,
    created_at: now,
    updated_at: now,
  };
}
