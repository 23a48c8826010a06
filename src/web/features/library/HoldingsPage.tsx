import { useState } from 'react';
import { Button, Card, Col, Input, List, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate, useOutletContext } from 'react-router';
import type { TCurrentUser } from '../../../shared/auth.ts';
import { HOLDING_TYPES, type THoldingRecord } from '../../../shared/library.ts';
import { downloadFile, errorMessage } from '../../api/client.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { App } from 'antd';
import { createHolding, useHoldingCounts, useHoldings, useLibraryMutation } from './api.ts';
import { RecordForm } from './RecordForm.tsx';
import { usePhone } from './use-phone.ts';

const describe = (r: THoldingRecord) =>
  [
    r.areas.join('、'),
    r.periodStart || r.periodEnd ? `断限 ${r.periodStart ?? '？'}—${r.periodEnd ?? '？'}` : null,
    r.round,
    r.publisher,
    r.pubYear,
  ]
    .filter(Boolean)
    .join(' · ');

/** 馆藏目录: what the actor's offices hold, by type, searchable; 著录, import and export. */
export function HoldingsPage() {
  const me = useOutletContext<TCurrentUser>();
  const canManage = hasPermission(me, 'holding.manage');
  const phone = usePhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [type, setType] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const holdings = useHoldings({ q, type, page, pageSize: 30 });
  const counts = useHoldingCounts();
  const create = useLibraryMutation(createHolding, (d) => `已著录《${d.title}》`);
  const download = (format: string) =>
    downloadFile(
      `/api/library/holdings/export?format=${format}${type ? `&type=${type}` : ''}`,
      `馆藏.${format === 'xlsx' ? 'xlsx' : format === 'marcxml' ? 'xml' : 'mrc'}`,
    ).catch((e: unknown) => void message.error(errorMessage(e)));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Row gutter={[16, 8]}>
          <Col xs={12} md={4}>
            <Statistic title="书目（种）" value={counts.data?.records ?? 0} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title="在藏复本（册）" value={counts.data?.copies ?? 0} />
          </Col>
          {(counts.data?.byType ?? [])
            .filter((t) => t.copies > 0)
            .map((t) => (
              <Col xs={8} md={2} key={t.type}>
                <Statistic title={t.type} value={t.copies} valueStyle={{ fontSize: 18 }} />
              </Col>
            ))}
        </Row>
      </Card>
      <Card
        title="馆藏目录"
        extra={
          <Space wrap>
            <Link to="/holdings/union">联合目录</Link>
            {canManage && (
              <Link to="/holdings/imports">
                <UploadOutlined /> 导入
              </Link>
            )}
            <Typography.Link onClick={() => void download('xlsx')}>
              <DownloadOutlined /> Excel
            </Typography.Link>
            <Typography.Link onClick={() => void download('iso2709')}>MARC</Typography.Link>
            <Typography.Link onClick={() => void download('marcxml')}>MARCXML</Typography.Link>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            placeholder="题名、责任者、ISBN、分类号"
            allowClear
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
            style={{ width: phone ? 220 : 320 }}
          />
          <Select
            allowClear
            placeholder="文献类型"
            style={{ width: 130 }}
            value={type}
            onChange={(v) => {
              setType(v);
              setPage(1);
            }}
            options={HOLDING_TYPES.map((t) => ({ value: t, label: t }))}
          />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              著录
            </Button>
          )}
        </Space>
        {phone ? (
          <List<THoldingRecord>
            loading={holdings.isPending}
            dataSource={holdings.data?.rows}
            pagination={{
              current: page,
              pageSize: 30,
              total: holdings.data?.total ?? 0,
              onChange: setPage,
              hideOnSinglePage: true,
              simple: true,
            }}
            renderItem={(r) => (
              <List.Item onClick={() => void navigate(`/holdings/${r.id}`)} style={{ cursor: 'pointer' }}>
                <List.Item.Meta
                  title={
                    <>
                      <Tag>{r.type}</Tag>《{r.title}》
                    </>
                  }
                  description={
                    <>
                      {describe(r)}
                      <br />
                      复本 {r.copyCount} 册{r.isbnHyphenated ? ` · ISBN ${r.isbnHyphenated}` : ''}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        ) : (
          <Table<THoldingRecord>
            rowKey="id"
            size="small"
            loading={holdings.isPending}
            dataSource={holdings.data?.rows}
            pagination={{
              current: page,
              pageSize: 30,
              total: holdings.data?.total ?? 0,
              onChange: setPage,
              hideOnSinglePage: true,
              showTotal: (n) => `共 ${n} 种`,
            }}
            columns={[
              {
                title: '题名',
                dataIndex: 'title',
                render: (t: string, r) => <Link to={`/holdings/${r.id}`}>《{t}》</Link>,
              },
              { title: '类型', dataIndex: 'type', width: 90 },
              { title: '地区 · 断限 · 出版', key: 'd', render: (_, r) => describe(r) || '—' },
              { title: 'ISBN', dataIndex: 'isbnHyphenated', width: 170, render: (v: string | null) => v ?? '—' },
              { title: '分类号', dataIndex: 'clc', width: 100, render: (v: string | null) => v ?? '—' },
              { title: '复本', dataIndex: 'copyCount', width: 70, align: 'right' },
            ]}
          />
        )}
      </Card>
      <RecordForm
        open={creating}
        busy={create.isPending}
        onCancel={() => setCreating(false)}
        onSubmit={(body) =>
          create.mutate(body, {
            onSuccess: (d) => {
              setCreating(false);
              void navigate(`/holdings/${d.id}`);
            },
          })
        }
      />
    </Space>
  );
}
