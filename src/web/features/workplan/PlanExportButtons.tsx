import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Input, Select, Space } from 'antd';
import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { localIsoDateOf } from '../../../shared/dates.ts';
import { downloadFile, errorMessage } from '../../api/client.ts';
import { defaultBulletinMonth, defaultSummaryScope } from './export-defaults.ts';

/** 导出任务表 .xlsx, 导出进展通报 .docx (for a month), 导出工作总结 .docx (half year or year) — GET /api/plans/:id/export. */
export function PlanExportButtons({ planId, year }: { planId: number; year: number }) {
  const { message } = App.useApp();
  const today = localIsoDateOf(new Date());
  const [month, setMonth] = useState<Dayjs>(() => dayjs(defaultBulletinMonth(year, today)));
  const [scope, setScope] = useState<'H1' | 'year'>(() => defaultSummaryScope(year, today));
  const [busy, setBusy] = useState<string | null>(null);
  // The bulletin's 版头: the red 发文机关标志 and the office's own 发文字号 (checked by the server).
  const [redHeader, setRedHeader] = useState(false);
  const [docNumber, setDocNumber] = useState('');
  const bulletinQuery = () => {
    const q = new URLSearchParams({ kind: 'bulletin', format: 'docx', period: month.format('YYYY-MM') });
    if (redHeader) q.set('redHeader', '1');
    if (redHeader && docNumber.trim()) q.set('docNumber', docNumber.trim());
    return q.toString();
  };

  const run = async (key: string, query: string, fallback: string) => {
    setBusy(key);
    try {
      await downloadFile(`/api/plans/${planId}/export?${query}`, fallback);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space wrap data-testid="plan-export">
      <Button
        icon={<FileExcelOutlined />}
        loading={busy === 'tasks'}
        data-testid="export-tasks"
        onClick={() => void run('tasks', 'kind=tasks&format=xlsx', '任务分解表.xlsx')}
      >
        导出任务表
      </Button>
      <Space.Compact>
        <DatePicker
          picker="month"
          allowClear={false}
          value={month}
          onChange={(v) => v && setMonth(v)}
          disabledDate={(d) => d.year() !== year}
          format="YYYY年M月"
          style={{ width: 130 }}
          aria-label="通报月份"
          data-testid="export-bulletin-period"
        />
        <Button
          icon={<FileWordOutlined />}
          loading={busy === 'bulletin'}
          data-testid="export-bulletin"
          onClick={() => void run('bulletin', bulletinQuery(), '进展通报.docx')}
        >
          导出进展通报
        </Button>
      </Space.Compact>
      <Space size={4}>
        <Checkbox checked={redHeader} onChange={(e) => setRedHeader(e.target.checked)} data-testid="export-red-header">
          红头
        </Checkbox>
        {redHeader && (
          <Input
            value={docNumber}
            onChange={(e) => setDocNumber(e.target.value)}
            placeholder="文号，如 云志办通〔2024〕6号"
            aria-label="通报文号"
            data-testid="export-doc-number"
            style={{ width: 220 }}
            maxLength={30}
          />
        )}
      </Space>
      <Space.Compact>
        <Select
          value={scope}
          onChange={setScope}
          style={{ width: 100 }}
          aria-label="总结期间"
          data-testid="export-summary-scope"
          options={[
            { value: 'H1', label: '上半年' },
            { value: 'year', label: '全年' },
          ]}
        />
        <Button
          icon={<FileWordOutlined />}
          loading={busy === 'summary'}
          data-testid="export-summary"
          onClick={() =>
            void run(
              'summary',
              `kind=summary&format=docx&period=${scope === 'H1' ? `${year}-H1` : year}`,
              '工作总结.docx',
            )
          }
        >
          导出工作总结
        </Button>
      </Space.Compact>
    </Space>
  );
}
