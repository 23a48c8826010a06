import type { TEvalTemplateInput } from '../../shared/library.ts';

/** A 资料室 evaluation template of our own: the four categories, two must-pass items, two indicators computed from data. */
export const EVAL_TEMPLATE: TEvalTemplateInput = {
  name: '市县资料室评估标准',
  definition: {
    indicators: [
      { key: 'room', category: '保障条件', label: '有独立资料室，面积不少于 50 平方米', maxScore: 15, mustPass: true },
      { key: 'staff', category: '保障条件', label: '有专（兼）职管理人员', maxScore: 10 },
      {
        key: 'copies',
        category: '馆藏建设',
        label: '馆藏地方志资料（册）',
        maxScore: 25,
        source: 'holdings_copies',
        fullAt: 4,
      },
      {
        key: 'coverage',
        category: '馆藏建设',
        label: '省配送资料签收率',
        maxScore: 10,
        source: 'distribution_coverage',
        fullAt: 100,
      },
      { key: 'service', category: '服务效能', label: '开放查阅与咨询服务', maxScore: 20 },
      { key: 'rules', category: '管理', label: '管理制度健全、账目清楚', maxScore: 20, mustPass: true },
    ],
    grades: [
      { name: '优秀', min: 90 },
      { name: '合格', min: 60 },
    ],
    mustPassRatio: 0.6,
  },
};
