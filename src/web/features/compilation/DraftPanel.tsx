import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Input,
  List,
  Row,
  Space,
  Tag,
  TreeSelect,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import {
  NODE_STATUS_LABELS,
  type TDraftDiff,
  type TNodeDrafts,
  type TOutline,
  type TOutlineNode,
} from '../../../shared/compilation.ts';
import { api, errorMessage, uploadFile } from '../../api/client.ts';
import { projectKey, useProjectMutation } from './api.ts';
import { DraftEditorView, DraftToolbar, insertCardRef, useDraftEditor } from './DraftEditor.tsx';
import { CiteCardModal, ParagraphSources } from './CitePanels.tsx';
import { numbered } from './OutlinePanel.tsx';
import { ProblemList } from './CheckPanel.tsx';

const SOURCE_LABELS = { editor: '编辑', docx: '导入 Word', restore: '恢复' } as const;

export function nodeTree(
  nodes: readonly TOutlineNode[],
  parentId: number | null,
  ids: Set<number>,
): { value: number; title: string; children: ReturnType<typeof nodeTree> }[] {
  return nodes
    .filter((n) => n.parentId === parentId || (parentId === null && n.parentId !== null && !ids.has(n.parentId)))
    .map((n) => ({ value: n.id, title: numbered(n), children: nodeTree(nodes, n.id, ids) }));
}

function DiffView({ diff }: { diff: TDraftDiff }) {
  return (
    <Card
      size="small"
      title={`第 ${diff.from.version} 版 → 第 ${diff.to.version} 版：增 ${diff.inserted} 字，删 ${diff.deleted} 字`}
    >
      <div className="fz-diff" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9 }}>
        {diff.segments.map((s, i) =>
          s.op === 'equal' ? (
            <span key={i}>{s.text}</span>
          ) : s.op === 'insert' ? (
            <ins key={i} className="fz-diff-ins">
              {s.text}
            </ins>
          ) : (
            <del key={i} className="fz-diff-del">
              {s.text}
            </del>
          ),
        )}
      </div>
    </Card>
  );
}

