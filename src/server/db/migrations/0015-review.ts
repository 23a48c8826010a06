import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** 评审: review rounds on a frozen 送审稿 or an uploaded manuscript, their panel, opinions and responses. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  // A book compiled elsewhere, uploaded for review: the original file (a blob) and its extracted text.
  await table('review_manuscript')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('chars', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // One review round (初审, 复审 …) of a book; rounds of the same book share chain_id (the first round's id).
  await table('review_round')
    .addColumn('chain_id', 'integer')
    .addColumn('previous_round_id', 'integer', (c) => c.references('review_round.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('book_title', 'text', (c) => c.notNull())
    .addColumn('project_id', 'integer')
    .addColumn('submission_id', 'integer')
    .addColumn('submission_label', 'text')
    .addColumn('manuscript_id', 'integer', (c) => c.references('review_manuscript.id').onDelete('restrict'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_reason', 'text')
    .addColumn('convening_body', 'text', (c) => c.notNull())
    .addColumn('reading_deadline', 'text')
    .addColumn('meeting_date', 'text')
    .addColumn('decision', 'text')
    .addColumn('decision_text', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('owner_unit_id', 'integer', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_round_chain_idx').on('review_round').column('chain_id').execute();

  // The panel: 主审人, internal and external experts, each with a reading deadline, a conflict-of-interest
  // declaration and the signature of the decision (confirmed by re-entering the password).
  await table('review_panel')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('review_round.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('restrict'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('conflict_declared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conflict', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conflict_text', 'text')
    .addColumn('signed_at', 'text')
    .addUniqueConstraint('review_panel_round_user_uq', ['round_id', 'user_id'])
    .execute();

  // Opinions, anchored to the book, a node or a passage of the frozen text, with the writers' response.
  await table('review_opinion')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('review_round.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('anchor_kind', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer')
    .addColumn('anchor_title', 'text')
    .addColumn('start_offset', 'integer')
    .addColumn('end_offset', 'integer')
    .addColumn('quote', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('supersedes_id', 'integer', (c) => c.references('review_opinion.id').onDelete('restrict'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('reason', 'text')
    .addColumn('resolved_submission_id', 'integer')
    .addColumn('resolved_label', 'text')
    .addColumn('responded_by_name', 'text')
    .addColumn('responded_at', 'text')
    .execute();
  await db.schema.createIndex('review_opinion_round_idx').on('review_opinion').column('round_id').execute();
}
