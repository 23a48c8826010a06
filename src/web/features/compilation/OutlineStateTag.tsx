import { Tag } from 'antd';
import { OUTLINE_STATE_LABELS, type TOutlineState } from '../../../shared/compilation.ts';

const COLORS: Record<TOutlineState, string> = { editing: 'default', pending: 'orange', approved: 'green' };

export function OutlineStateTag({ state }: { state: TOutlineState }) {
  return <Tag color={COLORS[state]}>篇目{OUTLINE_STATE_LABELS[state]}</Tag>;
}
