import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Modal, Space, Spin, Typography } from 'antd';
import { LeftOutlined, RightOutlined, UpOutlined, DownOutlined, BookOutlined } from '@ant-design/icons';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import type { TCitation } from '../../../shared/gazetteer.ts';
import { errorMessage } from '../../api/client.ts';
import { fetchCitation, toQueryString, useBook, useSection } from './api.ts';
import { useLibraryBase } from './SearchPage.tsx';
import { segmentText } from './segment-text.ts';
import { findAnchorAt } from '../../../shared/page-anchor.ts';

/** The reader: one section with page anchors in the margin, notes in small type, hits highlighted, and a cite button. */
export function SectionPage() {
  const params = useParams();
  const bookId = Number(params.id);
  const ordinal = Number(params.ordinal);
  const [search] = useSearchParams();
  const q = search.get('q') ?? '';
  const fold = search.get('fold') !== '0';
  const location = useLocation();
  const base = useLibraryBase();
  const book = useBook(bookId);
  const section = useSection(bookId, ordinal, q, fold);
  const [current, setCurrent] = useState(0);
  const [selectedAnchor, setSelectedAnchor] = useState<string | null>(location.hash.startsWith('#p-') ? location.hash.slice(3) : null);
  const [citation, setCitation] = useState<TCitation | null>(null);
  const [citeError, setCiteError] = useState<string | null>(null);

  const data = section.data;
  const segments = useMemo(() => (data ? segmentText(data.text, data.anchors, data.notes, data.hits) : []), [data]);

  // Arriving from a hit (#p-…) scrolls to its page; the first hit on or after that page becomes the current one.
  useEffect(() => {
    if (!data) return;
    const anchorId = location.hash.startsWith('#p-') ? location.hash.slice(3) : null;
    const anchor = anchorId ? data.anchors.find((a) => a.id === anchorId) : undefined;
    const first = anchor ? Math.max(0, data.hits.findIndex((h) => h.offset >= anchor.offset)) : 0;
    setCurrent(first);
    const target = data.hits.length > 0 ? document.getElementById(`hit-${first}`) : anchorId ? document.getElementById(`p-${anchorId}`) : null;
    target?.scrollIntoView({ block: 'center' });
  }, [data, location.hash]);

  const goHit = (i: number) => {
    if (!data || data.hits.length === 0) return;
    const next = (i + data.hits.length) % data.hits.length;
    setCurrent(next);
    document.getElementById(`hit-${next}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };

  const cite = async () => {
    if (!data) return;
    const hit = data.hits[current];
    const anchorId = selectedAnchor ?? (hit ? (findAnchorAt(data.anchors, hit.offset)?.id ?? null) : null);
    try {
      setCiteError(null);
      setCitation(await fetchCitation(bookId, ordinal, anchorId));
    } catch (error) {
      setCiteError(errorMessage(error));
    }
  };

  if (section.isPending) return <Spin />;
  if (section.isError || !data) return <Alert type="error" showIcon message={errorMessage(section.error)} />;
  const keep = toQueryString({ q: q || undefined, fold: fold ? undefined : false });
  const sectionLink = (n: number) => `${base}/books/${bookId}/sections/${n}${keep ? `?${keep}` : ''}`;

  let hitIndex = -1;
  return (
    <Card
      title={
        <Space wrap>
          <Link to={`${base}/books/${bookId}`}>
            <BookOutlined /> 《{book.data?.title ?? '…'}》
          </Link>
          <Typography.Text strong style={{ marginRight: 16 }}>{data.title}</Typography.Text>
        </Space>
      }
      extra={
        <Space wrap>
          {q && (
            <>
              <Typography.Text data-testid="section-hits">
                本节命中 {data.hits.length} 处{data.hits.length > 0 ? `，第 ${current + 1} 处` : ''}
              </Typography.Text>
              <Button icon={<UpOutlined />} disabled={data.hits.length === 0} onClick={() => goHit(current - 1)}>上一处</Button>
              <Button icon={<DownOutlined />} disabled={data.hits.length === 0} onClick={() => goHit(current + 1)}>下一处</Button>
            </>
          )}
          <Button type="primary" onClick={() => void cite()}>引用</Button>
        </Space>
      }
    >
      <div className="gz-text" data-testid="section-text">
        {segments.map((s, i) => {
          if (s.kind === 'anchor') {
            return (
              <span key={`a-${s.id}`} className={`gz-anchor${selectedAnchor === s.id ? ' selected' : ''}`} id={`p-${s.id}`}>
                <a href={`#p-${s.id}`} title="本页永久链接（点击后“引用”即引用此页）" onClick={() => setSelectedAnchor(s.id)}>
                  {s.label}
                </a>
              </span>
            );
          }
          const content = s.note ? <span className="gz-note">{s.text}</span> : s.text;
          if (s.hit === null) return <span key={i}>{content}</span>;
          const isFirstRun = s.hit !== hitIndex;
          hitIndex = s.hit;
          return (
            <mark key={i} id={isFirstRun ? `hit-${s.hit}` : undefined} className={s.hit === current ? 'current' : undefined}>
              {content}
            </mark>
          );
        })}
      </div>
      <Space style={{ marginTop: 24 }}>
        {data.previous && <Link to={sectionLink(data.previous)}><LeftOutlined /> 上一节</Link>}
        {data.next && <Link to={sectionLink(data.next)}>下一节 <RightOutlined /></Link>}
      </Space>
      <Modal open={citation !== null || citeError !== null} title="引用本页（GB/T 7714—2015）" footer={null} onCancel={() => { setCitation(null); setCiteError(null); }}>
        {citeError && <Alert type="error" message={citeError} />}
        {citation && (
          <>
            <Typography.Paragraph copyable={{ text: citation.text, tooltips: ['复制', '已复制'] }} data-testid="citation-text">
              {citation.text}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              页码：{citation.anchor?.label ?? '本节'}；永久链接：<Typography.Link href={citation.url}>{citation.url}</Typography.Link>
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </Card>
  );
}
