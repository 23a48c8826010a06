import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Collapse,
  Empty,
  Grid,
  Input,
  List,
  Pagination,
  Popover,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { TFacet, TKwicRow, TSearchResponse } from '../../../shared/gazetteer.ts';
import { downloadFile, errorMessage } from '../../api/client.ts';
import {
  searchParams,
  toQueryString,
  useBooks,
  useKwic,
  useSearch,
  useSearchVariants,
  type SearchState,
} from './api.ts';
import { Snippet } from './Snippet.tsx';
import { useGlyphFont } from './use-glyph-font.ts';
import { MySearches } from './MySearches.tsx';
import { useMe } from '../../auth/use-me.ts';
import './gazetteer.css';

/** `/library` for the public portal, `/gazetteer` inside the staff application: the same pages under both. */
export function useLibraryBase(): string {
  return useLocation().pathname.startsWith('/gazetteer') ? '/gazetteer' : '/library';
}

function readState(params: URLSearchParams): SearchState {
  const list = (k: string) => (params.get(k) ?? '').split(',').filter(Boolean);
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    fold: params.get('fold') !== '0',
    sort: sort === 'year' || sort === 'title' ? sort : 'relevance',
    types: list('types'),
    regions: list('regions'),
    periods: list('periods'),
    books: list('books'),
    section: Number(params.get('section')) > 0 ? Number(params.get('section')) : null,
    page: Math.max(1, Number(params.get('page') ?? '1') || 1),
    view: params.get('view') === 'kwic' ? 'kwic' : 'hits',
    kwicSort: params.get('ks') === 'left' ? 'left' : 'right',
  };
}

function FacetGroup<T extends string | number | null>({
  title,
  facets,
  selected,
  onChange,
}: {
  title: string;
  facets: TFacet<T>[];
  selected: string[];
  onChange: (v: string[]) => void;
}) {
  if (facets.length === 0) return null;
  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <Checkbox.Group
        style={{ display: 'flex', flexDirection: 'column', marginTop: 6 }}
        value={selected}
        onChange={(v) => onChange(v as string[])}
        options={facets
          .filter((f) => f.value !== null)
          .map((f) => ({
            value: String(f.value),
            label: (
              <span>
                {f.label} <Typography.Text type="secondary">({f.count})</Typography.Text>
              </span>
            ),
          }))}
      />
    </div>
  );
}

function Facets({
  data,
  state,
  update,
}: {
  data: TSearchResponse;
  state: SearchState;
  update: (patch: Partial<SearchState>) => void;
}) {
  const variants = useSearchVariants(state).data?.variants;
  const phone = !Grid.useBreakpoint().md;
  const groups = (
    <>
      <FacetGroup
        title="类型"
        facets={data.facets.type}
        selected={state.types}
        onChange={(types) => update({ types, page: 1 })}
      />
      <FacetGroup
        title="地区"
        facets={data.facets.region}
        selected={state.regions}
        onChange={(regions) => update({ regions, page: 1 })}
      />
      <FacetGroup
        title="时期"
        facets={data.facets.period}
        selected={state.periods}
        onChange={(periods) => update({ periods, page: 1 })}
      />
      <FacetGroup
        title={
          data.facets.bookTotal > data.facets.book.length
            ? `书目（共 ${data.facets.bookTotal} 本，列出 ${data.facets.book.length} 本）`
            : '书目'
        }
        facets={data.facets.book}
        selected={state.books}
        onChange={(books) => update({ books, page: 1, section: null })}
      />
      {state.fold && variants && variants.length > 0 && (
        <div data-testid="variant-panel">
          <Typography.Text strong>命中字形</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 6px' }}>
            繁简、异体通检匹配到的原书字形
          </Typography.Paragraph>
          {variants.map((v) => (
            <div key={v.form} className="gz-variant">
              <span className="gz-variant-form">{v.form}</span>
              <Typography.Text type="secondary">{v.count} 处</Typography.Text>
            </div>
          ))}
        </div>
      )}
    </>
  );
  if (!phone)
    return (
      <Card size="small" title="筛选">
        {groups}
      </Card>
    );
  // On a phone the filters would push the hits below dozens of checkboxes: they fold away above the hits.
  const chosen = state.types.length + state.regions.length + state.periods.length + state.books.length;
  return (
    <Collapse
      size="small"
      style={{ marginBottom: 16, background: '#fff' }}
      items={[
        {
          key: 'facets',
          label: `筛选（类型、地区、时期、书目${chosen > 0 ? `；已选 ${chosen} 项` : ''}）`,
          children: groups,
        },
      ]}
    />
  );
}

