import { useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link, useOutletContext, useParams } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import { ACQUISITION_METHODS, COPY_STATUSES, type TCopy } from '../../../shared/library.ts';
import { errorMessage } from '../../api/client.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { addCopy, addIssue, changeCopy, deleteCopy, useHolding, useLibraryMutation } from './api.ts';
import { usePhone } from './use-phone.ts';

function AddCopyForm({
  recordId,
  issues,
}: {
  recordId: number;
  issues: { id: number; year: number; label: string }[];
}) {
  const [form] = Form.useForm<{
    barcode: string;
    location?: string;
    acquisition: string;
    acquiredOn: dayjs.Dayjs;
    issueId?: number;
  }>();
  const add = useLibraryMutation(
    (v: Parameters<typeof addCopy>[1]) => addCopy(recordId, v),
    () => '已添加复本',
  );
  return (
    <Form
      form={form}
      layout="inline"
      style={{ rowGap: 8 }}
      initialValues={{ acquisition: '购买', acquiredOn: dayjs() }}
      onFinish={(v) =>
        add.mutate(
          {
            barcode: v.barcode,
            location: v.location ?? null,
            acquisition: v.acquisition as (typeof ACQUISITION_METHODS)[number],
            acquiredOn: v.acquiredOn.format('YYYY-MM-DD'),
            issueId: v.issueId ?? null,
          },
          { onSuccess: () => form.resetFields(['barcode']) },
        )
      }
    >
      <Form.Item name="barcode" rules={[{ required: true, message: '请填写条码号' }]}>
        <Input placeholder="条码号" style={{ width: 140 }} />
      </Form.Item>
      {issues.length > 0 && (
        <Form.Item name="issueId">
          <Select
            placeholder="期号"
            style={{ width: 150 }}
            options={issues.map((i) => ({ value: i.id, label: `${i.year} 年${i.label}` }))}
          />
        </Form.Item>
      )}
      <Form.Item name="location">
        <Input placeholder="馆藏位置" style={{ width: 130 }} />
      </Form.Item>
      <Form.Item name="acquisition">
        <Select style={{ width: 90 }} options={ACQUISITION_METHODS.map((m) => ({ value: m, label: m }))} />
      </Form.Item>
      <Form.Item name="acquiredOn">
        <DatePicker allowClear={false} />
      </Form.Item>
      <Button htmlType="submit" loading={add.isPending}>
        添加复本
      </Button>
    </Form>
  );
}

