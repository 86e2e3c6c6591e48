/**
 * 问题诉求台账 import (issue 18, decision 037c): problem ledgers kept elsewhere
 * (a spreadsheet of 一联三帮 / 万人助万企 items). Each row is one item: the
 * enterprise by credit code (of the organizer's region), category, text, the day
 * it was recorded, and optionally the handler it went to (交办: a bank serving the
 * enterprise's district or a department of it, by name or credit code), the 交办
 * day, the close deadline, the status, the reply and its day, the day of 销号.
 *
 * Items are written through the ledger module (`insertImportedProblem`): the next
 * number of the district's ledger of the year recorded, and the clock of the
 * region's deadlines from the 交办 day (or the file's close deadline, in working
 * days with the region's calendar). A closed item keeps its dates, so 按期办结率
 * counts it by them. Key: enterprise + day recorded + category + text; an item
 * already in the ledger with those is unchanged (importing the same file twice
 * creates nothing).
 */
import { msg } from '~/i18n/translate';
import { getHolidays } from '~/modules/calendar/settings.server';
import { chinaDate, workingDaysBetween } from '~/modules/calendar/working-days';
import { clock, handlersOfRegion, insertImportedProblem, type ImportedProblem } from '~/modules/followup/problems.server';
import { PROBLEM_DUE_MAX, PROBLEM_DUE_MIN } from '~/modules/followup/problem-rules';
import { validateCreditCode, withCheckChar } from '~/modules/organizations/credit-code';
import { regionCovers } from '~/modules/regions/regions.server';
import { breathe } from '~/utils/breathe';
import type { DB } from '~/utils/db.server';
import type { ProblemCategory, ProblemStatus } from '#db/schema';
import {
  type Field,
  type RowIssue,
  type RowSchema,
  choiceField,
  chunks,
  codeLookup,
  creditCodeField,
  dateField,
  LOOKUP_CHUNK,
  ok,
  optText,
  reqText,
  rowIssues,
  rowSchema,
} from './columns';
import { orgsByCreditCode } from './enterprises.server';
import type { ColumnDef, KindHandler, KindPlan, PlanContext, PlannedRow, RowError, ValidRow } from './types';

export const categoryLookup = codeLookup<ProblemCategory>(
  { financing: ['融资', 'Financing'], hiring: ['用工', 'Hiring'], policy: ['政策', 'Policy'], other: ['其他', 'Other'] },
  { financing: ['融资难', '融资需求', '金融'], hiring: ['招工', '用工需求', '招聘'], policy: ['政策咨询', '政策落实'], other: ['其它'] },
);

export const statusLookup = codeLookup<ProblemStatus>(
  { open: ['待交办', 'Open'], assigned: ['已交办', 'Assigned'], replied: ['已答复', 'Replied'], closed: ['已办结', 'Closed'] },
  { open: ['未交办', '待处理'], assigned: ['办理中', '处理中'], replied: ['待评价'], closed: ['已销号', '销号', '办结', '已解决'] },
);

const col = (key: string, required: boolean, example: string, choices?: readonly string[], aliases?: readonly string[]): ColumnDef => ({
  key,
  labelKey: `imports.col.problem.${key}`,
  noteKey: `imports.note.problem.${key}`,
  required,
  example,
  ...(choices ? { choices } : {}),
  ...(aliases ? { aliases } : {}),
});

