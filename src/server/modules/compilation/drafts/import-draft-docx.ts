import { AppError } from '../../../../shared/errors.ts';
import type { TNodeDrafts } from '../../../../shared/compilation.ts';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { loadNodeOf } from '../edit-outline.ts';
import { loadProject } from '../project-access.ts';
import { appendVersion, getNodeDrafts } from './save-draft.ts';

/** Word's heading styles become headings of the draft; tables, lists, footnotes and images come along. */
const STYLE_MAP = [
  'p[style-name="标题 1"] => h2:fresh',
  'p[style-name="标题 2"] => h3:fresh',
  'p[style-name="标题 3"] => h4:fresh',
  'p[style-name="Title"] => h2:fresh',
  'p[style-name="标题"] => h2:fresh',
];

/** A unit's .docx draft → a new version of the node (sanitised like anything typed). */
export async function importDraftDocx(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  projectId: number,
  nodeId: number,
  bytes: Uint8Array,
  fileName: string,
): Promise<TNodeDrafts> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf)
      throw new AppError(
        'UNSUPPORTED_FILE',
        `“${fileName}”是旧版 Word 文件（.doc），请用 Word 或 WPS 另存为 .docx 后再导入。`,
      );
    throw new AppError('UNSUPPORTED_FILE', `“${fileName}”不是 Word（.docx）文件。请上传 .docx 稿件。`);
  }
  let html: string;
  const { default: mammoth } = await import('mammoth');
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: STYLE_MAP })).value;
  } catch {
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      `“${fileName}”无法读取，可能已损坏。请用 Word 或 WPS 打开后另存为 .docx 再导入。`,
    );
  }
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'write');
    const node = await loadNodeOf(trx, projectId, nodeId);
    await appendVersion(trx, deps.clock, access, node, {
      html,
      source: 'docx',
      sourceName: fileName,
      note: `导入 ${fileName}`,
    });
  });
  return getNodeDrafts(deps, principal, projectId, nodeId);
}
