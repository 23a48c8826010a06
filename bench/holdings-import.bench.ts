/**
 * Imports 10,000 generated CNMARC records (ISO 2709, UTF-8 Chinese, two copies each, one record in ten a duplicate by
 * ISBN) into a fresh SQLite database through the same use case the web app and CLI call, and prints records/s for
 * the dry run (decode + validate + duplicate check) and the import (one transaction). `npm run bench:holdings`;
 * `BENCH_RECORDS=50000` for more. Never part of `npm test`.
 */
import { openDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { systemActor } from '../src/server/platform/auth/actor.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import { insertUnit } from '../src/server/modules/org/org.repository.ts';
import { areaName } from '../src/server/modules/library/area-names.ts';
import { toCnmarc } from '../src/server/modules/library/cnmarc.ts';
import { importHoldings, previewHoldingsImport } from '../src/server/modules/library/import-holdings.ts';
import { writeIso2709, type MarcRecord } from '../src/server/modules/library/marc-codec.ts';
import type { THoldingRecordValues } from '../src/shared/library.ts';

const N = Number(process.env.BENCH_RECORDS ?? 10_000);
const PLACES = [
  '220000',
  '220100',
  '220102',
  '220200',
  '220300',
  '220400',
  '220500',
  '220581',
  '220600',
  '220700',
  '220800',
  '222400',
];
const TYPES: THoldingRecordValues['type'][] = ['志书', '年鉴', '地方史', '地情文献', '旧志', '家谱', '内部资料'];

function isbn13(n: number): string {
  const body = `9787${String(100000000 + n).slice(-8)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const records: MarcRecord[] = [];
for (let i = 0; i < N; i++) {
  const dup = i % 10 === 9;
  const n = dup ? i - 1 : i;
  const code = PLACES[n % PLACES.length]!;
  const v: THoldingRecordValues = {
    type: TYPES[n % TYPES.length]!,
    title: `${areaName(code)}${['志', '年鉴', '史稿', '概览', '旧志', '王氏宗谱', '资料汇编'][n % 7]}（第${n}种）`,
    otherTitle: null,
    responsibility: `${areaName(code)}地方志编纂委员会 编`,
    compilingBody: `${areaName(code)}地方志编纂委员会`,
    divisionCodes: [code],
    periodStart: 1986 + (n % 20),
    periodEnd: 2005 + (n % 15),
    round: n % 3 === 0 ? '二轮' : null,
    edition: null,
    publisher: '吉林人民出版社',
    pubPlace: '长春',
    pubYear: 1990 + (n % 33),
    extent: `${300 + (n % 900)}页`,
    series: null,
    isbn: n % 4 === 0 ? null : isbn13(n),
    cip: null,
    clc: `K293.${4 + (n % 5)}`,
    subjects: [`${areaName(code)}—地方志`],
    note: null,
  };
  records.push(
    toCnmarc(
      i + 1,
      v,
      [
        { holder: null, barcode: `B${i}-1`, location: '书库', issue: null },
        { holder: null, barcode: `B${i}-2`, location: null, issue: null },
      ],
      areaName,
      '2023-01-01',
    ),
  );
}
const bytes = writeIso2709(records);

const handle = openDatabase({ kind: 'sqlite', file: ':memory:' });
await migrateToLatest(handle.db);
const now = new Date().toISOString();
await insertUnit(
  handle.db,
  {
    name: '吉林省地方志编纂委员会',
    kind: 'committee',
    parentId: null,
    divisionCode: '220000',
    managedById: null,
    sortOrder: 0,
    isActive: true,
    note: null,
  },
  now,
);
const deps = { db: handle.db, clock: systemClock };
const req = { bytes, fileName: 'bench.mrc' };

let t = performance.now();
const preview = await previewHoldingsImport(deps, systemActor('bench'), req);
const previewMs = performance.now() - t;
t = performance.now();
const result = await importHoldings(deps, systemActor('bench'), req);
const importMs = performance.now() - t;
await handle.close();

const rate = (ms: number) => Math.round(N / (ms / 1000));
console.log(
  `生成 ${N} 条 CNMARC 记录，ISO 2709 共 ${(bytes.length / 1024 / 1024).toFixed(1)} MB；新建 ${preview.counts.create} 条、并入 ${preview.counts.addCopies} 条、复本 ${preview.counts.copies} 册，错误 ${preview.counts.skip} 条`,
);
console.table([
  { step: 'dry run (decode, validate, duplicates)', ms: Math.round(previewMs), 'records/s': rate(previewMs) },
  { step: 'import (one transaction)', ms: Math.round(importMs), 'records/s': rate(importMs) },
]);
if (result.batch.recordCount !== preview.counts.create) throw new Error('import and dry run disagree');
