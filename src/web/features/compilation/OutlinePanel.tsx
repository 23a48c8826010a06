import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { TreeDataNode } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import {
  GENRES,
  MATTER_LABELS,
  MATTERS,
  levelsOf,
  type TOutline,
  type TOutlineNode,
  type TProjectKind,
  type TProjectView,
} from '../../../shared/compilation.ts';
import { useUnits } from '../admin/api.ts';
import { useAddNode, useDeleteNode, useMergeNode, useMoveNode, usePeople, useSplitNode, useUpdateNode } from './api.ts';

/** “第一章 沿革”, “一、古代”: the number as the book prints it. */
export function numbered(n: Pick<TOutlineNode, 'number' | 'title'>): string {
  if (!n.number) return n.title;
  return /[、）]$/.test(n.number) ? `${n.number}${n.title}` : `${n.number} ${n.title}`;
}

function toTree(nodes: readonly TOutlineNode[], parentId: number | null, visible: Set<number>): TreeDataNode[] {
  return nodes
    .filter((n) => n.parentId === parentId || (parentId === null && n.parentId !== null && !visible.has(n.parentId)))
    .map((n) => ({
      key: n.id,
      title: (
        <Space size={4} wrap>
          <span>{numbered(n)}</span>
          <Tag bordered={false}>{n.level}</Tag>
          {n.genre !== '志' && n.genre !== '记' && (
            <Tag color="blue" bordered={false}>
              {n.genre}
            </Tag>
          )}
          {n.ownerUnitName && <Tag bordered={false}>{n.ownerUnitName}</Tag>}
          {n.notUpdated && <Tag color="orange">未更新</Tag>}
          {!n.approved && <Tag color="default">未批准</Tag>}
        </Space>
      ),
      children: toTree(nodes, n.id, visible),
    }));
}