export const PROBLEM_COLUMNS: readonly ColumnDef[] = [
  col('enterpriseCreditCode', true, withCheckChar('91410481MA9G7XKQ1'), undefined, ['统一社会信用代码', '信用代码']),
  col('category', true, '融资', categoryLookup.labels, ['类别', '问题类型']),
  col('description', true, '示例：流动资金周转困难，需500万元贷款', undefined, ['问题诉求', '诉求内容', '问题内容']),
  col('recordedOn', true, '2026-11-02', undefined, ['登记时间', '受理日期']),
  col('handler', false, '示例：中国银行平顶山分行', undefined, ['承办单位', '责任单位']),
  col('assignedOn', false, '2026-11-03'),
  col('dueOn', false, '2026-11-10', undefined, ['办结时限', '限办日期']),
  col('status', false, '已办结', statusLookup.labels, ['办理状态']),
  col('reply', false, '示例：已对接授信300万元', undefined, ['办理结果', '答复意见']),
  col('repliedOn', false, '2026-11-06'),
  col('closedOn', false, '2026-11-09', undefined, ['销号日期']),
];

const COL = (k: string) => `imports.col.problem.${k}`;

function optDate(opts: { notAfter?: string } = {}): Field<string | null> {
  const required = dateField(opts);
  return (raw) => (raw.trim() === '' ? ok(null) : required(raw));
}

const optChoice =
  <T extends string>(field: Field<T>): Field<T | null> =>
  (raw) =>
    raw.trim() === '' ? ok(null) : field(raw);

export function problemRowSchema(today: string) {
  return rowSchema(
    {
      enterpriseCreditCode: creditCodeField,
      category: choiceField(categoryLookup, 'imports.e.problemCategory'),
      description: reqText(2000),
      recordedOn: dateField({ notAfter: today }),
      handler: optText(100),
      assignedOn: optDate({ notAfter: today }),
      dueOn: optDate(),
      status: optChoice(choiceField(statusLookup, 'imports.e.problemStatus')),
      reply: optText(2000, true),
      repliedOn: optDate({ notAfter: today }),
      closedOn: optDate({ notAfter: today }),
    },
    (v) => {
      const issues: RowIssue[] = [];
      const status: ProblemStatus = v.status ?? (v.closedOn ? 'closed' : v.repliedOn ? 'replied' : v.handler ? 'assigned' : 'open');
      const assignedOn = v.assignedOn ?? v.recordedOn;
      if (status === 'open') {
        // nothing happened yet: 交办 and what follows it belong to another status
        for (const k of ['handler', 'assignedOn', 'dueOn', 'reply', 'repliedOn', 'closedOn'] as const)
          if (v[k] !== null) issues.push({ path: k, message: 'imports.e.problemNotForOpen' });
      } else {
        if (!v.handler) issues.push({ path: 'handler', message: 'imports.e.problemHandlerRequired' });
        if (v.assignedOn && v.assignedOn < v.recordedOn) issues.push({ path: 'assignedOn', message: 'imports.e.problemBeforeRecorded' });
        if (v.dueOn && v.dueOn <= assignedOn) issues.push({ path: 'dueOn', message: 'imports.e.problemDueBeforeAssigned' });
      }
      if (status === 'assigned')
        for (const k of ['repliedOn', 'closedOn'] as const) if (v[k] !== null) issues.push({ path: k, message: 'imports.e.problemNotYet' });
      if (status === 'replied') {
        if (!v.repliedOn) issues.push({ path: 'repliedOn', message: 'imports.e.problemRepliedOnRequired' });
        if (v.closedOn) issues.push({ path: 'closedOn', message: 'imports.e.problemNotYet' });
      }
      if (status === 'closed' && !v.closedOn) issues.push({ path: 'closedOn', message: 'imports.e.problemClosedOnRequired' });
      const repliedOn = v.repliedOn ?? (status === 'closed' ? v.closedOn : null);
      if (status !== 'open' && repliedOn && repliedOn < assignedOn)
        issues.push({ path: 'repliedOn', message: 'imports.e.problemBeforeAssigned' });
      if (status === 'closed' && v.closedOn && v.closedOn < assignedOn)
        issues.push({ path: 'closedOn', message: 'imports.e.problemBeforeAssigned' });
      if (status === 'closed' && v.closedOn && v.repliedOn && v.closedOn < v.repliedOn)
        issues.push({ path: 'closedOn', message: 'imports.e.problemClosedBeforeReply' });
      if (issues.length) return rowIssues(issues);
      return {
        ok: true,
        value: {
          ...v,
          status,
          assignedOn: status === 'open' ? null : assignedOn,
          repliedOn: status === 'replied' || status === 'closed' ? repliedOn : null,
        },
      };
    },
  );
}

