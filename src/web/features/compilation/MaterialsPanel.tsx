import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { TOutline } from '../../../shared/compilation.ts';
import {
  CLASSIFICATION_LABELS,
  CLASSIFICATIONS,
  isClassified,
  SOURCE_FIELDS,
  SOURCE_KIND_LABELS,
  SOURCE_KINDS,
  type TCard,
  type TCardInput,
  type TContradiction,
  type TSourceCompilation,
  type TMaterials,
  type TSource,
  type TSourceInput,
  type TSourceKind,
} from '../../../shared/compilation-sources.ts';
import { api, downloadFile } from '../../api/client.ts';
import { useProjectMutation } from './api.ts';
import { nodeTree } from './DraftPanel.tsx';
import { CardBody, LevelTag } from './CardBody.tsx';
import { useContradictions, useSourceCompilation, useMaterials, type CardFilters } from './materials-api.ts';

function useNodeTree(outline: TOutline) {
  return useMemo(() => nodeTree(outline.nodes, null, new Set(outline.nodes.map((n) => n.id))), [outline]);
}

/**
 * Registers a source, or edits one (`source`): its kind's citation fields, 密级, and for a book of the gazetteer
 * database its permalink.
 */
function SourceModal({
  projectId,
  seesClassified,
  open,
  source,
  onClose,
}: {
  projectId: number;
  seesClassified: boolean;
  open: boolean;
  source?: TSource;
  onClose: (created?: TSource) => void;
}) {
  const [form] = Form.useForm<TSourceInput & { fields: Record<string, string> }>();
  const kind = (Form.useWatch('kind', form) ?? 'archive') as TSourceKind;
  const create = useProjectMutation(
    projectId,
    (v: TSourceInput) =>
      source
        ? api.put<TSource>(`/api/compilation/projects/${projectId}/sources/${source.id}`, v)
        : api.post<TSource>(`/api/compilation/projects/${projectId}/sources`, v),
    source ? '资料来源已修改' : '资料来源已登记',
  );
  return (
    <Modal
      title={source ? '修改资料来源' : '登记资料来源'}
      open={open}
      onCancel={() => onClose()}
      okText={source ? '保存' : '登记'}
      confirmLoading={create.isPending}
      onOk={() =>
        void form.validateFields().then((v) =>
          create.mutate(
            { ...v, fields: v.fields ?? {}, permalink: v.permalink || undefined },
            {
              onSuccess: (s) => {
                form.resetFields();
                onClose(s);
              },
            },
          ),
        )
      }
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          source
            ? {
                kind: source.kind,
                title: source.title,
                fields: source.fields,
                classification: source.classification,
                note: source.note ?? undefined,
                permalink: source.book?.permalink,
              }
            : { kind: 'archive', classification: 'public' }
        }
      >
        <Form.Item name="kind" label="类别">
          <Radio.Group
            optionType="button"
            options={SOURCE_KINDS.map((k) => ({ value: k, label: SOURCE_KIND_LABELS[k] }))}
          />
        </Form.Item>
        {kind === 'gazetteer' && (
          <Form.Item
            name="permalink"
            label="省情数据库永久链接（可选）"
            extra="在省情数据库阅读页点“引用”复制链接，书名、卷页和规范引文自动生成；库外的旧志请填写下方书名与卷页。"
          >
            <Input placeholder="https://…/library/books/12/sections/3#l-014-2a.3" />
          </Form.Item>
        )}
        <Form.Item name="title" label={kind === 'gazetteer' ? '题名（可留空，用书名）' : '题名'}>
          <Input maxLength={200} placeholder="案卷题名、文件标题、文章标题……" />
        </Form.Item>
        {SOURCE_FIELDS[kind].map((f) => (
          <Form.Item
            key={f.key}
            name={['fields', f.key]}
            label={f.label}
            rules={
              f.required && !(kind === 'gazetteer')
                ? [{ required: true, message: `${SOURCE_KIND_LABELS[kind]}须著录${f.label}` }]
                : []
            }
          >
            <Input maxLength={500} />
          </Form.Item>
        ))}
        <Form.Item name="classification" label="密级">
          <Select
            options={CLASSIFICATIONS.filter(
              (c) => seesClassified || !isClassified(c) || c === source?.classification,
            ).map((c) => ({
              value: c,
              label: CLASSIFICATION_LABELS[c],
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Enters or edits an excerpt card: verbatim text, fuzzy time, place, subject, locator, the nodes it serves. */
function CardModal({
  projectId,
  outline,
  materials,
  card,
  sourceId,
  open,
  onClose,
}: {
  projectId: number;
  outline: TOutline;
  materials: TMaterials;
  card: TCard | null;
  sourceId: number | null;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<TCardInput>();
  const tree = useNodeTree(outline);
  const save = useProjectMutation(
    projectId,
    (v: TCardInput) =>
      card
        ? api.put<TCard>(`/api/compilation/projects/${projectId}/cards/${card.id}`, v)
        : api.post<TCard>(`/api/compilation/projects/${projectId}/cards`, v),
    card ? '卡片已修改' : '卡片已录入',
  );
  return (
    <Modal
      title={card ? `修改卡片 #${card.id}` : '录入摘录卡片'}
      open={open}
      onCancel={onClose}
      okText="保存"
      confirmLoading={save.isPending}
      destroyOnHidden
      onOk={() =>
        void form.validateFields().then((v) =>
          save.mutate(
            {
              ...v,
              time: v.time || undefined,
              place: v.place || undefined,
              subject: v.subject || undefined,
              locator: v.locator || undefined,
              nodeIds: v.nodeIds ?? [],
            },
            { onSuccess: onClose },
          ),
        )
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          card
            ? {
                sourceId: card.sourceId,
                text: card.text,
                time: card.time ?? '',
                place: card.place ?? '',
                subject: card.subject ?? '',
                locator: card.locator ?? '',
                nodeIds: card.nodes.map((n) => n.id),
              }
            : { sourceId: sourceId ?? undefined, nodeIds: [] }
        }
      >
        <Form.Item name="sourceId" label="资料来源" rules={[{ required: true, message: '请选择卡片的资料来源' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={materials.sources.map((s) => ({
              value: s.id,
              label: `〔${SOURCE_KIND_LABELS[s.kind]}〕${s.title}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="text"
          label="摘录原文（照录，不改字）"
          rules={[{ required: true, whitespace: true, message: '请填写摘录原文' }]}
        >
          <Input.TextArea rows={5} maxLength={20000} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          <Form.Item name="time" label="时间" extra="如 1985年、1985年春、1985年3月上旬、1985年3月5日">
            <Input maxLength={40} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="place" label="地点">
            <Input maxLength={100} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="subject" label="主题">
            <Input maxLength={100} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="locator" label="出处位置（卷、页、段）">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="nodeIds" label="关联篇目">
          <TreeSelect multiple treeDefaultExpandAll showSearch treeNodeFilterProp="title" treeData={tree} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CardsTab({ projectId, outline }: { projectId: number; outline: TOutline }) {
  const tree = useNodeTree(outline);
  const [q, setQ] = useState<CardFilters>({});
  const [draftQ, setDraftQ] = useState<CardFilters>({});
  const materials = useMaterials(projectId, q);
  const [editing, setEditing] = useState<TCard | 'new' | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const [fact, setFact] = useState('');
  const [recording, setRecording] = useState(false);
  const remove = useProjectMutation(
    projectId,
    (id: number) => api.delete(`/api/compilation/projects/${projectId}/cards/${id}`),
    '卡片已删除',
  );
  const record = useProjectMutation(
    projectId,
    (v: { fact: string; cardIds: number[] }) =>
      api.post<TContradiction[]>(`/api/compilation/projects/${projectId}/contradictions`, v),
    '已记录资料矛盾，待主编或总纂裁定',
  );
  if (materials.isError) return <Alert type="error" showIcon message={String(materials.error.message)} />;
  const m = materials.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <TreeSelect
          allowClear
          placeholder="按篇目"
          style={{ width: 220 }}
          treeDefaultExpandAll
          treeData={tree}
          value={draftQ.nodeId}
          onChange={(v?: number) => setDraftQ({ ...draftQ, nodeId: v })}
        />
        <Input
          allowClear
          placeholder="主题"
          style={{ width: 120 }}
          value={draftQ.subject}
          onChange={(e) => setDraftQ({ ...draftQ, subject: e.target.value })}
        />
        <Input
          allowClear
          placeholder="自（如1980年）"
          style={{ width: 150 }}
          value={draftQ.from}
          onChange={(e) => setDraftQ({ ...draftQ, from: e.target.value })}
        />
        <Input
          allowClear
          placeholder="至（如1989年）"
          style={{ width: 150 }}
          value={draftQ.to}
          onChange={(e) => setDraftQ({ ...draftQ, to: e.target.value })}
        />
        <Input.Search
          allowClear
          placeholder="原文、地点"
          style={{ width: 180 }}
          value={draftQ.q}
          onChange={(e) => setDraftQ({ ...draftQ, q: e.target.value })}
          onSearch={() => setQ(draftQ)}
        />
        <Button onClick={() => setQ(draftQ)}>筛选</Button>
      </Space>
      <Space wrap>
        {m?.canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={!m.sources.length}>
            录入卡片
          </Button>
        )}
        {m?.canWrite && (
          <Button disabled={picked.length < 2} onClick={() => setRecording(true)}>
            记录矛盾（已选 {picked.length} 张）
          </Button>
        )}
        {m && m.hidden > 0 && (
          <Typography.Text type="secondary">另有 {m.hidden} 张卡片因密级或分工不向您显示。</Typography.Text>
        )}
      </Space>
      {m && !m.sources.length && (
        <Alert type="info" showIcon message="请先在“资料来源”中登记来源，再从来源录入卡片。" />
      )}
      <List
        loading={materials.isLoading}
        dataSource={m?.cards ?? []}
        locale={{ emptyText: '没有符合条件的卡片' }}
        renderItem={(c) => (
          <List.Item
            actions={
              c.canEdit
                ? [
                    <Button key="e" size="small" type="link" onClick={() => setEditing(c)}>
                      修改
                    </Button>,
                    <Popconfirm key="d" title={`删除卡片 #${c.id}？`} onConfirm={() => remove.mutate(c.id)}>
                      <Button size="small" type="link" danger>
                        删除
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space align="start" style={{ width: '100%' }}>
              <Checkbox
                aria-label={`选择卡片 #${c.id}`}
                checked={picked.includes(c.id)}
                onChange={(e) => setPicked((p) => (e.target.checked ? [...p, c.id] : p.filter((x) => x !== c.id)))}
              />
              <CardBody card={c} />
            </Space>
          </List.Item>
        )}
      />
      {m && editing !== null && (
        <CardModal
          projectId={projectId}
          outline={outline}
          materials={m}
          card={editing === 'new' ? null : editing}
          sourceId={null}
          open
          onClose={() => setEditing(null)}
        />
      )}
      <Modal
        title="记录资料矛盾"
        open={recording}
        onCancel={() => setRecording(false)}
        okText="记录"
        confirmLoading={record.isPending}
        onOk={() =>
          record.mutate(
            { fact, cardIds: picked },
            {
              onSuccess: () => {
                setRecording(false);
                setPicked([]);
                setFact('');
              },
            },
          )
        }
      >
        <Typography.Paragraph>
          卡片 {picked.map((id) => `#${id}`).join('、')} 对同一事实记载不一。未裁定前，关联篇目不能定稿。
        </Typography.Paragraph>
        <Input placeholder="哪一事实记载不一，如“建县时间”" value={fact} onChange={(e) => setFact(e.target.value)} />
      </Modal>
    </Space>
  );
}

function SourcesTab({ projectId, outline }: { projectId: number; outline: TOutline }) {
  const materials = useMaterials(projectId);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<TSource | null>(null);
  const [quick, setQuick] = useState<number | null>(null);
  const remove = useProjectMutation(
    projectId,
    (id: number) => api.delete(`/api/compilation/projects/${projectId}/sources/${id}`),
    '资料来源已删除',
  );
  const m = materials.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {m?.canWrite && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          登记资料来源
        </Button>
      )}
      <List
        loading={materials.isLoading}
        dataSource={m?.sources ?? []}
        locale={{ emptyText: '还没有登记资料来源' }}
        renderItem={(s) => (
          <List.Item
            actions={
              m?.canWrite
                ? [
                    <Button key="c" size="small" onClick={() => setQuick(s.id)}>
                      摘录卡片
                    </Button>,
                    ...(s.canEdit
                      ? [
                          <Button key="e" size="small" type="link" onClick={() => setEditing(s)}>
                            修改
                          </Button>,
                          <Popconfirm
                            key="d"
                            title={`删除资料来源“${s.title}”？`}
                            description={
                              s.cardCount ? `仍有 ${s.cardCount} 张卡片出自此来源，须先删除或改挂。` : undefined
                            }
                            onConfirm={() => remove.mutate(s.id)}
                          >
                            <Button size="small" type="link" danger>
                              删除
                            </Button>
                          </Popconfirm>,
                        ]
                      : []),
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <Tag color="purple">{SOURCE_KIND_LABELS[s.kind]}</Tag>
                  <span>{s.title}</span>
                  <LevelTag level={s.classification} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.cardCount} 张卡片
                  </Typography.Text>
                </Space>
              }
              description={
                <Space direction="vertical" size={0}>
                  <span>{s.citation}</span>
                  {s.book && (
                    <Typography.Link href={s.book.permalink} target="_blank">
                      在省情数据库中打开{s.book.locator ? `（${s.book.locator}）` : ''}
                    </Typography.Link>
                  )}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {m && (
        <SourceModal
          projectId={projectId}
          seesClassified={m.seesClassified}
          open={adding}
          onClose={(created) => {
            setAdding(false);
            if (created) setQuick(created.id);
          }}
        />
      )}
      {m && editing !== null && (
        <SourceModal
          key={editing.id}
          projectId={projectId}
          seesClassified={m.seesClassified}
          source={editing}
          open
          onClose={() => setEditing(null)}
        />
      )}
      {m && quick !== null && (
        <CardModal
          projectId={projectId}
          outline={outline}
          materials={m}
          card={null}
          sourceId={quick}
          open
          onClose={() => setQuick(null)}
        />
      )}
    </Space>
  );
}

function ResolveModal({
  projectId,
  contradiction,
  onClose,
}: {
  projectId: number;
  contradiction: TContradiction;
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const resolve = useProjectMutation(
    projectId,
    (v: { chosenCardId: number; reason: string }) =>
      api.post<TContradiction[]>(
        `/api/compilation/projects/${projectId}/contradictions/${contradiction.id}/resolve`,
        v,
      ),
    '已裁定',
  );
  return (
    <Modal
      title={`裁定：${contradiction.fact}`}
      open
      onCancel={onClose}
      okText="裁定"
      okButtonProps={{ disabled: chosen === null }}
      confirmLoading={resolve.isPending}
      onOk={() => chosen !== null && resolve.mutate({ chosenCardId: chosen, reason }, { onSuccess: onClose })}
    >
      <Radio.Group value={chosen} onChange={(e) => setChosen(e.target.value as number)} style={{ width: '100%' }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {contradiction.cards.map((c) => (
            <Radio key={c.id} value={c.id} disabled={!c.visible}>
              <Typography.Text strong>#{c.id}</Typography.Text> {c.time ? `〔${c.time}〕` : ''}
              {c.text}
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.citation}
              </Typography.Text>
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      <Input.TextArea
        style={{ marginTop: 12 }}
        rows={3}
        placeholder="裁定理由：依据什么、为何采信这张卡片"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}

function ContradictionsTab({ projectId, canResolve }: { projectId: number; canResolve: boolean }) {
  const list = useContradictions(projectId);
  const [resolving, setResolving] = useState<TContradiction | null>(null);
  return (
    <>
      <List
        loading={list.isLoading}
        dataSource={list.data ?? []}
        locale={{ emptyText: '没有记录资料矛盾' }}
        renderItem={(c) => (
          <List.Item
            actions={
              c.status === 'open' && canResolve
                ? [
                    <Button key="r" type="primary" size="small" onClick={() => setResolving(c)}>
                      裁定
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  {c.status === 'open' ? <Tag color="red">未裁定</Tag> : <Tag color="green">已裁定</Tag>}
                  <span>{c.fact}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.createdByName} 记录
                  </Typography.Text>
                </Space>
              }
              description={
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  {c.cards.map((card) => (
                    <Typography.Text key={card.id} mark={card.id === c.chosenCardId}>
                      #{card.id} {card.time ? `〔${card.time}〕` : ''}
                      {card.text}
                    </Typography.Text>
                  ))}
                  {c.status === 'resolved' && (
                    <Typography.Text type="success">
                      采信 #{c.chosenCardId}（{c.resolvedByName}）：{c.reason}
                    </Typography.Text>
                  )}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {resolving && <ResolveModal projectId={projectId} contradiction={resolving} onClose={() => setResolving(null)} />}
    </>
  );
}

function SourceCompilationEntries({ projectId, draft }: { projectId: number; draft: TSourceCompilation }) {
  const { message } = App.useApp();
  const [order, setOrder] = useState(() => draft.entries.map((e) => ({ card: e.card, note: e.note ?? '' })));
  const [dirty, setDirty] = useState(false);
  const save = useProjectMutation(
    projectId,
    (entries: { cardId: number; note?: string }[]) =>
      api.put<TSourceCompilation>(`/api/compilation/projects/${projectId}/nodes/${draft.nodeId}/source-compilation`, {
        entries,
      }),
    '长编顺序与编者按已保存',
  );
  const move = (i: number, d: -1 | 1) => {
    const next = [...order];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    setOrder(next);
    setDirty(true);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {draft.openContradictions.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={`本篇目有 ${draft.openContradictions.length} 处资料矛盾未裁定：${draft.openContradictions
            .map((o) => `“${o.fact}”（${o.cardIds.map((id) => `#${id}`).join('、')}）`)
            .join('；')}。裁定前不能定稿。`}
        />
      )}
      <Space wrap>
        <Typography.Text type="secondary">
          {draft.ordered ? '按编者排定的顺序' : '按时间排序（时间不详的在后）'} · {draft.entries.length} 张卡片
        </Typography.Text>
        {draft.canEdit && (
          <Button
            type="primary"
            disabled={!dirty}
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                order.map((e) => ({ cardId: e.card.id, note: e.note || undefined })),
                { onSuccess: () => setDirty(false) },
              )
            }
          >
            保存顺序与编者按
          </Button>
        )}
        {draft.canEdit && draft.ordered && (
          <Button onClick={() => save.mutate([], { onSuccess: () => setDirty(false) })}>恢复按时间排序</Button>
        )}
        <Button
          icon={<DownloadOutlined />}
          disabled={!draft.entries.length}
          onClick={() =>
            void downloadFile(
              `/api/compilation/projects/${projectId}/nodes/${draft.nodeId}/source-compilation.docx`,
              `${draft.nodeTitle}-资料长编.docx`,
            ).catch((e: unknown) => void message.error(String((e as Error).message)))
          }
        >
          导出长编 .docx
        </Button>
      </Space>
      <List
        dataSource={order}
        locale={{ emptyText: '本篇目还没有关联的摘录卡片' }}
        renderItem={(e, i) => (
          <List.Item>
            <Space direction="vertical" style={{ width: '100%' }}>
              <CardBody card={e.card} />
              {draft.canEdit ? (
                <Space wrap style={{ width: '100%' }}>
                  <Button
                    size="small"
                    icon={<ArrowUpOutlined />}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label="上移"
                  />
                  <Button
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={i === order.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label="下移"
                  />
                  <Input
                    size="small"
                    placeholder="编者按（可选）"
                    style={{ minWidth: 200, maxWidth: 480 }}
                    value={e.note}
                    onChange={(ev) => {
                      setOrder(order.map((x, j) => (j === i ? { ...x, note: ev.target.value } : x)));
                      setDirty(true);
                    }}
                  />
                </Space>
              ) : (
                e.note && <Typography.Text type="secondary">编者按：{e.note}</Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

function SourceCompilationTab({ projectId, outline }: { projectId: number; outline: TOutline }) {
  const tree = useNodeTree(outline);
  const [nodeId, setNodeId] = useState<number | null>(null);
  const draft = useSourceCompilation(projectId, nodeId);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <TreeSelect
        style={{ width: '100%', maxWidth: 520 }}
        treeDefaultExpandAll
        showSearch
        treeNodeFilterProp="title"
        placeholder="选择篇目查看其资料长编"
        value={nodeId ?? undefined}
        onChange={(v: number) => setNodeId(v)}
        treeData={tree}
      />
      {draft.isError && <Alert type="error" showIcon message={draft.error.message} />}
      {nodeId === null && <Empty description="资料长编按篇目汇集摘录卡片，按时间排列，可调整顺序、加编者按并导出" />}
      {draft.data && (
        <SourceCompilationEntries
          key={`${draft.data.nodeId}-${draft.dataUpdatedAt}`}
          projectId={projectId}
          draft={draft.data}
        />
      )}
    </Space>
  );
}

/** 资料: 摘录卡片 (with filters and contradictions), 资料来源 (with quick card entry), 资料矛盾, 资料长编. */
export function MaterialsPanel({ projectId, outline }: { projectId: number; outline: TOutline }) {
  const materials = useMaterials(projectId);
  const contradictions = useContradictions(projectId);
  const open = (contradictions.data ?? []).filter((c) => c.status === 'open').length;
  return (
    <Tabs
      size="small"
      items={[
        { key: 'cards', label: '摘录卡片', children: <CardsTab projectId={projectId} outline={outline} /> },
        { key: 'sources', label: '资料来源', children: <SourcesTab projectId={projectId} outline={outline} /> },
        {
          key: 'contradictions',
          label: open ? `资料矛盾（${open} 未裁定）` : '资料矛盾',
          children: <ContradictionsTab projectId={projectId} canResolve={materials.data?.canResolve ?? false} />,
        },
        { key: 'long', label: '资料长编', children: <SourceCompilationTab projectId={projectId} outline={outline} /> },
      ]}
    />
  );
}