function NodeEditor({
  view,
  outline,
  node,
  onDone,
}: {
  view: TProjectView;
  outline: TOutline;
  node: TOutlineNode;
  onDone: () => void;
}) {
  const id = view.project.id;
  const units = useUnits();
  const people = usePeople(view.access.editOutline);
  const update = useUpdateNode(id);
  const add = useAddNode(id);
  const remove = useDeleteNode(id);
  const move = useMoveNode(id);
  const split = useSplitNode(id);
  const merge = useMergeNode(id);
  const [splitOpen, setSplitOpen] = useState(false);
  const [splitForm] = Form.useForm<{ title: string; childIds: number[] }>();
  const [mergeWith, setMergeWith] = useState<number | null>(null);
  const siblings = outline.nodes.filter((n) => n.parentId === node.parentId);
  const index = siblings.findIndex((s) => s.id === node.id);
  const children = outline.nodes.filter((n) => n.parentId === node.id);
  const canEdit = view.access.editOutline;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form
        key={node.id}
        layout="vertical"
        disabled={!canEdit}
        initialValues={{
          title: node.title,
          level: node.level,
          genre: node.genre,
          matter: node.matter,
          ownerUnitId: node.ownerUnitId,
          writerId: node.writerId,
          wordBudget: node.wordBudget,
        }}
        onFinish={(v: {
          title: string;
          level: TOutlineNode['level'];
          genre: TOutlineNode['genre'];
          matter: TOutlineNode['matter'];
          ownerUnitId: number | null;
          writerId: number | null;
          wordBudget: number | null;
        }) =>
          update.mutate({
            nodeId: node.id,
            ...v,
            ownerUnitId: v.ownerUnitId ?? null,
            writerId: v.writerId ?? null,
            wordBudget: v.wordBudget ?? null,
          })
        }
      >
        <Form.Item name="title" label="标题（不含编号）" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={8}>
          <Col span={8}>
            <Form.Item name="level" label="层级">
              <Select options={levelsOf(view.project.kind as TProjectKind).map((l) => ({ value: l, label: l }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="genre" label="体裁">
              <Select options={GENRES.map((g) => ({ value: g, label: g }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="matter" label="位置">
              <Select options={MATTERS.map((m) => ({ value: m, label: MATTER_LABELS[m] }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="ownerUnitId" label="承编单位">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="未分配"
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="writerId" label="撰稿人">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="未分配"
            options={(people.data ?? []).map((p) => ({
              value: p.id,
              label: `${p.displayName}${p.unitName ? `（${p.unitName}）` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="wordBudget" label="字数预算">
          <InputNumber min={0} step={1000} style={{ width: '100%' }} placeholder="例如 3000" addonAfter="字" />
        </Form.Item>
        {canEdit && (
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            保存
          </Button>
        )}
      </Form>
      {canEdit && (
        <Space wrap>
          <Button icon={<PlusOutlined />} onClick={() => add.mutate({ parentId: node.id, title: '新篇目' })}>
            添加下级
          </Button>
          <Button
            onClick={() =>
              add.mutate({ parentId: node.parentId, title: '新篇目', beforeId: siblings[index + 1]?.id ?? null })
            }
          >
            在后面添加
          </Button>
          <Button
            icon={<ArrowUpOutlined />}
            disabled={index <= 0}
            onClick={() =>
              move.mutate({ nodeId: node.id, parentId: node.parentId, beforeId: siblings[index - 1]?.id ?? null })
            }
          >
            上移
          </Button>
          <Button
            icon={<ArrowDownOutlined />}
            disabled={index >= siblings.length - 1}
            onClick={() =>
              move.mutate({ nodeId: node.id, parentId: node.parentId, beforeId: siblings[index + 2]?.id ?? null })
            }
          >
            下移
          </Button>
          <Button onClick={() => setSplitOpen(true)}>拆分</Button>
          <Select
            style={{ minWidth: 160 }}
            placeholder="并入本条…"
            value={mergeWith}
            onChange={setMergeWith}
            options={siblings.filter((s) => s.id !== node.id).map((s) => ({ value: s.id, label: numbered(s) }))}
          />
          <Button
            disabled={mergeWith === null}
            onClick={() =>
              mergeWith !== null &&
              merge.mutate({ nodeId: node.id, otherId: mergeWith }, { onSuccess: () => setMergeWith(null) })
            }
          >
            合并
          </Button>
          <Popconfirm
            title={`删除“${node.title}”${children.length ? '及其全部下级' : ''}？`}
            okText="删除"
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutate(node.id, { onSuccess: onDone })}
          >
            <Button danger>删除</Button>
          </Popconfirm>
        </Space>
      )}
      <Modal
        title={`拆分“${node.title}”`}
        open={splitOpen}
        onCancel={() => setSplitOpen(false)}
        okText="拆分"
        onOk={() =>
          void splitForm
            .validateFields()
            .then((v) =>
              split.mutate(
                { nodeId: node.id, title: v.title, childIds: v.childIds ?? [] },
                { onSuccess: () => setSplitOpen(false) },
              ),
            )
        }
      >
        <Form form={splitForm} layout="vertical">
          <Form.Item name="title" label="新篇目标题" rules={[{ required: true, message: '请填写新篇目的标题' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="childIds" label="移到新篇目的下级（按所选顺序）">
            <Select
              mode="multiple"
              options={children.map((c) => ({ value: c.id, label: numbered(c) }))}
              placeholder={children.length ? '选择下级' : '本条没有下级'}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** The 篇目 tree: drag to reorder or re-parent, click a node to edit it. */
export function OutlinePanel({ view, outline }: { view: TProjectView; outline: TOutline }) {
  const id = view.project.id;
  const screens = Grid.useBreakpoint();
  const [selected, setSelected] = useState<number | null>(null);
  const add = useAddNode(id);
  const move = useMoveNode(id);
  const visible = useMemo(() => new Set(outline.nodes.map((n) => n.id)), [outline]);
  const tree = useMemo(() => toTree(outline.nodes, null, visible), [outline, visible]);
  const node = outline.nodes.find((n) => n.id === selected) ?? null;
  const notUpdated = outline.nodes.filter((n) => n.notUpdated).length;
  const editor = node && <NodeEditor view={view} outline={outline} node={node} onDone={() => setSelected(null)} />;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        {notUpdated > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={`沿用往年框架的篇目中有 ${notUpdated} 条尚未更新（标“未更新”）。`}
          />
        )}
        {outline.nodes.length === 0 ? (
          <Empty
            description={
              view.access.editOutline ? '篇目为空：可在“导入篇目”中上传现有篇目，或在此新增。' : '篇目尚未编制'
            }
          >
            {view.access.editOutline && (
              <Button type="primary" onClick={() => add.mutate({ parentId: null, title: '新篇目' })}>
                新增第一条
              </Button>
            )}
          </Empty>
        ) : (
          <Tree
            blockNode
            defaultExpandAll
            showLine
            draggable={view.access.editOutline ? { icon: false } : false}
            treeData={tree}
            selectedKeys={selected ? [selected] : []}
            onSelect={(keys) => setSelected(keys.length ? Number(keys[0]) : null)}
            onDrop={(info) => {
              const dragId = Number(info.dragNode.key);
              const target = outline.nodes.find((n) => n.id === Number(info.node.key));
              if (!target) return;
              if (!info.dropToGap) {
                move.mutate({ nodeId: dragId, parentId: target.id, beforeId: null });
                return;
              }
              const siblings = outline.nodes.filter((n) => n.parentId === target.parentId && n.id !== dragId);
              const at = siblings.findIndex((s) => s.id === target.id);
              const rel = info.dropPosition - Number(String(info.node.pos).split('-').at(-1));
              const before = rel < 0 ? target : siblings[at + 1];
              move.mutate({ nodeId: dragId, parentId: target.parentId, beforeId: before?.id ?? null });
            }}
          />
        )}
        {view.access.editOutline && outline.nodes.length > 0 && (
          <Button
            style={{ marginTop: 12 }}
            icon={<PlusOutlined />}
            onClick={() => add.mutate({ parentId: null, title: '新篇目' })}
          >
            新增第一层篇目
          </Button>
        )}
      </Col>
      {screens.lg ? (
        <Col lg={10}>
          <Card size="small" title={node ? numbered(node) : '篇目详情'}>
            {editor ?? (
              <Typography.Text type="secondary">
                点击左侧篇目查看或修改其层级、体裁、承编单位、撰稿人和字数预算。
              </Typography.Text>
            )}
          </Card>
        </Col>
      ) : (
        <Drawer open={node !== null} onClose={() => setSelected(null)} title={node ? numbered(node) : ''} width="100%">
          {editor}
        </Drawer>
      )}
    </Row>
  );
}