export type ProblemImportRow = ReturnType<typeof problemRowSchema> extends RowSchema<infer T> ? T : never;

/** Text compared as people read it (the same item typed again with other spaces or widths). */
const textKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
const itemKey = (enterprise: string, recordedOn: string, category: string, description: string) =>
  `${enterprise}\u0000${recordedOn}\u0000${category}\u0000${textKey(description)}`;

type Handler = { id: string; name: string; kind: 'bank' | 'government' };

/** The handler a cell names (credit code or exact name) among those an item of the district may go to. */
function resolveHandler(
  cell: string,
  allowed: Handler[],
  byCode: Map<string, { id: string; kind: string }>,
  anyByName: Set<string>,
): Handler | { error: string } {
  const code = validateCreditCode(cell);
  if (code.ok) {
    const org = byCode.get(code.code);
    if (!org || (org.kind !== 'bank' && org.kind !== 'government')) return { error: 'imports.e.handlerNotFound' };
    return allowed.find((h) => h.id === org.id) ?? { error: 'imports.e.handlerOutsideRegion' };
  }
  const same = allowed.filter((h) => textKey(h.name) === textKey(cell));
  if (same.length === 1) return same[0];
  if (same.length > 1) return { error: 'imports.e.handlerAmbiguous' };
  return { error: anyByName.has(textKey(cell)) ? 'imports.e.handlerOutsideRegion' : 'imports.e.handlerNotFound' };
}

