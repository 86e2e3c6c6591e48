// Dashboards, monthly rankings, the live signing screen and exports of totals.
export const zh = {
  'nav.dashboard': '数据看板',
  'nav.rankings': '月度排名',
};

export const en: Record<keyof typeof zh, string> = {
  'nav.dashboard': 'Dashboard',
  'nav.rankings': 'Monthly ranking',
};
