import { Tag } from 'antd';
import {
  DECISION_LABELS,
  ROUND_STATE_LABELS,
  SEVERITY_LABELS,
  type TDecision,
  type TRoundState,
  type TSeverity,
} from '../../../shared/review.ts';

const STATE_COLORS: Record<TRoundState, string> = {
  preparing: 'default',
  reviewing: 'processing',
  decided: 'success',
  cancelled: 'error',
};
const DECISION_COLORS: Record<TDecision, string> = {
  pass: 'green',
  pass_after_revision: 'cyan',
  revise_and_rereview: 'orange',
  fail: 'red',
};
const SEVERITY_COLORS: Record<TSeverity, string> = {
  must: 'red',
  suggest: 'orange',
  reference: 'blue',
  veto: 'magenta',
};

export const StateTag = ({ state }: { state: TRoundState }) => (
  <Tag color={STATE_COLORS[state]}>{ROUND_STATE_LABELS[state]}</Tag>
);
export const DecisionTag = ({ decision }: { decision: TDecision }) => (
  <Tag color={DECISION_COLORS[decision]}>{DECISION_LABELS[decision]}</Tag>
);
export const SeverityTag = ({ severity }: { severity: TSeverity }) => (
  <Tag color={SEVERITY_COLORS[severity]}>{SEVERITY_LABELS[severity]}</Tag>
);