export async function planProblems(db: DB, rows: ValidRow<ProblemImportRow>[], ctx: PlanContext): Promise<KindPlan> {
  const errors: RowError[] = [];
  const planned: PlannedRow[] = [];
  const handlerCodes = rows.flatMap((r) => {
    const c = r.value.handler ? validateCreditCode(r.value.handler) : null;
    return c?.ok ? [c.code] : [];
  });
  const orgs = await orgsByCreditCode(db, [...rows.map((r) => r.value.enterpriseCreditCode), ...handlerCodes]);
  // every bank or department of a name a row gives (to tell "outside the region" from "unknown")
  const handlerNames = [
    ...new Set(rows.flatMap((r) => (r.value.handler && !validateCreditCode(r.value.handler).ok ? [r.value.handler] : []))),
  ];
  const anyByName = new Set<string>();
  for (const part of chunks(handlerNames, LOOKUP_CHUNK))
    for (const o of await db
      .selectFrom('organizations')
      .select('name')
      .where('kind', 'in', ['bank', 'government'])
      .where('name', 'in', part)
      .execute())
      anyByName.add(textKey(o.name));
  // the items already in the ledgers of these enterprises (the same item imported again)
  const enterpriseIds = [...new Set([...orgs.values()].filter((o) => o.kind === 'enterprise').map((o) => o.id))];
  const inLedger = new Map<string, string>();
  for (const part of chunks(enterpriseIds, LOOKUP_CHUNK))
    for (const p of await db
      .selectFrom('problems')
      .select(['enterprise_org_id', 'created_at', 'category', 'description', 'ledger_code', 'id'])
      .where('enterprise_org_id', 'in', part)
      .execute())
      inLedger.set(itemKey(p.enterprise_org_id, chinaDate(p.created_at), p.category, p.description), p.ledger_code ?? p.id);

  const handlersByRegion = new Map<string, Handler[]>();
  const calendars = new Map<string, Awaited<ReturnType<typeof getHolidays>>>();
  const writes: ImportedProblem[] = [];
  for (const { row, value: v } of rows) {
    await breathe();
    const err = (column: string, message: string) => errors.push({ sheet: null, row, column: COL(column), message });
    const ent = orgs.get(v.enterpriseCreditCode);
    if (!ent) {
      err('enterpriseCreditCode', 'imports.e.enterpriseNotFound');
      continue;
    }
    if (ent.kind !== 'enterprise') {
      err('enterpriseCreditCode', 'imports.e.codeNotEnterprise');
      continue;
    }
    if (!regionCovers(ctx.actor.regionCode, ent.region_code)) {
      err('enterpriseCreditCode', 'imports.e.enterpriseOutsideRegion');
      continue;
    }
    const region = ent.region_code;
    const label = `${ent.name} · ${v.description.slice(0, 30)}`;
    const key = itemKey(ent.id, v.recordedOn, v.category, v.description);
    const already = inLedger.get(key);
    if (already) {
      planned.push({ row, action: 'unchanged', key: already, label });
      continue;
    }
    let handler: Handler | null = null;
    let itemClock: ImportedProblem['clock'] = null;
    if (v.status !== 'open' && v.handler && v.assignedOn) {
      let allowed = handlersByRegion.get(region);
      if (!allowed) handlersByRegion.set(region, (allowed = await handlersOfRegion(db, region)));
      const h = resolveHandler(v.handler, allowed, orgs, anyByName);
      if ('error' in h) {
        err('handler', h.error);
        continue;
      }
      handler = h;
      let closeDays: number | undefined;
      if (v.dueOn) {
        let holidays = calendars.get(region);
        if (!holidays) calendars.set(region, (holidays = await getHolidays(db, region)));
        closeDays = workingDaysBetween(v.assignedOn, v.dueOn, holidays);
        if (closeDays < PROBLEM_DUE_MIN || closeDays > PROBLEM_DUE_MAX) {
          err('dueOn', msg('imports.e.problemDueRange', { min: PROBLEM_DUE_MIN, max: PROBLEM_DUE_MAX }));
          continue;
        }
      }
      const c = await clock(db, region, v.assignedOn, closeDays);
      itemClock = {
        startedOn: v.assignedOn,
        closeDays: c.close,
        contactDue: c.contactDue,
        replyDue: c.replyDue,
        dueOn: v.dueOn ?? c.dueOn,
      };
    }
    inLedger.set(key, `row ${row}`);
    writes.push({
      enterpriseId: ent.id,
      regionCode: region,
      category: v.category,
      description: v.description,
      recordedOn: v.recordedOn,
      status: v.status,
      handler,
      clock: itemClock,
      reply: v.reply,
      repliedOn: v.repliedOn,
      closedOn: v.status === 'closed' ? v.closedOn : null,
    });
    planned.push({ row, action: 'create', key: `${v.enterpriseCreditCode} · ${v.recordedOn}`, label });
  }
  return {
    rows: planned,
    errors,
    apply: async (trx) => {
      // oldest first: each district's ledger numbers follow the days the items were recorded
      const ordered = [...writes].sort((a, b) => (a.recordedOn < b.recordedOn ? -1 : a.recordedOn > b.recordedOn ? 1 : 0));
      for (const item of ordered) {
        await breathe();
        await insertImportedProblem(trx, ctx.actor.id, item, { fileName: ctx.fileName, now: ctx.now });
      }
    },
  };
}

export const problemsHandler: KindHandler<ProblemImportRow> = {
  kind: 'problems',
  columns: PROBLEM_COLUMNS,
  sheetNames: ['问题诉求台账', '问题台账', '台账', 'problems'],
  sheetLabelKey: 'imports.kind.problems',
  rowSchema: (_actor, today) => problemRowSchema(today),
  key: (v) => `${v.enterpriseCreditCode}\u0000${v.recordedOn}\u0000${v.category}\u0000${textKey(v.description)}`,
  keyColumn: 'description',
  plan: planProblems,
};
