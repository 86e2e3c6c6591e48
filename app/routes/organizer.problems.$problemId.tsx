import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { GroupedOptions } from '~/components/form';
import { ProblemHandlerForms } from '~/components/problem-handler-forms';
import { ProblemPage } from '~/components/problem-view';
import { Button, Card } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { OrganizerProblemSchema } from '~/modules/followup/problem-schema';
import {
  assignProblem,
  contactProblem,
  getProblemDeadlines,
  handlersOfRegion,
  problemDetail,
  replyToProblem,
} from '~/modules/followup/problems.server';
import { regionCovers, regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { recordTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => recordTitle(matches, data?.problem.ledgerCode, 'problems.title');

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const db = await getDb();
  const d = await problemDetail(
    db,
    { kind: 'organizer', regionCode: organizer.regionCode, orgId: organizer.organizationId },
    params.problemId ?? '',
  );
  const p = d.problem;
  const inRegion = regionCovers(organizer.regionCode, p.regionCode);
  const assignable = inRegion && (p.status === 'open' || p.status === 'assigned');
  const [handlers, deadlines] = assignable
    ? await Promise.all([handlersOfRegion(db, p.regionCode), getProblemDeadlines(db, p.regionCode)])
    : [[], null];
  return json({
    ...d,
    problem: { ...p, regionName: regionName(p.regionCode) },
    assignable,
    handles: !!organizer.organizationId && p.handlerId === organizer.organizationId,
    handlers: handlers.map((h) => ({ value: h.id, label: h.name, group: h.kind })),
    deadlines,
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const submission = parseWithZod(await readFormData(request), { schema: OrganizerProblemSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const id = params.problemId ?? '';
  const db = await getDb();
  let message: string;
  try {
    if (v.intent === 'assign') {
      const r = await assignProblem(db, { userId: organizer.id, regionCode: organizer.regionCode }, id, {
        handlerId: v.handlerId,
        dueDays: v.dueDays,
      });
      message = msg('problems.flash.assigned', { date: r.dueOn });
    } else {
      // a department's organizer answers the items assigned to its department
      if (!organizer.organizationId) throw new AppError(404, 'problems.err.unknown');
      const actor = { userId: organizer.id, orgId: organizer.organizationId };
      if (v.intent === 'contact') await contactProblem(db, actor, id);
      else await replyToProblem(db, actor, id, v.reply);
      message = v.intent === 'contact' ? 'problems.flash.contacted' : 'problems.flash.replied';
    }
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/organizer/problems/${id}`, { headers: await flashHeaders({ tone: 'success', message }) });
}

const SELECT =
  'mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700';

export default function OrganizerProblem() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const p = d.problem;
  return (
    <ProblemPage backTo="/organizer/problems" record={d}>
      {d.assignable && d.deadlines ? (
        <Card title={p.status === 'open' ? t('problems.assign') : t('problems.reassign')}>
          <Form method="post" className="space-y-3" data-testid="assign-form">
            <input type="hidden" name="intent" value="assign" />
            <p className="text-sm text-slate-700">{t('problems.assignHint', { ...d.deadlines })}</p>
            <label className="block text-sm font-medium text-slate-800">
              {t('problems.handler')}
              <select name="handlerId" required className={SELECT}>
                <GroupedOptions options={d.handlers.map((h) => ({ ...h, group: t(`problems.handlerGroup.${h.group}`) }))} empty="—" />
              </select>
            </label>
            <label className="block text-sm font-medium text-slate-800">
              {t('problems.dueDays')}
              <input name="dueDays" type="number" inputMode="numeric" min={1} max={30} className={SELECT} />
              <span className="text-xs font-normal text-slate-600">{t('problems.dueDaysHint')}</span>
            </label>
            <Button>{p.status === 'open' ? t('problems.assign') : t('problems.reassign')}</Button>
          </Form>
        </Card>
      ) : null}
      {d.handles ? <ProblemHandlerForms p={p} /> : null}
    </ProblemPage>
  );
}

export const ErrorBoundary = ErrorView;