/** One record: its description (CNMARC meanings in Chinese) and the copies the actor's offices hold. */
export function HoldingDetailPage() {
  const id = Number(useParams().id);
  const me = useOutletContext<TCurrentUser>();
  const canManage = hasPermission(me, 'holding.manage');
  const phone = usePhone();
  const holding = useHolding(id);
  const [issue, setIssue] = useState<{ year?: number; label?: string }>({});
  const newIssue = useLibraryMutation(
    (v: { year: number; label: string }) => addIssue(id, v),
    () => '已登记期号',
  );
  const status = useLibraryMutation(
    (v: { copyId: number; status: (typeof COPY_STATUSES)[number] }) => changeCopy(v.copyId, { status: v.status }),
    () => '已修改复本状态',
  );
  const remove = useLibraryMutation(deleteCopy, () => '已删除复本');
  if (holding.isPending) return <Spin />;
  if (holding.isError)
    return (
      <Result
        status="warning"
        title="无法查看该书目"
        subTitle={errorMessage(holding.error)}
        extra={<Link to="/holdings">返回馆藏目录</Link>}
      />
    );
  const h = holding.data;
  const statusSelect = (c: TCopy) =>
    canManage ? (
      <Select<(typeof COPY_STATUSES)[number]>
        size="small"
        value={c.status as (typeof COPY_STATUSES)[number]}
        style={{ width: 84 }}
        aria-label={`复本 ${c.barcode} 状态`}
        onChange={(v: (typeof COPY_STATUSES)[number]) => status.mutate({ copyId: c.id, status: v })}
        options={COPY_STATUSES.map((s) => ({ value: s, label: s }))}
      />
    ) : (
      <Tag>{c.status}</Tag>
    );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <>
            <Tag>{h.type}</Tag>《{h.title}》
          </>
        }
        extra={<Link to="/holdings">馆藏目录</Link>}
      >
        <Descriptions
          size="small"
          column={phone ? 1 : 3}
          items={[
            { key: 'o', label: '副题名', children: h.otherTitle ?? '—' },
            { key: 'r', label: '责任者', children: h.responsibility ?? '—' },
            { key: 'c', label: '编纂单位', children: h.compilingBody ?? '—' },
            {
              key: 'a',
              label: '地区',
              children: h.areas.length ? h.areas.map((a, i) => `${a}（${h.divisionCodes[i]}）`).join('、') : '—',
            },
            {
              key: 'p',
              label: '断限',
              children: h.periodStart || h.periodEnd ? `${h.periodStart ?? '？'}—${h.periodEnd ?? '？'}` : '—',
            },
            { key: 'rd', label: '修志轮次', children: h.round ?? '—' },
            {
              key: 'pub',
              label: '出版',
              children: [h.pubPlace, h.publisher, h.pubYear].filter(Boolean).join('：') || '—',
            },
            { key: 'e', label: '版次', children: h.edition ?? '—' },
            { key: 'x', label: '载体形态', children: h.extent ?? '—' },
            { key: 'i', label: 'ISBN', children: h.isbnHyphenated ?? '—' },
            { key: 'cip', label: 'CIP 核字号', children: h.cip ?? '—' },
            { key: 'clc', label: '中图法分类号', children: h.clc ?? '—' },
            { key: 's', label: '主题词', children: h.subjects.join('；') || '—' },
            { key: 'n', label: '附注', children: h.note ?? '—' },
          ]}
        />
        {h.type === '期刊' && (
          <div style={{ marginTop: 12 }}>
            <Typography.Text strong>期号：</Typography.Text>{' '}
            {h.issues.map((i) => (
              <Tag key={i.id}>
                {i.year} 年{i.label}
              </Tag>
            ))}
            {canManage && (
              <Space style={{ marginTop: 8 }} wrap>
                <InputNumber
                  placeholder="年"
                  value={issue.year}
                  onChange={(v) => setIssue({ ...issue, year: v ?? undefined })}
                />
                <Input
                  placeholder="如 第1期"
                  value={issue.label}
                  onChange={(e) => setIssue({ ...issue, label: e.target.value })}
                  style={{ width: 120 }}
                />
                <Button
                  disabled={!issue.year || !issue.label}
                  onClick={() =>
                    newIssue.mutate({ year: issue.year!, label: issue.label! }, { onSuccess: () => setIssue({}) })
                  }
                >
                  登记期号
                </Button>
              </Space>
            )}
          </div>
        )}
      </Card>
      <Card title={`复本（在藏 ${h.copyCount} 册）`}>
        {canManage && (
          <div style={{ marginBottom: 12 }}>
            <AddCopyForm recordId={h.id} issues={h.issues} />
          </div>
        )}
        {phone ? (
          <List<TCopy>
            dataSource={h.copies}
            renderItem={(c) => (
              <List.Item extra={statusSelect(c)}>
                <List.Item.Meta
                  title={c.barcode}
                  description={`${c.unitName} · ${c.acquisition} · ${c.acquiredOn}${c.location ? ` · ${c.location}` : ''}${c.issueLabel ? ` · ${c.issueLabel}` : ''}`}
                />
              </List.Item>
            )}
          />
        ) : (
          <Table<TCopy>
            rowKey="id"
            size="small"
            dataSource={h.copies}
            pagination={false}
            columns={[
              { title: '条码号', dataIndex: 'barcode', width: 150 },
              { title: '收藏单位', dataIndex: 'unitName' },
              { title: '期号', dataIndex: 'issueLabel', width: 110, render: (v: string | null) => v ?? '—' },
              { title: '馆藏位置', dataIndex: 'location', render: (v: string | null) => v ?? '—' },
              { title: '入藏方式', dataIndex: 'acquisition', width: 90 },
              { title: '入藏日期', dataIndex: 'acquiredOn', width: 110 },
              { title: '状态', key: 'status', width: 100, render: (_, c) => statusSelect(c) },
              ...(canManage
                ? [
                    {
                      title: '',
                      key: 'ops',
                      width: 60,
                      render: (_: unknown, c: TCopy) => (
                        <Popconfirm
                          title={`删除复本 ${c.barcode}？`}
                          description="误登记才删除；遗失或剔除请改状态。"
                          okText="删除"
                          cancelText="取消"
                          onConfirm={() => remove.mutate(c.id)}
                        >
                          <Typography.Link type="danger">删除</Typography.Link>
                        </Popconfirm>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
