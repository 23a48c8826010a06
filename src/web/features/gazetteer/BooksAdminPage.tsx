import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useOutletContext } from 'react-router';
import { CONTRIBUTOR_ROLES } from '../../../shared/gazetteer-bib.ts';
import { BOOK_TYPES, type TBook, type TBookMetadata } from '../../../shared/gazetteer.ts';
import type { TCurrentUser } from '../../../shared/auth.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { errorMessage } from '../../api/client.ts';
import { hasPermission } from '../../auth/use-me.ts';
import { BOOKS_KEY, uploadBook, useBooks, useDeleteBook, usePublishBook, useUpdateBook } from './api.ts';
import './gazetteer.css';

const ACCEPT = '.txt,.md,.markdown,.docx,.epub,.pdf,.zip';

function UploadCard() {
  const [form] = Form.useForm<{ type?: string; region?: string; year?: number; title?: string }>();
  const [percent, setPercent] = useState<number | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string; warnings?: string[] } | null>(null);
  const queryClient = useQueryClient();
  const { message } = App.useApp();

  const send = async (file: File) => {
    if (file.size > LIMITS.uploadBytes) {
      setResult({
        ok: false,
        text: `“${file.name}”超过 ${LIMITS.uploadBytes / 1024 / 1024} MB，请拆分后上传，或用命令行 bin/fangzhi books ingest 导入。`,
      });
      return;
    }
    const values = form.getFieldsValue();
    const body = new FormData();
    body.set('file', file);
    for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') body.set(k, String(v));
    setPercent(0);
    setResult(null);
    try {
      const r = await uploadBook(body, setPercent);
      setResult({
        ok: true,
        text: `${r.replaced ? '已替换' : '已导入'}《${r.book.title}》：${r.book.sectionCount} 节，${r.book.charCount.toLocaleString('zh-CN')} 字。`,
        warnings: r.warnings,
      });
      void message.success(`${r.replaced ? '已替换' : '已导入'}《${r.book.title}》`);
      await queryClient.invalidateQueries({ queryKey: BOOKS_KEY });
    } catch (error) {
      setResult({ ok: false, text: errorMessage(error) });
    } finally {
      setPercent(null);
    }
  };

  return (
    <Card size="small" title="导入书目" style={{ marginBottom: 16 }}>
      <Form form={form} layout="inline" style={{ rowGap: 8 }}>
        <Form.Item name="type" label="类型">
          <Select
            allowClear
            placeholder="自动"
            style={{ width: 140 }}
            options={BOOK_TYPES.map((t) => ({ value: t, label: t }))}
          />
        </Form.Item>
        <Form.Item name="region" label="地区">
          <Input placeholder="如 220000 或 寧古塔" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="year" label="年份">
          <InputNumber placeholder="如 1779" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="title" label="书名">
          <Input placeholder="默认取自文件" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={percent !== null}>
              选择文件并导入
            </Button>
          </Upload>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        支持 .txt（UTF-8 或 GB18030）、Markdown、Word .docx、EPUB、带文字层的 PDF，以及汉籍リポジトリ文件夹的
        .zip；同一来源再次导入会替换原书。大批量请用命令行 bin/fangzhi books ingest。
      </Typography.Paragraph>
      {percent !== null && (
        <Progress percent={percent} status="active" format={(p) => (p === 100 ? '解析并建立索引…' : `${p}%`)} />
      )}
      {result && (
        <Alert
          style={{ marginTop: 8 }}
          type={result.ok ? 'success' : 'error'}
          showIcon
          message={result.text}
          description={
            result.warnings && result.warnings.length > 0
              ? `${result.warnings.length} 条提示，例如：${result.warnings.slice(0, 3).join('；')}`
              : undefined
          }
        />
      )}
    </Card>
  );
}

type EditValues = TBookMetadata & { ruleMode: 'format' | 'none'; ruleLines?: string };

