import { useState } from 'react';
import { Card, Input, List, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { HOLDING_TYPES, type TUnionRow } from '../../../shared/library.ts';
import { useUnion } from './api.ts';
import { usePhone } from './use-phone.ts';

/** 联合目录: which office holds how many copies of each title (offices the user may see). */
export function UnionCataloguePage() {
  const phone = usePhone();
  const [q, setQ] = useState('');
  const [type, setType] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const union = useUnion({ q, type, page, pageSize: 30 });
  const units = union.data?.units ?? [];
  return (
    <Card title="联合目录" extra={<Link to="/holdings">馆藏目录</Link>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder="题名、ISBN"
          allowClear
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          style={{ width: 240 }}
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
      </Space>
      {phone ? (
        <List<TUnionRow>
          loading={union.isPending}
          dataSource={union.data?.rows}
          pagination={{
            current: page,
            pageSize: 30,
            total: union.data?.total ?? 0,
            onChange: setPage,
            simple: true,
            hideOnSinglePage: true,
          }}
          renderItem={(r) => (
            <List.Item>
              <List.Item.Meta
                title={<Link to={`/holdings/${r.recordId}`}>《{r.title}》</Link>}
                description={
                  r.holders.length
                    ? r.holders.map((h) => (
                        <Tag key={h.unitId}>
                          {h.unitName} {h.copies}
                        </Tag>
                      ))
                    : '无在藏复本'
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<TUnionRow>
          rowKey="recordId"
          size="small"
          loading={union.isPending}
          dataSource={union.data?.rows}
          scroll={{ x: 400 + units.length * 110 }}
          pagination={{
            current: page,
            pageSize: 30,
            total: union.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          columns={[
            {
              title: '题名',
              dataIndex: 'title',
              fixed: 'left',
              width: 260,
              render: (t: string, r) => <Link to={`/holdings/${r.recordId}`}>《{t}》</Link>,
            },
            { title: '类型', dataIndex: 'type', width: 80 },
            ...units.map((u) => ({
              title: u.name.replace('地方志工作机构', ''),
              key: `u${u.id}`,
              width: 110,
              align: 'center' as const,
              render: (_: unknown, r: TUnionRow) => r.holders.find((h) => h.unitId === u.id)?.copies ?? '',
            })),
          ]}
        />
      )}
    </Card>
  );
}
