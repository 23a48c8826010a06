import { Button, Tag, Typography } from 'antd';
import type { TImportPlanRequest, TPlanPreview, TTaskInput, TUnitRef } from '../../../shared/workplan.ts';
import { formatDeadline, formatTarget } from './format.ts';

export type PreviewRow = TTaskInput & { sectionOrdinal: number; sectionTitle: string };

/** The anchor of one task of the preview, for the links of the problem list. */
export const taskAnchor = (number: string): string => `import-task-${number.replace(/[^\w.-]/g, '_')}`;

function UnitTags({ refs, preview }: { refs: TUnitRef[]; preview: TPlanPreview }) {
  if (refs.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <>
      {refs.map((r) => {
        const kind = r.unitId !== null ? 'matched' : preview.units.find((u) => u.name === r.name)?.kind;
        const color = kind === 'matched' ? 'green' : kind === 'collective' ? 'default' : 'orange';
        return (
          <Tag
            key={r.name}
            color={color}
            title={kind === 'unknown' ? '不在组织机构中' : kind === 'collective' ? '集合性单位' : undefined}
          >
            {r.name}
          </Tag>
        );
      })}
    </>
  );
}

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <span className="import-task-meta-item">
      <Typography.Text type="secondary">{label}：</Typography.Text>
      {children}
    </span>
  );
}

/**
 * The parsed tasks as a list: each task's text gets the full width, its units, leaders, targets and deadline sit
 * underneath, and its problems are marked on it. Readable on a laptop and on a phone alike.
 */
export function PreviewTaskList(props: {
  request: TImportPlanRequest;
  preview: TPlanPreview;
  problemsOf: (number: string) => string[];
  onEdit: (row: PreviewRow) => void;
}) {
  const { request, preview, problemsOf, onEdit } = props;
  return (
    <div data-testid="import-tasks">
      {request.sections.map((section) => (
        <section key={section.ordinal} className="import-section">
          <Typography.Title level={5} style={{ margin: '12px 0 4px' }}>
            {section.ordinal}. {section.title}
          </Typography.Title>
          {section.tasks.map((task) => {
            const problems = problemsOf(task.number);
            return (
              <div
                key={task.number}
                id={taskAnchor(task.number)}
                className={`import-task${problems.length > 0 ? ' import-task-problem' : ''}`}
              >
                <div className="import-task-head">
                  <Typography.Text strong className="import-task-number">
                    {task.number}
                  </Typography.Text>
                  <div className="import-task-text">
                    {task.groupTitle && <Typography.Text type="secondary">〔{task.groupTitle}〕</Typography.Text>}
                    {task.text}
                  </div>
                  <Button
                    size="small"
                    type="link"
                    onClick={() => onEdit({ ...task, sectionOrdinal: section.ordinal, sectionTitle: section.title })}
                    aria-label={`编辑第 ${task.number} 项`}
                  >
                    编辑
                  </Button>
                </div>
                <div className="import-task-meta">
                  <Meta label="牵头">
                    <UnitTags refs={task.leadUnits} preview={preview} />
                  </Meta>
                  <Meta label="配合">
                    <UnitTags refs={task.supportUnits} preview={preview} />
                  </Meta>
                  {task.leaders.length > 0 && <Meta label="责任领导">{task.leaders.join('、')}</Meta>}
                  {task.targets.length > 0 && (
                    <Meta label="指标">
                      {task.targets.map((t) => (
                        <Tag key={t.text} color="blue" title={t.text}>
                          {formatTarget(t)}
                        </Tag>
                      ))}
                    </Meta>
                  )}
                  <Meta label="时限">
                    <span style={{ color: task.deadline.explicit || task.deadline.continuous ? undefined : '#999' }}>
                      {formatDeadline(task.deadline)}
                    </span>
                  </Meta>
                </div>
                {problems.map((p) => (
                  <Typography.Text key={p} type="warning" className="import-task-warning">
                    {p}
                  </Typography.Text>
                ))}
              </div>
            );
          })}
        </section>
      ))}
    </div>
  );
}
