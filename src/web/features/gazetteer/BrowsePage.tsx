import { Alert, Card, Col, Empty, List, Row, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { Link, useSearchParams } from 'react-router';
import type { TBrowseFacet, TBrowseNode } from '../../../shared/gazetteer-bib.ts';
import { errorMessage } from '../../api/client.ts';
import { useBrowse } from './api.ts';
import { useLibraryBase } from './SearchPage.tsx';

const KEYS = ['region', 'period', 'type', 'compiler'] as const;
type Key = (typeof KEYS)[number];

function toTree(nodes: TBrowseNode[]): DataNode[] {
  return nodes.map((n) => ({
    key: n.key,
    title: `${n.label}（${n.count}）`,
    children: toTree(n.children),
    isLeaf: n.children.length === 0,
  }));
}

function FacetList({
  title,
  facets,
  selected,
  onSelect,
}: {
  title: string;
  facets: TBrowseFacet[];
  selected: string | undefined;
  onSelect: (v: string | undefined) => void;
}) {
  if (facets.length === 0) return null;
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        {facets.map((f) => (
          <Tag.CheckableTag
            key={f.value}
            checked={selected === f.value}
            onChange={(on) => onSelect(on ? f.value : undefined)}
          >
            {f.label}（{f.count}）
          </Tag.CheckableTag>
        ))}
      </div>
    </Card>
  );
}

/** Browsing without a query: region tree (today's divisions, historical names under them), period, kind, compiler. */
export function BrowsePage() {
  const [params, setParams] = useSearchParams();
  const base = useLibraryBase();
  const selected = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? undefined])) as Record<
    Key,
    string | undefined
  >;
  const browse = useBrowse(selected);
  const set = (key: Key, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  if (browse.isError) return <Alert type="error" showIcon message={errorMessage(browse.error)} />;
  const data = browse.data;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8} lg={7}>
        <Card size="small" title="按地区" style={{ marginBottom: 12 }}>
          {data && data.regions.length > 0 ? (
            <Tree
              showLine
              defaultExpandAll
              selectedKeys={selected.region ? [selected.region] : []}
              treeData={toTree(data.regions)}
              onSelect={(keys) => set('region', keys[0] === undefined ? undefined : String(keys[0]))}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无书目" />
          )}
        </Card>
        {data && (
          <>
            <FacetList
              title="按时代"
              facets={data.periods}
              selected={selected.period}
              onSelect={(v) => set('period', v)}
            />
            <FacetList title="按类型" facets={data.types} selected={selected.type} onSelect={(v) => set('type', v)} />
            <FacetList
              title="按编纂者"
              facets={data.compilers}
              selected={selected.compiler}
              onSelect={(v) => set('compiler', v)}
            />
          </>
        )}
      </Col>
      <Col xs={24} md={16} lg={17}>
        <Card
          title={`书目（${data?.books.length ?? 0} 种）`}
          extra={<Link to={base === '/gazetteer' ? '/gazetteer/search' : '/library'}>全文检索</Link>}
        >
          <List
            loading={browse.isFetching}
            dataSource={data?.books ?? []}
            locale={{ emptyText: '没有符合条件的书目，请换一个地区、时代或类型。' }}
            renderItem={(b) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`${base}/books/${b.id}`}>《{b.title}》</Link>}
                  description={
                    <Typography.Text type="secondary">
                      {[
                        b.type,
                        b.period ?? b.year,
                        b.regionName,
                        b.compiler,
                        b.edition,
                        b.bib?.juanCount ? `${b.bib.juanCount} 卷` : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