function KwicTable({
  state,
  base,
  update,
}: {
  state: SearchState;
  base: string;
  update: (patch: Partial<SearchState>) => void;
}) {
  const sort = state.kwicSort;
  const kwic = useKwic(state, sort, true);
  const { page: _page, sort: _sort, ...params } = searchParams(state);
  const { message } = App.useApp();
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const exportRows = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      await downloadFile(
        `/api/search/kwic?${toQueryString({ ...params, kwicSort: sort, limit: 5000, format })}`,
        `KWIC.${format}`,
      );
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setExporting(null);
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <span>排序：</span>
        <Radio.Group
          value={sort}
          onChange={(e) => update({ kwicSort: e.target.value as 'left' | 'right' })}
          optionType="button"
          options={[
            { value: 'right', label: '按右文' },
            { value: 'left', label: '按左文' },
          ]}
        />
        <Button icon={<DownloadOutlined />} loading={exporting === 'xlsx'} onClick={() => void exportRows('xlsx')}>
          导出 Excel
        </Button>
        <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} onClick={() => void exportRows('csv')}>
          导出 CSV
        </Button>
        {kwic.data && (
          <Typography.Text type="secondary">共 {kwic.data.rows.length} 行（最多显示 1000 行）</Typography.Text>
        )}
      </Space>
      {kwic.isError && <Alert type="error" message={errorMessage(kwic.error)} />}
      <Table<TKwicRow>
        className="gz-kwic"
        size="small"
        loading={kwic.isFetching}
        rowKey={(r) => `${r.bookId}-${r.sectionOrdinal}-${r.offset}`}
        dataSource={kwic.data?.rows}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: '左文', dataIndex: 'left', className: 'gz-left', render: (v: string) => v.replace(/\s+/g, '') },
          { title: '检索词', dataIndex: 'keyword', className: 'gz-key' },
          { title: '右文', dataIndex: 'right', className: 'gz-right', render: (v: string) => v.replace(/\s+/g, '') },
          {
            title: '出处',
            key: 'where',
            render: (_, r) => (
              <Link
                to={`${base}/books/${r.bookId}/sections/${r.sectionOrdinal}?${toQueryString({ q: state.q, fold: state.fold ? undefined : false })}#l-${r.lineId}`}
              >
                《{r.bookTitle}》{r.anchor ?? r.sectionTitle}
              </Link>
            ),
          },
        ]}
      />
    </>
  );
}

