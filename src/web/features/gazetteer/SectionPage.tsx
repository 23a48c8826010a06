import { Fragment, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Col,
  Drawer,
  Grid,
  Input,
  Row,
  Segmented,
  Space,
  Spin,
  Switch,
  Tooltip,
  Typography,
} from 'antd';
import {
  DownOutlined,
  LeftOutlined,
  MenuOutlined,
  PrinterOutlined,
  RightOutlined,
  UpOutlined,
} from '@ant-design/icons';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { TCitation, TTocEntry } from '../../../shared/gazetteer.ts';
import { locate } from '../../../shared/locator.ts';
import { errorMessage } from '../../api/client.ts';
import { fetchCitation, toQueryString, useBook, useSection } from './api.ts';
import { CitationModal } from './CitationModal.tsx';
import { buildReaderLines, type ReaderLine } from './reader-lines.ts';
import { useGlyphFont } from './use-glyph-font.ts';
import { useLibraryBase } from './SearchPage.tsx';

const FONT_SIZES = [14, 16, 18, 20, 24, 28];

/** Where the search page of this portal is: `/library` for the public, `/gazetteer/search` inside the staff app. */
function searchPath(base: string): string {
  return base === '/gazetteer' ? '/gazetteer/search' : '/library';
}

function Toc({ toc, current, link }: { toc: TTocEntry[]; current: number; link: (ordinal: number) => string }) {
  return (
    <nav className="gz-toc" aria-label="目录">
      {toc.map((entry) => (
        <Link
          key={entry.ordinal}
          to={link(entry.ordinal)}
          className={entry.ordinal === current ? 'current' : undefined}
          style={{ paddingLeft: 8 + (entry.level - 1) * 14 }}
          aria-current={entry.ordinal === current ? 'page' : undefined}
        >
          {entry.title}
        </Link>
      ))}
    </nav>
  );
}

function Line({
  line,
  selected,
  hitIds,
  current,
}: {
  line: ReaderLine;
  selected: boolean;
  hitIds: Set<number>;
  current: number;
}) {
  return (
    <div className={`gz-line${selected ? ' selected' : ''}`} id={`l-${line.lineId}`} data-locator={line.locator}>
      <a
        className="gz-ln"
        href={`#l-${line.lineId}`}
        title={`${line.locator}（点击得到本行永久链接，“引用”即引用本行）`}
      >
        {line.line}
      </a>
      {line.runs.length === 0 || line.runs.every((r) => r.text === '') ? '\u00a0' : null}
      {line.runs.map((run, i) => {
        const className =
          [run.note ? 'gz-note' : '', run.apparatus ? 'gz-app' : ''].filter(Boolean).join(' ') || undefined;
        const content = run.gaiji ? (
          <span className="gz-gaiji" title={`缺字 ${run.gaiji}：底本此字在 Unicode 中没有对应字，缺字表也无通行字`}>
            {run.text}
            <sup>{run.gaiji}</sup>
          </span>
        ) : (
          <span
            className={className}
            title={run.apparatus ? '版本标识或书名卷次行：照原样显示，不参与检索' : undefined}
          >
            {run.text}
          </span>
        );
        if (run.hit === null) return <Fragment key={i}>{content}</Fragment>;
        const first = !hitIds.has(run.hit);
        hitIds.add(run.hit);
        return (
          <mark
            key={i}
            id={first ? `hit-${run.hit}` : undefined}
            className={run.hit === current ? 'current' : undefined}
          >
            {content}
          </mark>
        );
      })}
    </div>
  );
}

/**
 * The reader: one 卷 or section with a sticky toolbar (目录, 上一卷/下一卷, search in the book or this 卷, hit navigation,
 * font size, 縱排, notes shown or hidden, print, cite), a side table of contents, and every printed line addressable
 * (`#l-014-2a.3`) with its 卷/葉/行 in the margin. Reading settings live in the URL, so a link reopens the same view.
 */
