import { isClassified, type TClassification, type TParagraphSources } from '../../../../shared/compilation-sources.ts';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import { findLatestVersionRow } from '../draft.repository.ts';
import { loadReadableNode } from '../drafts/save-draft.ts';
import { citedCardsByBlock } from '../drafts/draft-html.ts';
import { loadMaterialsView } from './materials.ts';
import { loadMaterialsScope } from './materials-access.ts';
import { findCardRows, findSourceRows } from './materials.repository.ts';

/**
 * Provenance: a draft paragraph cites excerpt cards by `<sup data-card="12">` in its sanitised HTML, so the citation
 * lives in every version, shows in the diff and is restored with it. This reads which paragraph cites what.
 */

export async function getParagraphSources(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
  nodeId: number,
): Promise<TParagraphSources> {
  await loadReadableNode(deps.db, principal, projectId, nodeId);
  const latest = await findLatestVersionRow(deps.db, nodeId);
  if (!latest) return { nodeId, version: null, paragraphs: [] };
  const view = await loadMaterialsView(deps.db, await loadMaterialsScope(deps.db, principal, projectId, 'read'));
  const visible = new Map(view.cards.map((c) => [c.id, c]));
  return {
    nodeId,
    version: latest.version,
    paragraphs: citedCardsByBlock(latest.html).map((p) => ({
      index: p.index,
      text: p.text.length > 80 ? `${p.text.slice(0, 80)}…` : p.text,
      cards: p.cards.map((id) => {
        const card = visible.get(id);
        const source = card ? view.sources.get(card.source_id) : undefined;
        return card && source
          ? {
              id,
              visible: true,
              label: `${card.time_text ? `${card.time_text}　` : ''}${source.citation}${card.locator ? `，${card.locator}` : ''}`,
            }
          : { id, visible: false, label: '受限或已删除的资料卡片' };
      }),
    })),
  };
}

/**
 * The notes a public book may carry: the citation of every card of the project whose source is below 秘密. 秘密 and
 * above never go into the book, whoever exports it.
 */
export async function publicCardCitations(db: Db, projectId: number): Promise<Map<number, string>> {
  const [sources, cards] = await Promise.all([findSourceRows(db, projectId), findCardRows(db, projectId)]);
  const byId = new Map(sources.map((s) => [s.id, s]));
  const out = new Map<number, string>();
  for (const c of cards) {
    const s = byId.get(c.source_id);
    if (!s || isClassified(s.classification as TClassification)) continue;
    out.set(c.id, `${s.citation}${c.locator ? `，${c.locator}` : ''}。`);
  }
  return out;
}
