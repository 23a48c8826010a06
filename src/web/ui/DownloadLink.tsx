import { useState, type ReactNode } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { downloadFile, errorMessage } from '../api/client.ts';

/** Downloads through the API client and shows a refusal as the server's Chinese message; `busy` while it runs. */
function useDownload(href: string, fileName: string) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    downloadFile(href, fileName)
      .catch((error: unknown) => void message.error(errorMessage(error)))
      .finally(() => setBusy(false));
  };
  return { busy, run };
}

/**
 * A link to a file behind the API. Clicking downloads it through the API client, so a refusal (expired session, no
 * access, deleted file) shows the server's message instead of a page of JSON; the href still serves "open in new tab".
 */
export function DownloadLink({ href, fileName, children }: { href: string; fileName: string; children: ReactNode }) {
  const { run } = useDownload(href, fileName);
  return (
    <a
      href={href}
      onClick={(e) => {
        e.preventDefault();
        run();
      }}
    >
      {children}
    </a>
  );
}

/** The same as a button with a download icon. */
export function DownloadButton({ href, fileName, children }: { href: string; fileName: string; children: ReactNode }) {
  const { busy, run } = useDownload(href, fileName);
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={run}>
      {children}
    </Button>
  );
}
