import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * 方志馆 and the offices' holdings: catalogue records (with journal issues), copies held by a unit, import batches (so an
 * import can be rolled back), acquisitions (funds, orders, receipts, claims), bindings of library counts to work-plan
 * indicators, and distributions (配送) with one shipment per receiving office.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const real = pg ? 'double precision' : 'real';

  await table('holding_import')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addColumn('copy_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('rolled_back_at', 'text')
    .execute();

  await table('holding_record')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('other_title', 'text')
    .addColumn('responsibility', 'text')
    .addColumn('compiling_body', 'text')
    .addColumn('division_codes', 'text', (c) => c.notNull())
    .addColumn('period_start', 'integer')
    .addColumn('period_end', 'integer')
    .addColumn('round', 'text')
    .addColumn('edition', 'text')
    .addColumn('publisher', 'text')
    .addColumn('pub_place', 'text')
    .addColumn('pub_year', 'integer')
    .addColumn('extent', 'text')
    .addColumn('series', 'text')
    .addColumn('isbn', 'text')
    .addColumn('cip', 'text')
    .addColumn('clc', 'text')
    .addColumn('subjects_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.references('holding_import.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('holding_record_isbn_idx').on('holding_record').column('isbn').execute();
  await db.schema.createIndex('holding_record_dedupe_idx').on('holding_record').column('dedupe_key').execute();
  await db.schema.createIndex('holding_record_import_idx').on('holding_record').column('import_id').execute();

  // A journal's issues (期刊 with 年、期): copies and distributions may point at one issue.
  await table('holding_issue')
    .addColumn('record_id', 'integer', (c) => c.notNull().references('holding_record.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('holding_issue_uq', ['record_id', 'year', 'label'])
    .execute();

  await table('holding_copy')
    .addColumn('record_id', 'integer', (c) => c.notNull().references('holding_record.id').onDelete('cascade'))
    .addColumn('issue_id', 'integer', (c) => c.references('holding_issue.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('barcode', 'text', (c) => c.notNull().unique())
    .addColumn('location', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('acquisition', 'text', (c) => c.notNull())
    .addColumn('acquired_on', 'text', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.references('holding_import.id').onDelete('set null'))
    .addColumn('order_id', 'integer')
    .addColumn('shipment_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('holding_copy_record_idx').on('holding_copy').column('record_id').execute();
  await db.schema.createIndex('holding_copy_unit_idx').on('holding_copy').columns(['unit_id', 'acquired_on']).execute();

  await table('acq_fund')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('amount', real, (c) => c.notNull())
    .addColumn('warn_percent', 'integer', (c) => c.notNull())
    .addColumn('stop_percent', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('acq_fund_uq', ['unit_id', 'year', 'name'])
    .execute();

  await table('acq_order')
    .addColumn('fund_id', 'integer', (c) => c.notNull().references('acq_fund.id').onDelete('restrict'))
    .addColumn('record_id', 'integer', (c) => c.notNull().references('holding_record.id').onDelete('restrict'))
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', real, (c) => c.notNull())
    .addColumn('ordered_on', 'text', (c) => c.notNull())
    .addColumn('expected_by', 'text', (c) => c.notNull())
    .addColumn('received_quantity', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await table('acq_receipt')
    .addColumn('order_id', 'integer', (c) => c.notNull().references('acq_order.id').onDelete('cascade'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await table('acq_claim')
    .addColumn('order_id', 'integer', (c) => c.notNull().references('acq_order.id').onDelete('cascade'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // A work-plan indicator whose actual is a library count, not a number a clerk types.
  await db.schema
    .createTable('library_indicator_binding')
    .addColumn('indicator_id', 'integer', (c) => c.primaryKey().references('indicator.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await table('distribution')
    .addColumn('record_id', 'integer', (c) => c.notNull().references('holding_record.id').onDelete('restrict'))
    .addColumn('issue_id', 'integer', (c) => c.references('holding_issue.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('formula_json', 'text', (c) => c.notNull())
    .addColumn('sender_unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await table('shipment')
    .addColumn('distribution_id', 'integer', (c) => c.notNull().references('distribution.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_quantity', 'integer')
    .addColumn('note', 'text')
    .addColumn('answered_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('answered_at', 'text')
    .addColumn('reminded_at', 'text')
    .addUniqueConstraint('shipment_uq', ['distribution_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('shipment_unit_idx').on('shipment').column('unit_id').execute();

  // 资料室/方志馆 evaluation: versioned indicator templates, one assessment per office and year with its self, review and
  // on-site scores, photos taken on site, and rectification tasks.
  const blob = pg ? 'bytea' : 'blob';
  await table('eval_template')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('eval_template_uq', ['name', 'version'])
    .execute();
  await table('eval_assessment')
    .addColumn('template_id', 'integer', (c) => c.notNull().references('eval_template.id').onDelete('restrict'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('self_json', 'text', (c) => c.notNull())
    .addColumn('onsite_json', 'text', (c) => c.notNull())
    .addColumn('review_comment', 'text')
    .addColumn('total', real)
    .addColumn('grade', 'text')
    .addColumn('certificate_no', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('eval_assessment_uq', ['unit_id', 'year', 'template_id'])
    .execute();
  await table('eval_photo')
    .addColumn('assessment_id', 'integer', (c) => c.notNull().references('eval_assessment.id').onDelete('cascade'))
    .addColumn('indicator_key', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', blob, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await table('eval_rectification')
    .addColumn('assessment_id', 'integer', (c) => c.notNull().references('eval_assessment.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('done_note', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // 印刷: a print job per publication, its proof rounds, deliveries, and quality findings against the contract.
  await table('print_job')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('record_id', 'integer', (c) => c.references('holding_record.id').onDelete('set null'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('specs_json', 'text', (c) => c.notNull())
    .addColumn('supplier', 'text', (c) => c.notNull())
    .addColumn('procurement_ref', 'text')
    .addColumn('unit_price', real, (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await table('print_event')
    .addColumn('job_id', 'integer', (c) => c.notNull().references('print_job.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('round', 'integer')
    .addColumn('quantity', 'integer')
    .addColumn('severity', 'text')
    .addColumn('clause', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'print_event',
    'print_job',
    'eval_rectification',
    'eval_photo',
    'eval_assessment',
    'eval_template',
    'shipment',
    'distribution',
    'library_indicator_binding',
    'acq_claim',
    'acq_receipt',
    'acq_order',
    'acq_fund',
    'holding_copy',
    'holding_issue',
    'holding_record',
    'holding_import',
  ]) {
    await db.schema.dropTable(name).execute();
  }
}
