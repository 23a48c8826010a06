import { useState } from 'react';
import { Alert, Collapse, Empty, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { TGlyphPlace } from '../../../shared/gazetteer-bib.ts';
import { errorMessage } from '../../api/client.ts';
import { useBookGlyphs } from './api.ts';
import { useGlyphFont } from './use-glyph-font.ts';

function Place({ base, bookId, place }: { base: string; bookId: number; place: TGlyphPlace }) {
  return <Link to={`${base}/books/${bookId}/sections/${place.ordinal}#l-${place.lineId}`}>{place.locator}</Link>;
}

function Body({ bookId, base }: { bookId: number; base: string }) {
  const glyphs = useBookGlyphs(bookId, true);
  useGlyphFont(glyphs.data?.rare.map((r) => r.char).join(''));
  if (glyphs.isPending) return <Spin />;
  if (glyphs.isError) return <Alert type="error" message={errorMessage(glyphs.error)} />;
  const { missing, rare, described } = glyphs.data;
  if (missing.length + rare.length + described.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本书没有缺字和罕用字" />;
  return (
    <div className="gz-glyph-list">
      {missing.length > 0 && (
        <>
          <Typography.Title level={5}>缺字（底本有编码、无对应汉字，显示为 〓）共 {missing.length} 个</Typography.Title>
          {missing.map((g) => (
            <div key={g.code}>
              <Tag>{g.code}</Tag> {g.count} 处，首见 <Place base={base} bookId={bookId} place={g.first} />
            </div>
          ))}
        </>
      )}
      {rare.length > 0 && (
        <>
          <Typography.Title level={5}>罕用字（CJK 扩展区，用补充字体显示）共 {rare.length} 个</Typography.Title>
          <div className="gz-rare-grid">
            {rare.map((g) => (
              <div key={g.char} className="gz-rare" data-testid="rare-glyph">
                <span className="gz-rare-char">{g.char}</span>
                <span>
                  {g.codePoint} · {g.count} 处
                </span>
                <Place base={base} bookId={bookId} place={g.first} />
              </div>
            ))}
          </div>
        </>
      )}
      {described.length > 0 && (
        <>
          <Typography.Title level={5}>构字式（底本以部件描述的字）共 {described.length} 个</Typography.Title>
          {described.map((g) => (
            <div key={g.text}>
              <Typography.Text code>{g.text}</Typography.Text> {g.count} 处，首见{' '}
              <Place base={base} bookId={bookId} place={g.first} />
            </div>
          ))}
        </>
      )}
    </div>
  );
}

/** A book's 缺字 and 罕用字 list, loaded when opened (it reads the whole book). */
export function GlyphListCard({ bookId, base }: { bookId: number; base: string }) {
  const [open, setOpen] = useState<string[]>([]);
  return (
    <Collapse
      style={{ marginBottom: 16 }}
      activeKey={open}
      onChange={(keys) => setOpen(keys)}
      items={[
        {
          key: 'glyphs',
          label: '缺字与罕用字表',
          children: open.includes('glyphs') ? <Body bookId={bookId} base={base} /> : null,
        },
      ]}
    />
  );
}
