import { Badge, Card, Col, Empty, List, Row, Segmented, Space, Spin, Tag, Typography, Result } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { TODO_KIND_LABELS, type TTodoKind } from '../../../shared/supervision-loop.ts';
import { errorMessage } from '../../api/client.ts';
import { useMe } from '../../auth/use-me.ts';
import { useTodo } from './api.ts';

const KIND_COLOR: Record<TTodoKind, string> = {
  file: 'blue',
  returned: 'red',
  approve: 'orange',
  ack: 'cyan',
  chase: 'volcano',
  instruction: 'magenta',
  closure: 'gold',
  late_chase: 'red',
  extension: 'purple',
};

/** Quick links by what the person may do: leaders land on the dashboard, supervisors on the 督办台, units on their tasks. */
function Shortcuts({ permissions }: { permissions: readonly string[] }) {
  const links = [
    { p: 'dashboard.read', to: '/supervision/dashboard', label: '领导看板' },
    { p: 'task.chase', to: '/supervision/board', label: '督办台' },
    { p: 'report.file', to: '/supervision/my', label: '我的任务' },
    { p: 'extension.decide', to: '/supervision/extensions?status=pending', label: '延期审批' },
    { p: 'assessment.read', to: '/supervision/assessment', label: '绩效考评' },
  ].filter((l) => permissions.includes(l.p));
  if (links.length === 0) return null;
  return (
    <Space wrap>
      {links.map((l) => (
        <Link key={l.to} to={l.to}>
          <Tag color="blue" style={{ padding: '4px 10px', fontSize: 14 }}>
            {l.label}
          </Tag>
        </Link>
      ))}
    </Space>
  );
}

/** 工作台: the person's 待办 (what waits for them, overdue first) and 已办 (what they did), with their shortcuts. */
export function WorkbenchPage() {
  const me = useMe();
  const todo = useTodo();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'done' ? 'done' : 'todo';
  if (todo.isPending) return <Spin />;
  if (todo.isError) return <Result status="warning" title={errorMessage(todo.error)} />;
  const t = todo.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="workbench">
      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {me.data?.displayName}，今天是 {t.today}。您有 <Typography.Text strong>{t.todo.length}</Typography.Text>{' '}
            项待办
            {t.todo.some((i) => i.overdue) && (
              <>
                ，其中{' '}
                <Typography.Text type="danger">{t.todo.filter((i) => i.overdue).length} 项已逾期</Typography.Text>
              </>
            )}
            。
          </Typography.Text>
          <Shortcuts permissions={me.data?.permissions ?? []} />
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24}>
          <Card
            size="small"
            title={
              <Segmented
                data-testid="workbench-tabs"
                value={tab}
                onChange={(v) => setSearch(v === 'done' ? { tab: 'done' } : {}, { replace: true })}
                options={[
                  {
                    value: 'todo',
                    label: (
                      <Badge count={t.todo.length} size="small" offset={[8, 0]}>
                        待办
                      </Badge>
                    ),
                  },
                  { value: 'done', label: '已办' },
                ]}
              />
            }
          >
            {tab === 'todo' ? (
              <List
                data-testid="todo-list"
                dataSource={t.todo}
                locale={{ emptyText: <Empty description="没有待办事项" /> }}
                renderItem={(i) => (
                  <List.Item data-testid={`todo-${i.kind}`}>
                    <List.Item.Meta
                      title={
                        <Space wrap size={4}>
                          <Tag color={KIND_COLOR[i.kind]}>{TODO_KIND_LABELS[i.kind]}</Tag>
                          <Link to={i.link}>{i.title}</Link>
                          {i.overdue && <Tag color="red">已逾期</Tag>}
                          {i.dueDate && <Typography.Text type="secondary">期限 {i.dueDate}</Typography.Text>}
                        </Space>
                      }
                      description={i.detail}
                    />
                  </List.Item>
                )}
              />
            ) : (
              <List
                data-testid="done-list"
                dataSource={t.done}
                locale={{ emptyText: <Empty description="还没有办理记录" /> }}
                renderItem={(d) => (
                  <List.Item data-testid="done-item">
                    <List.Item.Meta
                      title={<Link to={d.link}>{d.summary}</Link>}
                      description={d.at.slice(0, 16).replace('T', ' ')}
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
