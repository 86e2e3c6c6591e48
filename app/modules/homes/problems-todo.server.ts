/** The 问题诉求台账's items on the homes (issue 18): to rate, to handle, to assign, overdue (督办). */
import { listProblems, type ProblemRow } from '~/modules/followup/problems.server';
import type { DB } from '~/utils/db.server';
import type { TodoEntry, TodoItem } from './todo.server';

/** As ENTRIES_PER_ITEM of the homes. */
const ENTRIES_PER_ITEM = 5;

const entry = (p: ProblemRow, to: string): TodoEntry => ({
  id: p.id,
  label: p.ledgerCode,
  detailKey: `home.entry.problem.${p.category}`,
  detailParams: { enterprise: p.enterpriseName },
  date: p.dueOn ?? undefined,
  to,
  urgent: p.overdue !== null,
});

/** The enterprise's replied items waiting for its rating. */
export async function enterpriseProblemsItem(db: DB, orgId: string, today: string): Promise<TodoItem> {
  const { rows } = await listProblems(db, { kind: 'enterprise', orgId }, { filter: 'replied', today });
  return {
    key: 'problemsToRate',
    count: rows.length,
    to: '/enterprise/problems',
    emptyTo: '/enterprise/problems',
    urgent: rows.length > 0,
    entries: rows.slice(0, ENTRIES_PER_ITEM).map((p) => entry(p, `/enterprise/problems/${p.id}`)),
  };
}

/** The bank's assigned items in hand, the overdue first. */
export async function bankProblemsItem(db: DB, orgId: string, today: string): Promise<TodoItem> {
  const { rows } = await listProblems(db, { kind: 'bank', orgId }, { filter: 'assigned', today });
  rows.sort((a, b) => Number(b.overdue !== null) - Number(a.overdue !== null) || (a.dueOn ?? '').localeCompare(b.dueOn ?? ''));
  return {
    key: 'problemsToHandle',
    count: rows.length,
    to: '/bank/problems',
    urgent: rows.some((r) => r.overdue !== null),
    entries: rows.slice(0, ENTRIES_PER_ITEM).map((p) => entry(p, `/bank/problems/${p.id}`)),
  };
}

/** The region's overdue items (督办) and those waiting for 交办. */
export async function organizerProblemsItems(db: DB, regionCode: string, today: string): Promise<TodoItem[]> {
  const { rows } = await listProblems(db, { kind: 'organizer', regionCode, orgId: null }, { today });
  const overdue = rows.filter((r) => r.overdue !== null).sort((a, b) => (a.dueOn ?? '').localeCompare(b.dueOn ?? ''));
  const open = rows.filter((r) => r.status === 'open');
  return [
    {
      key: 'problemsOverdue',
      count: overdue.length,
      to: '/organizer/problems?filter=overdue',
      urgent: overdue.length > 0,
      entries: overdue.slice(0, ENTRIES_PER_ITEM).map((p) => entry(p, `/organizer/problems/${p.id}`)),
    },
    {
      key: 'problemsToAssign',
      count: open.length,
      to: '/organizer/problems?filter=open',
      urgent: open.length > 0,
      entries: open.slice(0, ENTRIES_PER_ITEM).map((p) => entry(p, `/organizer/problems/${p.id}`)),
    },
  ];
}
