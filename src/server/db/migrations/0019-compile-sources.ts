import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** 编纂 资料: sources with citation fields and 密级, excerpt cards linked to outline nodes, and contradictions. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await table('compile_source')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('compile_project.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('fields_json', 'text', (c) => c.notNull())
    .addColumn('citation', 'text', (c) => c.notNull())
    .addColumn('book_id', 'integer')
    .addColumn('section_ordinal', 'integer')
    .addColumn('permalink', 'text')
    .addColumn('locator', 'text')
    .addColumn('note', 'text')
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('compile_source_project_idx').on('compile_source').column('project_id').execute();

  await table('compile_card')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('compile_project.id').onDelete('cascade'))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('compile_source.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('time_text', 'text')
    .addColumn('time_sort', 'text')
    .addColumn('place', 'text')
    .addColumn('subject', 'text')
    .addColumn('locator', 'text')
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('compile_card_project_idx').on('compile_card').column('project_id').execute();
  await db.schema.createIndex('compile_card_source_idx').on('compile_card').column('source_id').execute();

  // A card in a node's 资料长编: its place in the order set by hand (null: by time) and the editor's note.
  await table('compile_card_node')
    .addColumn('card_id', 'integer', (c) => c.notNull().references('compile_card.id').onDelete('cascade'))
    .addColumn('node_id', 'integer', (c) => c.notNull().references('compile_node.id').onDelete('cascade'))
    .addColumn('position', 'integer')
    .addColumn('note', 'text')
    .addUniqueConstraint('compile_card_node_uq', ['card_id', 'node_id'])
    .execute();
  await db.schema.createIndex('compile_card_node_node_idx').on('compile_card_node').column('node_id').execute();

  await table('compile_contradiction')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('compile_project.id').onDelete('cascade'))
    .addColumn('fact', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('chosen_card_id', 'integer', (c) => c.references('compile_card.id').onDelete('set null'))
    .addColumn('reason', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('resolved_by_name', 'text')
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema
    .createIndex('compile_contradiction_project_idx')
    .on('compile_contradiction')
    .column('project_id')
    .execute();

  await table('compile_contradiction_card')
    .addColumn('contradiction_id', 'integer', (c) =>
      c.notNull().references('compile_contradiction.id').onDelete('cascade'),
    )
    .addColumn('card_id', 'integer', (c) => c.notNull().references('compile_card.id').onDelete('cascade'))
    .addUniqueConstraint('compile_contradiction_card_uq', ['contradiction_id', 'card_id'])
    .execute();
}
