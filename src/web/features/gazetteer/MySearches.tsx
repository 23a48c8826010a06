import { useEffect, useState } from 'react';
import { App, Button, Input, List, Modal, Popover, Space, Typography } from 'antd';
import { HistoryOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { TSavedSearch } from '../../../shared/gazetteer-bib.ts';
import { api, errorMessage } from '../../api/client.ts';

const KEY = ['saved-searches'] as const;

/** How a stored query string reads in a list: its search words and whether it is narrowed or in KWIC mode. */
function describe(query: string): string {
  const p = new URLSearchParams(query);
  const extra = [
    p.get('books') ? '限定书目' : null,
    p.get('section') ? '限定卷' : null,
    p.get('view') === 'kwic' ? 'KWIC' : null,
  ].filter(Boolean);
  return `${p.get('q') ?? ''}${extra.length ? `（${extra.join('，')}）` : ''}`;
}

/**
 * A signed-in reader's saved searches and history on the search page. The current search (the page's query string,
 * without its page number) is recorded in the history; "保存" names and keeps it.
 */
export function MySearches({ base, query }: { base: string; query: string }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: KEY,
    queryFn: () => api.get<{ saved: TSavedSearch[]; history: TSavedSearch[] }>('/api/saved-searches'),
  });
  const [naming, setNaming] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const save = useMutation({
    mutationFn: (name: string) => api.post<TSavedSearch>('/api/saved-searches', { name, query }),
    onSuccess: async () => {
      setNaming(null);
      await refresh();
      void message.success('已保存检索');
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (id: number) => api.delete(`/api/saved-searches/${id}`),
    onSuccess: refresh,
    onError: (e) => void message.error(errorMessage(e)),
  });

  useEffect(() => {
    if (!new URLSearchParams(query).get('q')) return;
    api.post('/api/saved-searches/history', { query }).then(refresh, () => undefined);
    // Recorded once per distinct search; `refresh` is stable enough for this purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  const link = (s: TSavedSearch) => (
    <Link to={`${base === '/gazetteer' ? '/gazetteer/search' : '/library'}?${s.query}`}>
      {s.name ?? describe(s.query)}
    </Link>
  );
  const content = (
    <div style={{ width: 320, maxHeight: 420, overflowY: 'auto' }}>
      <Typography.Text strong>已保存</Typography.Text>
      <List
        size="small"
        dataSource={list.data?.saved ?? []}
        locale={{ emptyText: '还没有保存的检索' }}
        renderItem={(s) => (
          <List.Item
            actions={[
              <Typography.Link key="del" type="danger" onClick={() => remove.mutate(s.id)}>
                删除
              </Typography.Link>,
            ]}
          >
            {link(s)}
          </List.Item>
        )}
      />
      <Typography.Text strong>最近检索</Typography.Text>
      <List
        size="small"
        dataSource={list.data?.history ?? []}
        locale={{ emptyText: '暂无' }}
        renderItem={(s) => <List.Item>{link(s)}</List.Item>}
      />
    </div>
  );
  return (
    <Space>
      <Button
        icon={<SaveOutlined />}
        disabled={!new URLSearchParams(query).get('q')}
        onClick={() => setNaming(new URLSearchParams(query).get('q') ?? '')}
      >
        保存检索
      </Button>
      <Popover content={content} trigger="click" title="我的检索" placement="bottomRight">
        <Button icon={<HistoryOutlined />}>我的检索</Button>
      </Popover>
      <Modal
        open={naming !== null}
        title="保存检索"
        okText="保存"
        confirmLoading={save.isPending}
        onCancel={() => setNaming(null)}
        onOk={() => naming !== null && save.mutate(naming)}
      >
        <Input value={naming ?? ''} onChange={(e) => setNaming(e.target.value)} maxLength={60} aria-label="检索名称" />
      </Modal>
    </Space>
  );
}
