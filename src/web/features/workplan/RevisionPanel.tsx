import { Alert, Checkbox, Collapse, Tag, Typography } from 'antd';
import type { TPlanPreview, TRevisionEntry } from '../../../shared/workplan.ts';

const STATUS: Record<TRevisionEntry['status'], { label: string; color: string }> = {
  kept: { label: '未变', color: 'default' },
  renumbered: { label: '重新编号', color: 'blue' },
  changed: { label: '修改', color: 'gold' },
  new: { label: '新增', color: 'green' },
  dropped: { label: '去掉', color: 'red' },
};

function historyText(e: TRevisionEntry): string {
  const h = e.history;
  if (!h) return '';
  const parts = [
    h.reports ? `填报 ${h.reports} 份` : '',
    h.milestones ? `节点 ${h.milestones} 个` : '',
    h.chases ? `催办 ${h.chases} 次` : '',
    h.extensions ? `延期申请 ${h.extensions} 次` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `已有${parts.join('、')}` : '';
}

/** The dropped saved tasks a revision would archive or delete: the ids the person confirms. */
export function droppedTaskIds(existing: NonNullable<TPlanPreview['existing']>): number[] {
  return existing.diff.entries.filter((e) => e.status === 'dropped' && e.taskId !== null).map((e) => e.taskId!);
}

/**
 * What a revised document does to the saved plan, task by task (matched by content, not number): kept, renumbered,
 * changed, new, dropped — and what hangs on each dropped or changed task. Drops must be confirmed here.
 */
export function RevisionPanel(props: {
  existing: NonNullable<TPlanPreview['existing']>;
  confirmed: boolean;
  onConfirm: (v: boolean) => void;
}) {
  const { existing, confirmed, onConfirm } = props;
  const entries = existing.diff.entries;
  const count = (s: TRevisionEntry['status']) => entries.filter((e) => e.status === s).length;
  const dropped = entries.filter((e) => e.status === 'dropped');
  const archived = dropped.filter((e) => e.outcome === 'archive').length;
  const touched = entries.filter((e) => e.status !== 'kept');
  return (
    <Alert
      type={dropped.length > 0 ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 12 }}
      message={`已存在《${existing.title}》（第 ${existing.revision} 版），本文件将保存为第 ${existing.revision + 1} 版。任务按内容对应，已有的填报、节点、催办和延期记录留在原任务上。`}
      description={
        <div data-testid="revision-panel">
          <div style={{ marginBottom: 8 }}>
            {(['kept', 'renumbered', 'changed', 'new', 'dropped'] as const).map((s) => (
              <Tag key={s} color={STATUS[s].color}>
                {STATUS[s].label} {count(s)} 项
              </Tag>
            ))}
          </div>
          {touched.length > 0 && (
            <Collapse
              size="small"
              defaultActiveKey={dropped.length > 0 ? ['list'] : []}
              items={[
                {
                  key: 'list',
                  label: `逐项查看（${touched.length} 项有变化）`,
                  children: touched.map((e) => (
                    <div key={`${e.status}-${e.taskId ?? ''}-${e.number ?? ''}`} className="revision-entry">
                      <Tag color={STATUS[e.status].color}>{STATUS[e.status].label}</Tag>
                      <Typography.Text strong>
                        {e.status === 'new'
                          ? `第 ${e.number} 项`
                          : e.status === 'dropped'
                            ? `原第 ${e.previousNumber} 项`
                            : e.previousNumber === e.number
                              ? `第 ${e.number} 项`
                              : `原第 ${e.previousNumber} 项 → 第 ${e.number} 项`}
                      </Typography.Text>{' '}
                      <span>{e.text}</span>
                      {e.fields.length > 0 && (
                        <Typography.Text type="secondary">（改动：{e.fields.join('、')}）</Typography.Text>
                      )}
                      {historyText(e) && (
                        <Typography.Text type={e.status === 'dropped' ? 'danger' : 'secondary'}>
                          {' '}
                          {historyText(e)}
                        </Typography.Text>
                      )}
                      {e.outcome === 'archive' && <Tag color="volcano">将标为已撤销，保留历史</Tag>}
                      {e.outcome === 'delete' && <Tag>将删除</Tag>}
                    </div>
                  )),
                },
              ]}
            />
          )}
          {dropped.length > 0 && (
            <Checkbox
              style={{ marginTop: 8 }}
              checked={confirmed}
              onChange={(ev) => onConfirm(ev.target.checked)}
              data-testid="confirm-drops"
            >
              我已核对：修订版去掉的 {dropped.length} 项中，{archived} 项标为“已撤销”并保留历史，
              {dropped.length - archived} 项删除
            </Checkbox>
          )}
        </div>
      }
    />
  );
}