/** Full-text search: the public over published books, staff over all (the server decides by the session). */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const state = readState(params);
  const base = useLibraryBase();
  const [draft, setDraft] = useState(state.q);
  const view = state.view;
  const search = useSearch(state);
  const books = useBooks();
  const update = (patch: Partial<SearchState>) => {
    const next = { ...state, ...patch };
    setParams(
      toQueryString({
        ...searchParams(next),
        pageSize: undefined,
        fold: next.fold ? undefined : false,
        sort: next.sort === 'relevance' ? undefined : next.sort,
        page: next.page > 1 ? next.page : undefined,
        view: next.view === 'kwic' ? 'kwic' : undefined,
        ks: next.kwicSort === 'left' ? 'left' : undefined,
      }),
    );
  };
  const data = search.data;
  const me = useMe();
  const saved = new URLSearchParams(params);
  saved.delete('page');
  const savedQuery = saved.toString();
  useGlyphFont(data?.hits.map((h) => h.snippet.before + h.snippet.match + h.snippet.after).join(''));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.Search
            size="large"
            placeholder="输入要查找的字词，如 長白山、寧古塔；空格表示同时包含，OR 表示或，-表示排除，“引号”为短语"
            enterButton="检索"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onSearch={(q) => update({ q: q.trim(), page: 1 })}
            aria-label="检索词"
          />
          <Space wrap>
            <Switch checked={state.fold} onChange={(fold) => update({ fold, page: 1 })} aria-label="繁简异体通检" />
            <span>繁简、异体字通检{state.fold ? '' : '（已关闭：按原字形精确检索）'}</span>
            <Select
              value={state.sort}
              style={{ width: 140 }}
              onChange={(sort) => update({ sort, page: 1 })}
              options={[
                { value: 'relevance', label: '按相关度' },
                { value: 'year', label: '按年代' },
                { value: 'title', label: '按书名' },
              ]}
            />
            <Popover title="检索式写法" content={<QuerySyntaxHelp />} trigger="click" placement="bottomLeft">
              <Typography.Link>检索式写法</Typography.Link>
            </Popover>
            {me.data && <MySearches base={base} query={savedQuery} />}
            <Radio.Group
              value={view}
              onChange={(e) => update({ view: e.target.value as 'hits' | 'kwic' })}
              optionType="button"
              options={[
                { value: 'hits', label: '命中列表' },
                { value: 'kwic', label: 'KWIC 语境索引' },
              ]}
            />
          </Space>
        </Space>
      </Card>

      {!state.q && (
        <Card title={`收录书目（${books.data?.length ?? 0} 种）`}>
          {books.data && books.data.length === 0 ? (
            <Empty description="暂无已发布的书目" />
          ) : (
            <List
              loading={books.isPending}
              dataSource={books.data}
              renderItem={(b) => (
                <List.Item>
                  <List.Item.Meta
                    title={<Link to={`${base}/books/${b.id}`}>《{b.title}》</Link>}
                    description={[b.type, b.period ?? b.year ?? null, b.regionName, b.edition, `${b.sectionCount} 节`]
                      .filter(Boolean)
                      .join(' · ')}
                  />
                  {!b.published && <Tag>未发布</Tag>}
                </List.Item>
              )}
            />
          )}
        </Card>
      )}

      {state.section !== null && state.books.length === 1 && (
        <Alert
          type="info"
          showIcon
          message={`仅在所选书目的第 ${state.section} 节（卷）内检索`}
          action={
            <Button size="small" onClick={() => update({ section: null, page: 1 })}>
              改为全书检索
            </Button>
          }
        />
      )}
      {state.q && search.isError && <Alert type="error" showIcon message={errorMessage(search.error)} />}
      {state.q && data && (
        <Row gutter={24}>
          <Col xs={24} md={6}>
            <Facets data={data} state={state} update={update} />
          </Col>
          <Col xs={24} md={18}>
            <Card
              styles={{ title: { whiteSpace: 'normal' } }}
              title={
                <span data-testid="search-summary">
                  “{data.query}”共命中 {data.total} 处，分布在 {data.sections} 个章节
                </span>
              }
              extra={<Typography.Text type="secondary">{data.tookMs} 毫秒</Typography.Text>}
            >
              {view === 'kwic' ? (
                <KwicTable state={state} base={base} update={update} />
              ) : (
                <List
                  loading={search.isFetching}
                  dataSource={data.hits}
                  locale={{ emptyText: '没有找到。可以关闭筛选、换一个写法，或打开繁简异体通检。' }}
                  renderItem={(h, i) => {
                    const previous = data.hits[i - 1];
                    const newBook = !previous || previous.bookId !== h.bookId;
                    const newJuan = newBook || previous.sectionOrdinal !== h.sectionOrdinal;
                    const bookCount = data.facets.book.find((b) => b.value === h.bookId)?.count;
                    return (
                      <List.Item key={`${h.bookId}-${h.sectionOrdinal}-${h.offset}`} style={{ display: 'block' }}>
                        {newBook && (
                          <Typography.Title level={5} className="gz-group-book">
                            《{h.bookTitle}》
                            {bookCount !== undefined && (
                              <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
                                {' '}
                                · 全书 {bookCount} 节命中
                              </Typography.Text>
                            )}
                          </Typography.Title>
                        )}
                        {newJuan && <div className="gz-group-juan">{h.sectionTitle}</div>}
                        <List.Item.Meta
                          title={
                            <Link
                              data-testid={`hit-${i}`}
                              to={`${base}/books/${h.bookId}/sections/${h.sectionOrdinal}?${toQueryString({ q: state.q, fold: state.fold ? undefined : false })}#l-${h.lineId}`}
                            >
                              {h.locator || h.sectionTitle}
                            </Link>
                          }
                          description={<Snippet snippet={h.snippet} />}
                        />
                      </List.Item>
                    );
                  }}
                />
              )}
              {view === 'hits' && data.total > data.pageSize && (
                <Pagination
                  style={{ marginTop: 16 }}
                  current={state.page}
                  pageSize={data.pageSize}
                  total={Math.min(data.total, data.pageSize * 10_000)}
                  showSizeChanger={false}
                  onChange={(page) => update({ page })}
                  showTotal={(n) => `共 ${n} 处`}
                />
              )}
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}

const QUERY_SYNTAX: { example: string; meaning: string }[] = [
  { example: '長白山 寧古塔', meaning: '两个词都出现（也可写 AND）' },
  { example: '吉林 OR 奉天', meaning: '任一个出现' },
  { example: '吉林 -寧古塔', meaning: '排除后一个词（也可写 NOT 寧古塔）' },
  { example: '"長白 山"', meaning: '短语：引号内的空格忽略；引号也使 OR、NOT、括号按字面查' },
  { example: '長白山 NEAR/10 寧古塔', meaning: '两词相距不超过 10 个字（只写 NEAR 即 10）' },
  { example: '(吉林 OR 奉天) 山', meaning: '括号分组' },
];

/** The query language in brief (the parser's own rules: query-parse.ts), for the search box's help link. */
function QuerySyntaxHelp() {
  return (
    <div style={{ maxWidth: 'min(400px, calc(100vw - 80px))' }}>
      {QUERY_SYNTAX.map(({ example, meaning }) => (
        <div key={example} style={{ marginBottom: 8 }}>
          <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
            {example}
          </Typography.Text>
          <div>{meaning}</div>
        </div>
      ))}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        总数计的是每一处命中。NEAR 两侧都只有一个字（如“山 NEAR
        水”），或关闭通检后查有异体的字（如“縣”），要逐节核对全文：语料大时较慢，要核对的正文过多时不执行，并提示如何缩小范围；一侧只有一个字时，耗时随另一侧出现的次数增长。加上更少见的词或筛选条件可以快些。
      </Typography.Paragraph>
    </div>
  );
}
