import { Card, Descriptions, Result, Space, Spin, Tabs, Tag } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { PROJECT_KIND_LABELS, PROJECT_ROLE_LABELS } from '../../../shared/compilation.ts';
import { errorMessage } from '../../api/client.ts';
import { useOutline, useProject } from './api.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { MembersPanel } from './MembersPanel.tsx';
import { OutlineImportPanel } from './OutlineImportPanel.tsx';
import { OutlinePanel } from './OutlinePanel.tsx';
import { OutlineStateTag } from './OutlineStateTag.tsx';
import { PlanPanel } from './PlanPanel.tsx';
import { DraftPanel } from './DraftPanel.tsx';
import { CheckPanel } from './CheckPanel.tsx';
import { AssignmentsPanel } from './AssignmentsPanel.tsx';
import { SubmissionsPanel } from './SubmissionsPanel.tsx';
import { MaterialsPanel } from './MaterialsPanel.tsx';

/** One project: 篇目, its import, the 编纂方案, people and roles, revisions and history. */
export function ProjectPage() {
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const project = useProject(id);
  const outline = useOutline(id);
  if (project.isError) return <Result status="warning" title="无法打开该项目" subTitle={errorMessage(project.error)} />;
  if (!project.data || !outline.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const view = project.data;
  const p = view.project;
  const tab = params.get('tab') ?? 'outline';
  const setTab = (k: string) => setParams({ tab: k }, { replace: true });
  const openNode = (nodeId: number) => setParams({ tab: 'drafts', node: String(nodeId) });
  const nodeParam = Number(params.get('node')) || null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={p.title} extra={<OutlineStateTag state={outline.data.state} />}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="类型">
            {PROJECT_KIND_LABELS[p.kind]}
            {p.year ? `（${p.year} 卷）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="断限">
            {p.plan.lowerLimit ?? '—'} 至 {p.plan.upperLimit ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="我的角色">
            {view.access.roles.length ? view.access.roles.map((r) => <Tag key={r}>{PROJECT_ROLE_LABELS[r]}</Tag>) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'outline', label: '篇目', children: <OutlinePanel view={view} outline={outline.data} /> },
            ...(view.access.editOutline
              ? [
                  {
                    key: 'import',
                    label: '导入篇目',
                    children: (
                      <OutlineImportPanel
                        projectId={id}
                        hasNodes={outline.data.nodes.length > 0}
                        onDone={() => setTab('outline')}
                      />
                    ),
                  },
                ]
              : []),
            {
              key: 'drafts',
              label: '稿件',
              children: <DraftPanel projectId={id} outline={outline.data} initialNodeId={nodeParam} />,
            },
            {
              key: 'materials',
              label: '资料',
              children: <MaterialsPanel projectId={id} outline={outline.data} />,
            },
            {
              key: 'assignments',
              label: '分工与进度',
              children: <AssignmentsPanel view={view} outline={outline.data} />,
            },
            { key: 'check', label: '检查', children: <CheckPanel view={view} onOpenNode={openNode} /> },
            { key: 'submissions', label: '送审与发布', children: <SubmissionsPanel view={view} /> },
            { key: 'plan', label: '编纂方案', children: <PlanPanel view={view} /> },
            { key: 'members', label: '项目人员', children: <MembersPanel view={view} /> },
            { key: 'history', label: '报批与记录', children: <HistoryPanel view={view} outline={outline.data} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
