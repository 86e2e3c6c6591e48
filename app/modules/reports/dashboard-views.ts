// The dashboard's pages: shared by the server (what each reads) and the browser (the tabs).

/**
 * The dashboard's pages (decision 044a): 概览 (headline figures, targets, charts), 工作成效
 * (pickup, 金融顾问, follow-through; organizers) and 明细 (policy tools and the six tables).
 * Each reads only its own figures; the exports read them all.
 */
export const DASHBOARD_VIEWS = ['overview', 'work', 'tables'] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];

/** `?view=` of a dashboard URL: a page the viewer has (a bank has no 工作成效), else the overview. */
export function dashboardView(param: string | null, viewer: 'organizer' | 'bank'): DashboardView {
  const v = DASHBOARD_VIEWS.find((x) => x === param) ?? 'overview';
  return v === 'work' && viewer !== 'organizer' ? 'overview' : v;
}