export function SectionPage() {
  const params = useParams();
  const bookId = Number(params.id);
  const ordinal = Number(params.ordinal);
  const [search, setSearch] = useSearchParams();
  const q = search.get('q') ?? '';
  const fold = search.get('fold') !== '0';
  const vertical = search.get('v') === '1';
  const showNotes = search.get('notes') !== '0';
  const fontSize = FONT_SIZES.includes(Number(search.get('fs'))) ? Number(search.get('fs')) : 18;
  const location = useLocation();
  const navigate = useNavigate();
  const base = useLibraryBase();
  const screens = Grid.useBreakpoint();
  const book = useBook(bookId);
  const section = useSection(bookId, ordinal, q, fold);
  const [current, setCurrent] = useState(0);
  const [selectedLine, setSelectedLine] = useState<string | null>(null);
  const [tocOpen, setTocOpen] = useState(false);
  const [citation, setCitation] = useState<TCitation | null>(null);
  const [citeError, setCiteError] = useState<string | null>(null);
  const [within, setWithin] = useState<'book' | 'juan'>('book');

  const data = section.data;
  const lines = useMemo(() => (data ? buildReaderLines(data) : []), [data]);
  const glyphs = useGlyphFont(data?.text);

  // A permalink (#l-… a line, #p-… a page) scrolls there; a hit list link also makes the first hit after it current.
  useEffect(() => {
    if (!data) return;
    const hash = decodeURIComponent(location.hash);
    const lineId = hash.startsWith('#l-') ? hash.slice(3) : null;
    const anchorId = hash.startsWith('#p-') ? hash.slice(3) : null;
    setSelectedLine(lineId);
    const line = lineId ? lines.find((l) => l.lineId === lineId) : undefined;
    const anchor = anchorId ? data.anchors.find((a) => a.id === anchorId) : undefined;
    const from = line?.offset ?? anchor?.offset ?? 0;
    const first = Math.max(
      0,
      data.hits.findIndex((h) => h.offset + h.length > from),
    );
    setCurrent(first);
    const target = lineId
      ? document.getElementById(`l-${lineId}`)
      : data.hits.length > 0
        ? document.getElementById(`hit-${first}`)
        : anchorId
          ? document.getElementById(`p-${anchorId}`)
          : null;
    target?.scrollIntoView({ block: 'center', inline: 'center' });
  }, [data, lines, location.hash]);

  const setView = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setSearch(next, { replace: true, preventScrollReset: true });
  };

  const goHit = (i: number) => {
    if (!data || data.hits.length === 0) return;
    const next = (i + data.hits.length) % data.hits.length;
    setCurrent(next);
    document.getElementById(`hit-${next}`)?.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
  };

  const cite = async () => {
    if (!data) return;
    const hit = data.hits[current];
    const line = selectedLine ?? (hit ? locate(data, hit.offset).lineId : null);
    try {
      setCiteError(null);
      setCitation(await fetchCitation(bookId, ordinal, { line }));
    } catch (error) {
      setCiteError(errorMessage(error));
    }
  };

  if (section.isPending) return <Spin />;
  if (section.isError || !data) return <Alert type="error" showIcon message={errorMessage(section.error)} />;
  const keep = search.toString();
  const sectionLink = (n: number) => `${base}/books/${bookId}/sections/${n}${keep ? `?${keep}` : ''}`;
  const unit = /^卷/.test(data.title) ? '卷' : '节';
  const toc = book.data?.toc ?? [];
  const hitIds = new Set<number>();
  const searchIn = (value: string) => {
    const text = value.trim();
    if (!text) return;
    void navigate(
      `${searchPath(base)}?${toQueryString({ q: text, books: bookId, section: within === 'juan' ? ordinal : undefined })}`,
    );
  };

  return (
    <div className="gz-reader-page">
      <div className="gz-toolbar" role="toolbar" aria-label="阅读工具">
        <Space wrap size={[8, 6]}>
          {!screens.lg && (
            <Button icon={<MenuOutlined />} onClick={() => setTocOpen(true)} aria-label="目录">
              目录
            </Button>
          )}
          <Link to={`${base}/books/${bookId}`} className="gz-book-link">
            《{book.data?.title ?? '…'}》
          </Link>
          <Typography.Text strong data-testid="section-title">
            {data.title}
          </Typography.Text>
          <Button
            size="small"
            icon={<LeftOutlined />}
            disabled={!data.previous}
            onClick={() => data.previous && void navigate(sectionLink(data.previous))}
          >
            上一{unit}
          </Button>
          <Button size="small" disabled={!data.next} onClick={() => data.next && void navigate(sectionLink(data.next))}>
            下一{unit} <RightOutlined />
          </Button>
        </Space>
        <Space wrap size={[8, 6]}>
          <Space.Compact>
            <Segmented
              size="small"
              value={within}
              onChange={(v) => setWithin(v as 'book' | 'juan')}
              options={[
                { value: 'book', label: '全书' },
                { value: 'juan', label: `本${unit}` },
              ]}
            />
            <Input.Search
              size="small"
              placeholder="书内检索"
              aria-label="书内检索"
              style={{ width: 150 }}
              onSearch={searchIn}
            />
          </Space.Compact>
          {q && (
            <>
              <Typography.Text data-testid="section-hits">
                本{unit}命中 {data.hits.length} 处{data.hits.length > 0 ? `，第 ${current + 1} 处` : ''}
              </Typography.Text>
              <Button
                size="small"
                icon={<UpOutlined />}
                disabled={data.hits.length === 0}
                onClick={() => goHit(current - 1)}
              >
                上一处
              </Button>
              <Button
                size="small"
                icon={<DownOutlined />}
                disabled={data.hits.length === 0}
                onClick={() => goHit(current + 1)}
              >
                下一处
              </Button>
            </>
          )}
          <Tooltip title="字号">
            <Segmented
              size="small"
              value={fontSize}
              onChange={(v) => setView({ fs: Number(v) === 18 ? undefined : String(v) })}
              options={FONT_SIZES.map((s) => ({
                value: s,
                label: <span style={{ fontSize: 10 + (s - 14) / 2 }}>字</span>,
              }))}
              aria-label="字号"
            />
          </Tooltip>
          <Space size={4}>
            <Switch
              size="small"
              checked={vertical}
              onChange={(v) => setView({ v: v ? '1' : undefined })}
              aria-label="縱排"
            />
            <span>縱排</span>
          </Space>
          <Space size={4}>
            <Switch
              size="small"
              checked={showNotes}
              onChange={(v) => setView({ notes: v ? undefined : '0' })}
              aria-label="小注"
            />
            <span>小注</span>
          </Space>
          <Button size="small" icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
          <Button size="small" type="primary" onClick={() => void cite()}>
            引用
          </Button>
        </Space>
      </div>
      <Row gutter={16} wrap={false}>
        {screens.lg && toc.length > 1 && (
          <Col flex="220px" className="gz-toc-col">
            <Toc toc={toc} current={ordinal} link={sectionLink} />
          </Col>
        )}
        <Col flex="auto" style={{ minWidth: 0 }}>
          {glyphs.status === 'failed' && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={`本${unit}有 ${glyphs.chars.length} 个罕用字（${glyphs.chars.slice(0, 12).join('')}${glyphs.chars.length > 12 ? '…' : ''}），服务器未能提供补充字体，若显示为方框，请安装 BabelStone Han 或花园明朝字体。`}
            />
          )}
          <div
            className={`gz-reader${vertical ? ' vertical' : ''}${showNotes ? '' : ' hide-notes'}`}
            style={{ fontSize }}
            data-testid="section-text"
            data-glyph-font={glyphs.status}
            lang="zh-Hant"
          >
            {lines.map((line) => (
              <Fragment key={line.offset}>
                {line.page && (
                  <div className="gz-page" id={`p-${line.page.id}`}>
                    <a href={`#p-${line.page.id}`} title="本页永久链接">
                      {line.page.label}
                    </a>
                  </div>
                )}
                <Line line={line} selected={line.lineId === selectedLine} hitIds={hitIds} current={current} />
              </Fragment>
            ))}
          </div>
          <Space className="gz-reader-foot">
            {data.previous && (
              <Link to={sectionLink(data.previous)}>
                <LeftOutlined /> 上一{unit}
              </Link>
            )}
            {data.next && (
              <Link to={sectionLink(data.next)}>
                下一{unit} <RightOutlined />
              </Link>
            )}
          </Space>
        </Col>
      </Row>
      <Drawer open={tocOpen} onClose={() => setTocOpen(false)} placement="left" title="目录" width={280}>
        <Toc toc={toc} current={ordinal} link={sectionLink} />
      </Drawer>
      <CitationModal
        citation={citation}
        error={citeError}
        book={{ id: bookId, title: book.data?.title ?? `书目${bookId}` }}
        onClose={() => {
          setCitation(null);
          setCiteError(null);
        }}
      />
    </div>
  );
}
