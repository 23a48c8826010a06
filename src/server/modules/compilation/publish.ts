import { AppError } from '../../../shared/errors.ts';
import { ZPublishInput, type TProjectKind, type TPublishResult } from '../../../shared/compilation.ts';
import type { TBookType } from '../../../shared/gazetteer.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import type { ParsedBook } from '../gazetteer/book-model.ts';
import { ingestBook } from '../gazetteer/ingest-book.ts';
import type { GazetteerDeps } from '../gazetteer/read-books.ts';
import { loadBookModel } from './drafts/export-book.ts';
import { headingText, partText } from './drafts/draft-html.ts';
import { loadProject } from './project-access.ts';
import { updateProjectRow } from './project.repository.ts';
import { loadNames } from './present.ts';
import { getSubmission } from './submissions.ts';
import { validate } from './validate.ts';

const BOOK_TYPES: Record<TProjectKind, TBookType> = {
  chronicle: '市县志',
  special: '专志',
  village: '乡镇村志',
  yearbook: '年鉴',
  history: '地方史',
  materials: '其他地情文献',
};

/**
 * Publishes the book into the gazetteer database in one step (省情数据库 “数据转换，形成网络图书”): its TOC from the
 * outline, each part's text from the latest drafts — or from a frozen 送审稿 — through the gazetteer's own ingest, published
 * for readers. Publishing again replaces the network book under the same id.
 */
export async function publishProject(
  deps: GazetteerDeps,
  principal: Principal,
  projectId: number,
  raw: unknown = {},
): Promise<TPublishResult> {
  authorize(principal, 'compile.publish');
  const { submissionId } = validate(ZPublishInput, raw);
  const access = await loadProject(deps.db, principal, projectId, 'manage');
  const p = access.project;
  let parts: { depth: number; title: string; text: string }[];
  if (submissionId) {
    const s = await getSubmission(deps, principal, submissionId);
    if (s.projectId !== projectId)
      throw new AppError('VALIDATION_FAILED', `送审稿 ${submissionId} 不属于《${p.title}》。`);
    parts = s.items.map((i) => ({ depth: i.depth, title: headingText(i), text: partText(i.html) }));
  } else {
    parts = (await loadBookModel(deps.db, access, null)).parts.map((x) => ({
      depth: x.depth,
      title: headingText(x),
      text: partText(x.html),
    }));
  }
  if (!parts.some((x) => x.text.trim()))
    throw new AppError('VALIDATION_FAILED', `《${p.title}》还没有任何稿件，不能发布到省情数据库。`);
  const names = await loadNames(deps.db);
  const book: ParsedBook = {
    metadata: {
      sourceId: `compilation-${projectId}`,
      title: p.title.replace(/[《》]/g, ''),
      ...(names.unit(p.owner_unit_id) ? { compiler: names.unit(p.owner_unit_id)! } : {}),
      ...(p.year ? { year: p.year, period: String(p.year) } : {}),
    },
    sections: parts.map((x) => ({ level: x.depth, title: x.title, text: x.text, anchors: [], notes: [] })),
    warnings: [],
  };
  const result = await ingestBook(
    deps,
    principal,
    { book, format: 'compilation', sourceName: `编纂项目 ${projectId}` },
    { type: BOOK_TYPES[p.kind as TProjectKind], ...(p.year ? { year: p.year } : {}), published: true },
  );
  await updateProjectRow(deps.db, projectId, {
    published_book_id: result.book.id,
    updated_at: deps.clock.now().toISOString(),
  });
  return {
    bookId: result.book.id,
    title: result.book.title,
    sections: book.sections.length,
    replaced: result.replaced,
    link: `/library/books/${result.book.id}`,
  };
}