function NodeDrafts({ projectId, node }: { projectId: number; node: TOutlineNode }) {
  const { message } = App.useApp();
  const key = [...projectKey(projectId), 'drafts', node.id];
  const drafts = useQuery({
    queryKey: key,
    queryFn: () => api.get<TNodeDrafts>(`/api/compilation/projects/${projectId}/nodes/${node.id}/drafts`),
  });
  const d = drafts.data;
  const editor = useDraftEditor(d?.latest?.html ?? '', Boolean(d?.canWrite && d.approved));
  const [note, setNote] = useState('');
  const [picked, setPicked] = useState<number[]>([]);
  const [diff, setDiff] = useState<TDraftDiff | null>(null);
  const [importing, setImporting] = useState(false);
  const [citing, setCiting] = useState(false);
  const save = useProjectMutation(
    projectId,
    (v: { html: string; note: string | null; baseVersion: number }) =>
      api.post<TNodeDrafts>(`/api/compilation/projects/${projectId}/nodes/${node.id}/drafts`, v),
    '已保存为新版本',
  );
  const restore = useProjectMutation(
    projectId,
    (versionId: number) => api.post<TNodeDrafts>(`/api/compilation/projects/${projectId}/drafts/${versionId}/restore`),
    '已恢复为新版本',
  );
  const status = useProjectMutation(
    projectId,
    (s: TNodeDrafts['status']) =>
      api.post<TNodeDrafts>(`/api/compilation/projects/${projectId}/nodes/${node.id}/status`, { status: s }),
    '状态已更新',
  );
  if (drafts.isError) return <Alert type="error" showIcon message={errorMessage(drafts.error)} />;
  if (!d) return <Card loading />;
  const compare = () => {
    const [a, b] = picked;
    if (a === undefined || b === undefined) return;
    api
      .get<TDraftDiff>(`/api/compilation/projects/${projectId}/nodes/${node.id}/diff?from=${a}&to=${b}`)
      .then(setDiff, (e: unknown) => void message.error(errorMessage(e)));
  };
  const importDocx = (file: File) => {
    const form = new FormData();
    form.set('file', file);
    setImporting(true);
    uploadFile<TNodeDrafts>(`/api/compilation/projects/${projectId}/nodes/${node.id}/drafts/import`, form)
      .then(
        () => drafts.refetch(),
        (e: unknown) => void message.error(errorMessage(e)),
      )
      .finally(() => setImporting(false));
  };
  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text strong>{numbered(node)}</Typography.Text>
            <Tag>{NODE_STATUS_LABELS[d.status]}</Tag>
            {d.latest && (
              <Typography.Text type="secondary">
                第 {d.latest.version} 版 · {d.latest.chars} 字{node.wordBudget ? ` / 预算 ${node.wordBudget} 字` : ''}
              </Typography.Text>
            )}
          </Space>
          {!d.approved && (
            <Alert
              type="warning"
              showIcon
              message="本条所在篇目尚未批准，暂不能撰稿。请主编在“报批与记录”中批准篇目。"
            />
          )}
          {d.canWrite && d.approved && editor && <DraftToolbar editor={editor} onCite={() => setCiting(true)} />}
          {editor && (
            <CiteCardModal
              projectId={projectId}
              nodeId={node.id}
              open={citing}
              onClose={() => setCiting(false)}
              onPick={(card) => {
                insertCardRef(editor, card.id);
                setCiting(false);
              }}
            />
          )}
          <DraftEditorView editor={editor} />
          {d.problems.length > 0 && (
            <Card size="small" title={`检查发现 ${d.problems.length} 个问题`}>
              <ProblemList problems={d.problems} />
            </Card>
          )}
          {d.canWrite && d.approved && (
            <Space wrap>
              <Input
                placeholder="本次修改说明（可选）"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                style={{ width: 240 }}
                maxLength={200}
              />
              <Button
                type="primary"
                loading={save.isPending}
                onClick={() =>
                  editor &&
                  save.mutate(
                    { html: editor.getHTML(), note: note || null, baseVersion: d.latest?.version ?? 0 },
                    { onSuccess: () => setNote('') },
                  )
                }
              >
                保存为新版本
              </Button>
              <Upload accept=".docx" showUploadList={false} beforeUpload={(f) => (importDocx(f), false)}>
                <Button icon={<UploadOutlined />} loading={importing}>
                  导入 Word 稿件
                </Button>
              </Upload>
              {d.canFinalise && d.latest && d.status !== 'final' && (
                <Button onClick={() => status.mutate('final')}>定稿</Button>
              )}
              {d.canFinalise && d.status === 'final' && (
                <Button onClick={() => status.mutate('edited')}>取消定稿</Button>
              )}
            </Space>
          )}
        </Space>
      </Col>
      <Col xs={24} xl={8}>
        <List
          size="small"
          header={
            <Space wrap>
              版本（勾选两个比较）
              <Button size="small" disabled={picked.length !== 2} onClick={compare}>
                比较
              </Button>
            </Space>
          }
          dataSource={d.versions}
          locale={{ emptyText: '还没有稿件' }}
          renderItem={(v) => (
            <List.Item
              actions={
                d.canWrite && d.approved && v.version !== d.latest?.version
                  ? [
                      <Button key="r" size="small" onClick={() => restore.mutate(v.id)}>
                        恢复
                      </Button>,
                    ]
                  : []
              }
            >
              <Checkbox
                checked={picked.includes(v.id)}
                onChange={(e) =>
                  setPicked((p) => (e.target.checked ? [...p, v.id].slice(-2) : p.filter((x) => x !== v.id)))
                }
              >
                第 {v.version} 版 <Tag bordered={false}>{SOURCE_LABELS[v.source]}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {v.createdBy} · {dayjs(v.createdAt).format('MM-DD HH:mm')} · {v.chars} 字
                  {v.note ? ` · ${v.note}` : ''}
                </Typography.Text>
              </Checkbox>
            </List.Item>
          )}
        />
        {diff && <DiffView diff={diff} />}
        <div style={{ marginTop: 16 }}>
          <ParagraphSources projectId={projectId} nodeId={node.id} />
        </div>
      </Col>
    </Row>
  );
}

/** 稿件: pick a node, write or import its draft, compare and restore versions. */
export function DraftPanel({
  projectId,
  outline,
  initialNodeId,
}: {
  projectId: number;
  outline: TOutline;
  initialNodeId: number | null;
}) {
  const [nodeId, setNodeId] = useState<number | null>(initialNodeId);
  const ids = useMemo(() => new Set(outline.nodes.map((n) => n.id)), [outline]);
  const tree = useMemo(() => nodeTree(outline.nodes, null, ids), [outline, ids]);
  const node = outline.nodes.find((n) => n.id === nodeId) ?? null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <TreeSelect
        style={{ width: '100%', maxWidth: 520 }}
        treeDefaultExpandAll
        showSearch
        treeNodeFilterProp="title"
        placeholder="选择篇目"
        value={nodeId ?? undefined}
        onChange={(v: number) => setNodeId(v)}
        treeData={tree}
      />
      {node ? (
        <NodeDrafts key={node.id} projectId={projectId} node={node} />
      ) : (
        <Empty description="选择一个篇目查看或撰写稿件" />
      )}
    </Space>
  );
}
