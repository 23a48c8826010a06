import { App } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TCreateProject,
  TMemberInput,
  TNodeCreate,
  TNodeMove,
  TNodePatch,
  TNodeSplit,
  TOutline,
  TOutlineChange,
  TOutlineImport,
  TOutlinePreview,
  TOutlineRevision,
  TPerson,
  TProject,
  TProjectPatch,
  TProjectView,
} from '../../../shared/compilation.ts';
import { api, errorMessage, uploadFile } from '../../api/client.ts';

export const PROJECTS_KEY = ['compilation', 'projects'] as const;
export const projectKey = (id: number) => ['compilation', 'project', id] as const;

export const useProjects = () =>
  useQuery({ queryKey: PROJECTS_KEY, queryFn: () => api.get<TProject[]>('/api/compilation/projects') });
export const useProject = (id: number) =>
  useQuery({ queryKey: projectKey(id), queryFn: () => api.get<TProjectView>(`/api/compilation/projects/${id}`) });
export const useOutline = (id: number) =>
  useQuery({
    queryKey: [...projectKey(id), 'outline'],
    queryFn: () => api.get<TOutline>(`/api/compilation/projects/${id}/outline`),
  });
export const useOutlineChanges = (id: number) =>
  useQuery({
    queryKey: [...projectKey(id), 'changes'],
    queryFn: () => api.get<TOutlineChange[]>(`/api/compilation/projects/${id}/outline/changes`),
  });
export const useOutlineRevisions = (id: number) =>
  useQuery({
    queryKey: [...projectKey(id), 'revisions'],
    queryFn: () => api.get<TOutlineRevision[]>(`/api/compilation/projects/${id}/outline/revisions`),
  });
export const usePeople = (enabled: boolean) =>
  useQuery({
    queryKey: ['compilation', 'people'],
    queryFn: () => api.get<TPerson[]>('/api/compilation/people'),
    enabled,
  });

/** A mutation that refreshes the project's queries and says what happened (or what went wrong) in Chinese. */
export function useProjectMutation<TVars, TResult>(
  projectId: number | null,
  fn: (v: TVars) => Promise<TResult>,
  success: string | null,
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: projectId === null ? PROJECTS_KEY : projectKey(projectId) });
      await queryClient.invalidateQueries({ queryKey: PROJECTS_KEY });
      if (success) void message.success(success);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
}

export const useCreateProject = () =>
  useProjectMutation(null, (v: TCreateProject) => api.post<TProjectView>('/api/compilation/projects', v), '项目已创建');
export const useUpdateProject = (id: number) =>
  useProjectMutation(id, (v: TProjectPatch) => api.patch<TProjectView>(`/api/compilation/projects/${id}`, v), '已保存');
export const useAddMember = (id: number) =>
  useProjectMutation(
    id,
    (v: TMemberInput) => api.post<TProjectView>(`/api/compilation/projects/${id}/members`, v),
    '已分配角色',
  );
export const useRemoveMember = (id: number) =>
  useProjectMutation(
    id,
    (memberId: number) => api.delete<TProjectView>(`/api/compilation/projects/${id}/members/${memberId}`),
    '已取消角色',
  );

const base = (id: number) => `/api/compilation/projects/${id}/outline`;
export const useAddNode = (id: number) =>
  useProjectMutation(id, (v: TNodeCreate) => api.post<TOutline>(`${base(id)}/nodes`, v), '已新增');
export const useUpdateNode = (id: number) =>
  useProjectMutation(
    id,
    ({ nodeId, ...v }: TNodePatch & { nodeId: number }) => api.patch<TOutline>(`${base(id)}/nodes/${nodeId}`, v),
    '已保存',
  );
export const useDeleteNode = (id: number) =>
  useProjectMutation(id, (nodeId: number) => api.delete<TOutline>(`${base(id)}/nodes/${nodeId}`), '已删除');
export const useMoveNode = (id: number) =>
  useProjectMutation(
    id,
    ({ nodeId, ...v }: TNodeMove & { nodeId: number }) => api.post<TOutline>(`${base(id)}/nodes/${nodeId}/move`, v),
    null,
  );
export const useSplitNode = (id: number) =>
  useProjectMutation(
    id,
    ({ nodeId, ...v }: TNodeSplit & { nodeId: number }) => api.post<TOutline>(`${base(id)}/nodes/${nodeId}/split`, v),
    '已拆分',
  );
export const useMergeNode = (id: number) =>
  useProjectMutation(
    id,
    ({ nodeId, otherId }: { nodeId: number; otherId: number }) =>
      api.post<TOutline>(`${base(id)}/nodes/${nodeId}/merge`, { otherId }),
    '已合并',
  );
export const useImportOutline = (id: number) =>
  useProjectMutation(id, (v: TOutlineImport) => api.post<TOutline>(`${base(id)}/import`, v), '篇目已导入');
export const useSubmitOutline = (id: number) =>
  useProjectMutation(id, () => api.post<TOutline>(`${base(id)}/submit`), '篇目已报批');
export const useDecideRevision = (id: number) =>
  useProjectMutation(
    id,
    ({ revisionId, approve, comment }: { revisionId: number; approve: boolean; comment: string | null }) =>
      api.post<TOutline>(`${base(id)}/revisions/${revisionId}/decision`, { approve, comment }),
    '已审批',
  );

export function usePreviewOutline(id: number) {
  const { message } = App.useApp();
  return useMutation({
    mutationFn: (input: { file: File } | { text: string }) => {
      if ('text' in input) return api.post<TOutlinePreview>(`${base(id)}/preview`, { text: input.text });
      const form = new FormData();
      form.set('file', input.file);
      return uploadFile<TOutlinePreview>(`${base(id)}/preview`, form);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
}
