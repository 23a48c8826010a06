import { useMemo, useState } from 'react';
import {
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { UNIT_KINDS, UNIT_KIND_LABELS, type TUnit, type TUnitKind } from '../../../shared/org.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { hasPermission, useMe } from '../../auth/use-me.ts';
import { buildUnitTree, toTreeSelect, type UnitNode } from './unit-tree.ts';
import { useCreateUnit, useDeleteUnit, useLoadTemplate, useUnits, useUpdateUnit } from './api.ts';

interface UnitFormValues {
  name: string;
  kind: TUnitKind;
  parentId?: number | null;
  divisionCode?: string;
  managedById?: number | null;
  aliases: string[];
  sortOrder?: number;
  note?: string;
  /** 启用 / 停用: a unit that was merged or abolished stays in the history but is no longer offered. */
  isActive: boolean;
}

export function UnitsPage() {
  const { data: me } = useMe();
  const units = useUnits();
  const createUnit = useCreateUnit();
  const updateUnit = useUpdateUnit();
  const deleteUnit = useDeleteUnit();
  const loadTemplate = useLoadTemplate();
  const [editing, setEditing] = useState<TUnit | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm<UnitFormValues>();
  const canManage = hasPermission(me, 'unit.manage');

  const all = useMemo(() => units.data ?? [], [units.data]);
  const byId = useMemo(() => new Map(all.map((u) => [u.id, u])), [all]);
  const tree = useMemo(() => {
    if (!search.trim()) return buildUnitTree(all);
    const q = search.trim();
    return all.filter(
      (u) => u.name.includes(q) || u.aliases.some((a) => a.includes(q)) || u.divisionCode?.includes(q),
    ) as UnitNode[];
  }, [all, search]);

  const openEditor = (unit: TUnit | 'new', parentId?: number) => {
    setEditing(unit);
    form.resetFields();
    if (unit === 'new')
      form.setFieldsValue({ kind: 'department', aliases: [], parentId: parentId ?? null, isActive: true });
    else form.setFieldsValue({ ...unit, divisionCode: unit.divisionCode ?? undefined, note: unit.note ?? undefined });
  };

  const save = async () => {
    const v = await form.validateFields();
    const body = {
      name: v.name,
      kind: v.kind,
      parentId: v.parentId ?? null,
      divisionCode: v.divisionCode?.trim() ? v.divisionCode.trim() : null,
      managedById: v.managedById ?? null,
      aliases: v.aliases,
      sortOrder: v.sortOrder ?? 0,
      note: v.note?.trim() ? v.note.trim() : null,
    };
    if (editing === 'new') await createUnit.mutateAsync(body);
    else if (editing) await updateUnit.mutateAsync({ id: editing.id, ...body, isActive: v.isActive });
    setEditing(null);
  };

  const parentChoices = toTreeSelect(buildUnitTree(all), editing && editing !== 'new' ? editing.id : undefined);

  return (
    <Card
      title="组织机构"
      extra={
        <Space>
          <Input.Search
            placeholder="按名称、简称或区划代码查找"
            allowClear
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 260 }}
          />
          {canManage && (
            <Popconfirm
              title="载入吉林省组织机构模板？"
              description="将新建省方志委、各处室、直属单位及全省市县地方志工作机构；已存在的同名单位不会重复创建。"
              okText="载入"
              cancelText="取消"
              onConfirm={() => loadTemplate.mutate()}
            >
              <Button icon={<ImportOutlined />} loading={loadTemplate.isPending}>
                载入吉林省模板
              </Button>
            </Popconfirm>
          )}
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')}>
              新建单位
            </Button>
          )}
        </Space>
      }
    >
      <Table<UnitNode>
        rowKey="id"
        size="middle"
        loading={units.isPending}
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandedRowKeys: tree.map((n) => n.id) }}
        locale={{
          emptyText: (
            <Empty description={canManage ? '还没有单位。可点击“载入吉林省模板”一键建立，或逐个新建。' : '暂无单位'} />
          ),
        }}
        columns={[
          {
            title: '单位名称',
            dataIndex: 'name',
            render: (name: string, u) => (
              <span>
                {name}
                {!u.isActive && <Tag style={{ marginLeft: 8 }}>已停用</Tag>}
              </span>
            ),
          },
          { title: '类别', dataIndex: 'kind', render: (k: TUnitKind) => UNIT_KIND_LABELS[k] },
          { title: '简称', dataIndex: 'aliases', render: (a: string[]) => a.map((x) => <Tag key={x}>{x}</Tag>) },
          {
            title: '行政区划代码',
            dataIndex: 'divisionCode',
            render: (c: string | null) => c ?? <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            title: '管理关系',
            dataIndex: 'managedById',
            render: (id: number | null) => (id ? `由${byId.get(id)?.name ?? '—'}管理` : ''),
          },
          ...(canManage
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 220,
                  render: (_: unknown, u: UnitNode) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => openEditor(u)}>
                        编辑
                      </Button>
                      <Button type="link" size="small" onClick={() => openEditor('new', u.id)}>
                        添加下级
                      </Button>
                      <Popconfirm
                        title={`删除“${u.name}”？`}
                        okText="删除"
                        cancelText="取消"
                        onConfirm={() => deleteUnit.mutate(u.id)}
                      >
                        <Button type="link" size="small" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        title={editing === 'new' ? '新建单位' : '编辑单位'}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => void save().catch(() => undefined)}
        okText="保存"
        cancelText="取消"
        confirmLoading={createUnit.isPending || updateUnit.isPending}
        destroyOnHidden
        width={560}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
            <Input maxLength={LIMITS.unitNameMax} showCount />
          </Form.Item>
          <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
            <Select options={UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="parentId" label="上级单位">
            <TreeSelect
              treeData={parentChoices}
              allowClear
              showSearch
              treeNodeFilterProp="title"
              placeholder="无（顶级单位）"
            />
          </Form.Item>
          <Form.Item name="aliases" label="简称" tooltip="文件中常用的简称，如“省方志委”。输入后按回车添加。">
            <Select mode="tags" tokenSeparators={['，', ',', '、']} open={false} placeholder="输入简称后回车" />
          </Form.Item>
          <Form.Item
            name="divisionCode"
            label="行政区划代码"
            rules={[{ pattern: /^\d{6}$/, message: '应为 6 位数字，例如 220100' }]}
          >
            <Input maxLength={6} placeholder="GB/T 2260，例如 220100" />
          </Form.Item>
          <Form.Item name="managedById" label="管理单位" tooltip="与区划隶属不同的管理关系，如省直管的梅河口市。">
            <TreeSelect
              treeData={parentChoices}
              allowClear
              showSearch
              treeNodeFilterProp="title"
              placeholder="同上级单位"
            />
          </Form.Item>
          <Form.Item name="sortOrder" label="排序号">
            <InputNumber min={0} max={100000} />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input.TextArea maxLength={LIMITS.noteMax} rows={2} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item
              name="isActive"
              label="状态"
              valuePropName="checked"
              tooltip="已撤销或合并、但仍有任务和记录的单位，请设为停用：历史记录保留，不再出现在新的选择中。"
            >
              <Switch checkedChildren="启用" unCheckedChildren="停用" data-testid="unit-active" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
