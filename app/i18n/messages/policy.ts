// Policy tools on products and letters of intent, totals by tool (issue 18).
export const zh = {
  'dashboard.policy.title': '按政策工具',
  'dashboard.policy.lead': '已确认的合作意向书按所用政策工具统计；一笔业务使用多种政策工具时，分别计入各工具，各行之和可能大于合计。',
  'dashboard.policy.tool': '政策工具',
  'dashboard.policy.none': '未标注政策工具',
  'dashboard.policy.tagged': '使用政策工具的意向书（去重）',
  'dashboard.policy.note': '一笔业务使用多种政策工具时分别计入，各行之和可能大于合计。',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'dashboard.policy.title': 'By policy tool',
  'dashboard.policy.lead':
    'Confirmed letters of intent by the policy tools they use; a deal using several tools counts under each, so the rows may add up to more than the total.',
  'dashboard.policy.tool': 'Policy tool',
  'dashboard.policy.none': 'No policy tool recorded',
  'dashboard.policy.tagged': 'Letters using a policy tool (each once)',
  'dashboard.policy.note': 'A deal using several tools counts under each; the rows may add up to more than the total.',
} as const;
