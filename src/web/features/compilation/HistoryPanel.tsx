import { useState } from 'react';
import { Button, Input, List, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TOutline, TProjectView } from '../../../shared/compilation.ts';
import { useDecideRevision, useOutlineChanges, useOutlineRevisions, useSubmitOutline } from './api.ts';

const STATUS = {
  pending: { color: 'orange', label: '待批准' },
  approved: { color: 'green', label: '已批准' },
  rejected: { color: 'red', label: '已退回' },
} as const;

/** 报批与修改记录: outline revisions (submit, approve or return) and every change to the tree. */
export function HistoryPanel({ view, outline }: { view: TProjectView; outline: TOutline }) {
  const id = view.project.id;
  const changes = useOutlineChanges(id);
  const revisions = useOutlineRevisions(id);
  const submit = useSubmitOutline(id);
  const decide = useDecideRevision(id);
  const [comment, setComment] = useState('');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Space wrap>
        {view.access.editOutline && outline.state === 'editing' && (
          <Button
            type="primary"
            loading={submit.isPending}
            onClick={() => submit.mutate(undefined)}
            disabled={outline.nodes.length === 0}
          >
            篇目报批
          </Button>
        )}
        <Typography.Text type="secondary">
          篇目经主编或副主编批准后，各条目方可开始撰稿；批准后新增或调整的条目须再次报批。
        </Typography.Text>
      </Space>
      <List
        header="篇目版本"
        dataSource={revisions.data ?? []}
        locale={{ emptyText: '尚未报批' }}
        renderItem={(r) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <strong>第 {r.number} 版</strong>
                <Tag color={STATUS[r.status].color}>{STATUS[r.status].label}</Tag>
                <span>{r.nodeCount} 条</span>
                <Typography.Text type="secondary">
                  {r.submittedBy} 于 {dayjs(r.submittedAt).format('YYYY-MM-DD HH:mm')} 报批
                </Typography.Text>
                {r.decidedBy && (
                  <Typography.Text type="secondary">
                    {r.decidedBy}：{r.comment ?? ''}
                  </Typography.Text>
                )}
              </Space>
              {r.status === 'pending' && view.access.approveOutline && (
                <Space wrap>
                  <Input
                    placeholder="审批意见（退回时必填）"
                    value={comment}
                    onChange={(e) => setComment(e.target.value)}
                    style={{ minWidth: 240 }}
                  />
                  <Button
                    type="primary"
                    onClick={() =>
                      decide.mutate(
                        { revisionId: r.id, approve: true, comment: comment || null },
                        { onSuccess: () => setComment('') },
                      )
                    }
                  >
                    批准
                  </Button>
                  <Button
                    danger
                    onClick={() =>
                      decide.mutate(
                        { revisionId: r.id, approve: false, comment: comment || null },
                        { onSuccess: () => setComment('') },
                      )
                    }
                  >
                    退回
                  </Button>
                </Space>
              )}
            </Space>
          </List.Item>
        )}
      />
      <div>
        <Typography.Title level={5}>修改记录</Typography.Title>
        <Timeline
          items={(changes.data ?? []).map((c) => ({
            children: (
              <span>
                {c.summary}{' '}
                <Typography.Text type="secondary">
                  — {c.actorName}，{dayjs(c.at).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
              </span>
            ),
          }))}
        />
      </div>
    </Space>
  );
}
