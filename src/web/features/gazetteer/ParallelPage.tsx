import { Fragment, useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Row, Select, Space, Spin, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import type { TParallelResponse } from '../../../shared/gazetteer-bib.ts';
import { errorMessage } from '../../api/client.ts';
import { useBook, useBooks, useParallel } from './api.ts';
import { buildReaderLines } from './reader-lines.ts';
import { useLibraryBase } from './SearchPage.tsx';
import { useGlyphFont } from './use-glyph-font.ts';

type Side = 'left' | 'right';

function Column({
  side,
  data,
  active,
  onLink,
}: {
  side: Side;
  data: TParallelResponse;
  active: number | null;
  onLink: (i: number, from: Side) => void;
}) {
  const section = data[side];
  const spans = data.links.map((l) => ({ offset: l[side].offset, length: l[side].length }));
  const lines = useMemo(() => buildReaderLines({ ...section, hits: spans }), [section, spans]);
  const seen = new Set<number>();
  return (
    <div className="gz-reader gz-parallel-col" data-testid={`parallel-${side}`} lang="zh-Hant">
      {lines.map((line) => (
        <Fragment key={line.offset}>
          {line.page && <div className="gz-page">{line.page.label}</div>}
          <div className="gz-line">
            <span className="gz-ln">{line.line}</span>
            {line.runs.map((run, i) => {
              const className =
                [run.note ? 'gz-note' : '', run.apparatus ? 'gz-app' : ''].filter(Boolean).join(' ') || undefined;
              if (run.hit === null)
                return (
                  <span key={i} className={className}>
                    {run.text}
                  </span>
                );
              const hit = run.hit;
              const first = !seen.has(hit);
              seen.add(hit);
              return (
                <mark
                  key={i}
                  id={first ? `${side}-link-${hit}` : undefined}
                  className={`gz-shared${active === hit ? ' current' : ''}`}
                  title={`两书共有的段落（${data.links[hit]?.length ?? 0} 字），点击跳到另一栏：${data.links[hit]?.[side === 'left' ? 'right' : 'left'].locator ?? ''}`}
                  onClick={() => onLink(hit, side)}
                >
                  <span className={className}>{run.text}</span>
                </mark>
              );
            })}
          </div>
        </Fragment>
      ))}
    </div>
  );
}

function SectionSelect({
  bookId,
  value,
  onChange,
}: {
  bookId: number;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
}) {
  const book = useBook(bookId);
  return (
    <Select
      style={{ width: 200 }}
      allowClear
      placeholder="按卷名对齐"
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={(book.data?.toc ?? []).map((s) => ({ value: s.ordinal, label: s.title }))}
      aria-label="章节"
    />
  );
}

/**
 * 对读: two books or two editions side by side, the right one aligned to the left by 卷 title (or as chosen), every
 * passage found in both marked and linked: clicking it on one side brings its counterpart into view on the other.
 */
export function ParallelPage() {
  const [params, setParams] = useSearchParams();
  const base = useLibraryBase();
  const books = useBooks();
  const num = (k: string) => (Number(params.get(k)) > 0 ? Number(params.get(k)) : undefined);
  const left = num('left');
  const right = num('right');
  const query = {
    left: left ?? 0,
    right: right ?? 0,
    ...(num('ls') ? { ls: num('ls') } : {}),
    ...(num('rs') ? { rs: num('rs') } : {}),
  };
  const parallel = useParallel(query, Boolean(left && right));
  const [active, setActive] = useState<number | null>(null);
  const data = parallel.data;
  useGlyphFont(data ? data.left.text + data.right.text : undefined);
  const set = (patch: Record<string, number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };
  const bookOptions = (books.data ?? []).map((b) => ({
    value: b.id,
    label: `《${b.title}》${b.edition ? ` ${b.edition}` : ''}`,
  }));
  const onLink = (i: number, from: Side) => {
    setActive(i);
    document
      .getElementById(`${from === 'left' ? 'right' : 'left'}-link-${i}`)
      ?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title="对读：两书（或两种版本）并排，共有段落相互链接">
        <Space wrap>
          <Select
            style={{ width: 260 }}
            placeholder="左栏书目"
            value={left}
            options={bookOptions}
            onChange={(v) => set({ left: v, ls: undefined })}
            aria-label="左栏书目"
          />
          {left && <SectionSelect bookId={left} value={num('ls')} onChange={(v) => set({ ls: v })} />}
          <Select
            style={{ width: 260 }}
            placeholder="右栏书目"
            value={right}
            options={bookOptions}
            onChange={(v) => set({ right: v, rs: undefined })}
            aria-label="右栏书目"
          />
          {right && <SectionSelect bookId={right} value={num('rs')} onChange={(v) => set({ rs: v })} />}
        </Space>
      </Card>
      {!(left && right) && <Empty description="请选择要对读的两种书" />}
      {parallel.isError && <Alert type="error" showIcon message={errorMessage(parallel.error)} />}
      {parallel.isPending && left && right && <Spin />}
      {data && (
        <>
          <Alert
            type={data.links.length > 0 ? 'success' : 'info'}
            showIcon
            data-testid="parallel-summary"
            message={`${data.left.title} ↔ ${data.right.title}（${data.alignedBy === 'title' ? '按卷名对齐' : data.alignedBy === 'ordinal' ? '按次序对齐' : '手选章节'}）：共有段落 ${data.links.length} 处，${data.links.reduce((n, l) => n + l.length, 0)} 字`}
          />
          <Row gutter={16}>
            {(['left', 'right'] as const).map((side) => (
              <Col xs={24} md={12} key={side}>
                <Typography.Title level={5}>
                  <Link to={`${base}/books/${data[side].bookId}/sections/${data[side].ordinal}`}>
                    《{data[side].bookTitle}》{data[side].title}
                  </Link>
                </Typography.Title>
                <Column side={side} data={data} active={active} onLink={onLink} />
              </Col>
            ))}
          </Row>
        </>
      )}
    </Space>
  );
}
