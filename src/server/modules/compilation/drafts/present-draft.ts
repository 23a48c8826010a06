import type { TDraftVersion, TDraftVersionSummary } from '../../../../shared/compilation.ts';
import type { DraftVersionRow } from '../draft.repository.ts';

export function presentVersionSummary(r: DraftVersionRow): TDraftVersionSummary {
  return {
    id: r.id,
    nodeId: r.node_id,
    version: r.version,
    chars: r.char_count,
    source: r.source as TDraftVersionSummary['source'],
    sourceName: r.source_name,
    restoredFrom: r.restored_from,
    note: r.note,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
  };
}

export function presentVersion(r: DraftVersionRow): TDraftVersion {
  return { ...presentVersionSummary(r), html: r.html };
}
