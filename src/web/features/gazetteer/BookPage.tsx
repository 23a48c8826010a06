import { Alert, App, Button, Card, Descriptions, Space, Spin, Tag, Tree, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { DataNode } from 'antd/es/tree';
import { Link, useNavigate, useParams } from 'react-router';
import type { TTocEntry } from '../../../shared/gazetteer.ts';
import { errorMessage } from '../../api/client.ts';
import { downloadBibRecord, useBook } from './api.ts';
import { GlyphListCard } from './GlyphListCard.tsx';
import { useLibraryBase } from './SearchPage.tsx';

function buildTree(toc: TTocEntry[]): DataNode[] {
  const nodes = new Map<number, DataNode & { children: DataNode[] }>();
  const roots: DataNode[] = [];
  for (const s of toc) {
    const page = s.firstAnchor?.startsWith(s.title) ? s.firstAnchor.slice(s.title.length).trim() : s.firstAnchor;
    const node = { key: s.ordinal, title: `${s.title}${page ? `（${page}起）` : ''}`, children: [] as DataNode[] };
    nodes.set(s.ordinal, node);
    const parent = s.parentOrdinal ? nodes.get(s.parentOrdinal) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  for (const n of nodes.values()) if (n.children.length === 0) (n as DataNode).isLeaf = true;
  return roots;
}

/** A book: its description and its table of contents, each entry opening the reader. */
export function BookPage() {
  const id = Number(useParams().id);
  const book = useBook(id);
  const base = useLibraryBase();
  const navigate = useNavigate();
  const { message } = App.useApp();
  if (book.isPending) return <Spin />;
  if (book.isError) return <Alert type="error" showIcon message={errorMessage(book.error)} />;
  const b = book.data;
  return (
    <Card
      title={
        <span>
          《{b.title}》 {!b.published && <Tag color="orange">未发布</Tag>}
        </span>
      }
      extra={<Link to={base === '/gazetteer' ? '/gazetteer/search' : '/library'}>返回检索</Link>}
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered style={{ marginBottom: 24 }}>
        <Descriptions.Item label="类型">{b.type}</Descriptions.Item>
        <Descriptions.Item label="地区">{b.regionName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="年代">
          {[b.period, b.year].filter((v) => v !== null).join(' · ') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="责任者">
          <span data-testid="book-contributors">
            {b.bib && b.bib.contributors.length > 0
              ? b.bib.contributors
                  .map((c) => `${c.dynasty ? `［${c.dynasty}］` : ''}${c.name}${c.role ?? ''}`)
                  .join('　')
              : (b.compiler ?? '—')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="出版">{[b.place, b.publisher].filter(Boolean).join('：') || '—'}</Descriptions.Item>
        <Descriptions.Item label="版本">
          <span data-testid="book-edition">{b.edition ?? '—'}</span>
          {b.bib?.editionKind && b.bib.editionKind !== b.edition ? `（${b.bib.editionKind}）` : ''}
        </Descriptions.Item>
        {b.bib?.juanCount ? <Descriptions.Item label="卷数">{b.bib.juanCount} 卷</Descriptions.Item> : null}
        {b.bib?.compiledYear || b.bib?.printedYear ? (
          <Descriptions.Item label="成书 / 刊刻">
            {[b.bib.compiledYear ?? '—', b.bib.printedYear ?? '—'].join(' / ')}
          </Descriptions.Item>
        ) : null}
        {b.bib?.holding && <Descriptions.Item label="收藏机构">{b.bib.holding}</Descriptions.Item>}
        {b.bib?.series && <Descriptions.Item label="丛书">{b.bib.series}</Descriptions.Item>}
        {b.isbn && <Descriptions.Item label="ISBN">{b.isbn}</Descriptions.Item>}
        <Descriptions.Item label="篇幅">
          {b.sectionCount} 节，{b.charCount.toLocaleString('zh-CN')} 字
        </Descriptions.Item>
        <Descriptions.Item label="许可">{b.licence ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>导出著录：</span>
        {(['bibtex', 'ris', 'csl-json'] as const).map((format) => (
          <Button
            key={format}
            size="small"
            icon={<DownloadOutlined />}
            onClick={() => void downloadBibRecord(b, format).catch((e: unknown) => void message.error(errorMessage(e)))}
          >
            {format === 'bibtex' ? 'BibTeX' : format === 'ris' ? 'RIS' : 'CSL-JSON'}
          </Button>
        ))}
        <Link to={`${base}/parallel?left=${b.id}`}>与另一书对读</Link>
      </Space>
      <GlyphListCard bookId={b.id} base={base} />
      <Typography.Title level={5}>目录</Typography.Title>
      <Tree
        showLine
        defaultExpandAll={b.toc.length < 200}
        treeData={buildTree(b.toc)}
        onSelect={(keys) => keys[0] !== undefined && void navigate(`${base}/books/${b.id}/sections/${String(keys[0])}`)}
      />
    </Card>
  );
}
