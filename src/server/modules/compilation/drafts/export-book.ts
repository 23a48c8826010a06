import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import { convertWithLibreOffice, findSoffice } from '../../documents/render-with-libreoffice.ts';
import { findLatestVersionsOfProject } from '../draft.repository.ts';
import { visibleNodes } from '../get-outline.ts';
import { findNodeRows } from '../outline.repository.ts';
import { flattenTree, buildTree, subtreeIds } from '../outline/outline-tree.ts';
import { loadProject, seesOnlyOwnNodes, type ProjectAccess } from '../project-access.ts';
import { loadNames } from '../present.ts';
import type { BookModel } from './book-docx.ts';
import { publicCardCitations } from '../materials/provenance.ts';

/** The book (or one node and what is under it) with each part's latest draft, as the export and publication read it. */
export async function loadBookModel(db: Db, access: ProjectAccess, nodeId: number | null): Promise<BookModel> {
  const rows = await findNodeRows(db, access.project.id);
  let flat = seesOnlyOwnNodes(access) ? visibleNodes(access, rows) : flattenTree(buildTree(rows));
  if (nodeId !== null) {
    if (!flat.some((n) => n.row.id === nodeId))
      throw new AppError('NOT_FOUND', `篇目 ${nodeId} 不在本项目中或您无权查看。`);
    const ids = subtreeIds(rows, nodeId);
    flat = flat.filter((n) => ids.has(n.row.id));
  } else if (seesOnlyOwnNodes(access)) {
    throw new AppError('FORBIDDEN', '您只能导出分配给您或您所在单位的篇目，请选择具体篇目后导出。');
  }
  if (flat.length === 0) throw new AppError('VALIDATION_FAILED', '篇目为空，没有可导出的内容。');
  const latest = new Map((await findLatestVersionsOfProject(db, access.project.id)).map((v) => [v.node_id, v.html]));
  const minDepth = Math.min(...flat.map((n) => n.depth));
  const names = await loadNames(db);
  return {
    title: access.project.title,
    compiler: names.unit(access.project.owner_unit_id),
    year: access.project.year,
    yearbook: access.project.kind === 'yearbook',
    parts: flat.map((n) => ({
      depth: n.depth - minDepth + 1,
      level: n.row.level,
      number: n.number,
      title: n.row.title,
      html: latest.get(n.row.id) ?? null,
    })),
  };
}

export async function exportBook(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
  opts: { format: 'docx' | 'pdf'; nodeId: number | null; sourceNotes?: boolean },
): Promise<{ fileName: string; bytes: Uint8Array; contentType: string }> {
  const access = await loadProject(deps.db, principal, projectId, 'read');
  const model = await loadBookModel(deps.db, access, opts.nodeId);
  // Provenance as footnotes, when asked: only cards below 秘密 (see publicCardCitations).
  if (opts.sourceNotes) model.cardNotes = await publicCardCitations(deps.db, access.project.id);
  const { renderBookDocx } = await import('./book-docx.ts');
  const docx = await renderBookDocx(model);
  const base = `${access.project.title.replace(/[《》/\\]/g, '')}${opts.nodeId !== null ? `-${model.parts[0]?.title ?? ''}` : ''}`;
  if (opts.format === 'docx')
    return {
      fileName: `${base}.docx`,
      bytes: docx,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    };
  if (!findSoffice())
    throw new AppError(
      'INTERNAL',
      '服务器未安装 LibreOffice，无法生成 PDF；请导出 .docx，或请系统管理员安装 LibreOffice。',
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fz-book-'));
  try {
    const input = path.join(dir, 'book.docx');
    fs.writeFileSync(input, docx);
    const pdf = await convertWithLibreOffice(input, dir, 'pdf');
    return { fileName: `${base}.pdf`, bytes: new Uint8Array(fs.readFileSync(pdf)), contentType: 'application/pdf' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