/** The form's values as the metadata request: the bibliographic record nested, the search rule from its two fields. */
function toMetadata({ ruleMode, ruleLines, ...v }: EditValues): TBookMetadata {
  const extraLines = (ruleLines ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const bib = v.bib ? { ...v.bib, contributors: (v.bib.contributors ?? []).filter((c) => c?.name?.trim()) } : null;
  return {
    ...v,
    year: v.year ?? null,
    bib,
    searchRule: ruleMode === 'format' && extraLines.length === 0 ? null : { mode: ruleMode, extraLines },
  };
}

function EditDialog({ book, onClose }: { book: TBook; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const update = useUpdateBook();
  const initial: EditValues = {
    ...book,
    bib: book.bib ?? { contributors: [], editionKind: null, holding: null, series: null },
    ruleMode: book.searchRule?.mode ?? 'format',
    ruleLines: (book.searchRule?.extraLines ?? []).join('\n'),
  };
  return (
    <Modal
      open
      width={760}
      title={`著录信息：《${book.title}》`}
      okText="保存"
      confirmLoading={update.isPending}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then((v) => update.mutateAsync({ id: book.id, ...toMetadata(v) }).then(onClose))
      }
    >
      <Form form={form} layout="vertical" initialValues={initial}>
        <Form.Item name="title" label="书名" rules={[{ required: true, message: '请填写书名' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="type" label="类型">
          <Select options={BOOK_TYPES.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Space>
          <Form.Item name="region" label="地区（区划代码或历史地名）">
            <Input />
          </Form.Item>
          <Form.Item name="year" label="年份">
            <InputNumber />
          </Form.Item>
          <Form.Item name="period" label="时期">
            <Input placeholder="如 清乾隆四十四年" />
          </Form.Item>
        </Space>
        <Form.Item name="compiler" label="编纂者">
          <Input />
        </Form.Item>
        <Space>
          <Form.Item name="place" label="出版地">
            <Input />
          </Form.Item>
          <Form.Item name="publisher" label="出版者">
            <Input />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="edition" label="版本">
            <Input />
          </Form.Item>
          <Form.Item name="isbn" label="ISBN">
            <Input />
          </Form.Item>
        </Space>
        <Form.Item name="licence" label="许可">
          <Input />
        </Form.Item>
        <Typography.Title level={5}>书目著录</Typography.Title>
        <Form.List name={['bib', 'contributors']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'dynasty']} label="朝代">
                    <Input style={{ width: 70 }} placeholder="清" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'name']}
                    label="责任者"
                    rules={[{ required: true, message: '请填写姓名' }]}
                  >
                    <Input style={{ width: 140 }} placeholder="阿桂" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'role']} label="著作方式">
                    <Select
                      style={{ width: 110 }}
                      allowClear
                      options={CONTRIBUTOR_ROLES.map((r) => ({ value: r, label: r }))}
                    />
                  </Form.Item>
                  <Button size="small" onClick={() => remove(field.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button
                size="small"
                onClick={() => add({ name: '', dynasty: null, role: null })}
                style={{ marginBottom: 12 }}
              >
                添加责任者
              </Button>
            </>
          )}
        </Form.List>
        <Space wrap>
          <Form.Item name={['bib', 'juanCount']} label="卷数">
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name={['bib', 'compiledYear']} label="成书年">
            <InputNumber />
          </Form.Item>
          <Form.Item name={['bib', 'printedYear']} label="刊刻年">
            <InputNumber />
          </Form.Item>
          <Form.Item name={['bib', 'editionKind']} label="版本类型">
            <Select
              style={{ width: 140 }}
              allowClear
              options={['刻本', '抄本', '稿本', '四庫全書本', '排印本', '影印本', '点校本'].map((v) => ({
                value: v,
                label: v,
              }))}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name={['bib', 'holding']} label="收藏机构">
            <Input />
          </Form.Item>
          <Form.Item name={['bib', 'series']} label="丛书">
            <Input />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>检索规则</Typography.Title>
        <Form.Item
          name="ruleMode"
          label="不参与检索的行"
          extra="按格式规则：不检索“欽定四庫全書”、每卷书名卷次行、书眉、页码等，仍照原样显示。"
        >
          <Select
            options={[
              { value: 'format', label: '按格式规则' },
              { value: 'none', label: '全部检索（不排除任何行）' },
            ]}
          />
        </Form.Item>
        <Form.Item name="ruleLines" label="另外不检索的整行（每行一条）">
          <Input.TextArea rows={3} placeholder="如：某某藏板" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Staff page of the 省情数据库: every book, upload, metadata, publication and deletion. */
export function BooksAdminPage() {
  const me = useOutletContext<TCurrentUser>();
  const canManage = hasPermission(me, 'book.manage');
  const books = useBooks();
  const publish = usePublishBook();
  const remove = useDeleteBook();
  const [editing, setEditing] = useState<TBook | null>(null);
  return (
    <>
      {canManage && <UploadCard />}
      <Card title="书目" extra={<Link to="/gazetteer/search">全文检索</Link>}>
        <Table<TBook>
          rowKey="id"
          size="small"
          loading={books.isPending}
          dataSource={books.data}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            {
              title: '书名',
              dataIndex: 'title',
              render: (t: string, b) => <Link to={`/gazetteer/books/${b.id}`}>《{t}》</Link>,
            },
            { title: '类型', dataIndex: 'type', width: 100 },
            { title: '地区', dataIndex: 'regionName', width: 100, render: (v: string | null) => v ?? '—' },
            {
              title: '年代',
              key: 'period',
              width: 160,
              render: (_, b) => [b.period, b.year].filter((v) => v !== null).join(' · ') || '—',
            },
            {
              title: '篇幅',
              key: 'size',
              width: 150,
              render: (_, b) => `${b.sectionCount} 节 / ${b.charCount.toLocaleString('zh-CN')} 字`,
            },
            { title: '来源', dataIndex: 'sourceName', ellipsis: true },
            {
              title: '发布',
              key: 'published',
              width: 110,
              render: (_, b) =>
                canManage ? (
                  <Switch
                    checked={b.published}
                    checkedChildren="已发布"
                    unCheckedChildren="未发布"
                    onChange={(published) => publish.mutate({ id: b.id, published })}
                    aria-label={`发布《${b.title}》`}
                  />
                ) : b.published ? (
                  <Tag color="green">已发布</Tag>
                ) : (
                  <Tag>未发布</Tag>
                ),
            },
            ...(canManage
              ? [
                  {
                    title: '操作',
                    key: 'ops',
                    width: 130,
                    render: (_: unknown, b: TBook) => (
                      <Space>
                        <Typography.Link onClick={() => setEditing(b)}>编辑</Typography.Link>
                        <Popconfirm
                          title={`删除《${b.title}》？`}
                          description="书目、章节与检索索引都会删除，可重新导入。"
                          okText="删除"
                          cancelText="取消"
                          onConfirm={() => remove.mutate(b.id)}
                        >
                          <Typography.Link type="danger">删除</Typography.Link>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing && <EditDialog book={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
