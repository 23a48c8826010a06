import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { TCitation } from '../../../shared/gazetteer.ts';
import { errorMessage } from '../../api/client.ts';
import { downloadBibRecord } from './api.ts';

/** The GB/T 7714-2015 reference of a line or page, its permalink, and the book's record for reference managers. */
export function CitationModal({
  citation,
  error,
  book,
  onClose,
}: {
  citation: TCitation | null;
  error: string | null;
  book: { id: number; title: string };
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const download = (format: 'bibtex' | 'ris' | 'csl-json') =>
    downloadBibRecord(book, format).catch((e: unknown) => void message.error(errorMessage(e)));
  return (
    <Modal
      open={citation !== null || error !== null}
      title="引用（GB/T 7714—2015）"
      footer={null}
      onCancel={onClose}
      width={640}
    >
      {error && <Alert type="error" message={error} />}
      {citation && (
        <>
          <Typography.Paragraph
            copyable={{ text: citation.text, tooltips: ['复制', '已复制'] }}
            data-testid="citation-text"
          >
            {citation.text}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            出处：<span data-testid="citation-locator">{citation.locator ?? '本节'}</span>
            <br />
            永久链接：
            <Typography.Link
              href={citation.url}
              data-testid="citation-url"
              copyable={{ text: citation.url, tooltips: ['复制链接', '已复制'] }}
            >
              {citation.url}
            </Typography.Link>
          </Typography.Paragraph>
          <Space wrap>
            <span>导出本书著录：</span>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void download('bibtex')}>
              BibTeX
            </Button>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void download('ris')}>
              RIS
            </Button>
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void download('csl-json')}>
              CSL-JSON
            </Button>
          </Space>
        </>
      )}
    </Modal>
  );
}
