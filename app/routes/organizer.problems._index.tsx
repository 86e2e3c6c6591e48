import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import type { z } from 'zod';
import { ErrorView } from '~/components/error-view';
import { FormErrors, SelectField, TextField } from '~/components/form';
import { ProblemList, RecordProblemForm } from '~/components/problem-view';
import { Button, Card, PageHeader, cx } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { OrganizerProblemsSchema, OrganizerRecordSchema } from '~/modules/followup/problem-schema';
import {
  getProblemDeadlines,
  listProblems,
  recordProblem,
  regionEnterprises,
  setProblemDeadlines,
  type ProblemFilter,
} from '~/modules/followup/problems.server';
import { regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'problems.title');

const FILTERS = ['all', 'open', 'assigned', 'replied', 'closed', 'overdue', 'mine'] as const satisfies readonly ProblemFilter[];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const db = await getDb();
  const asked = new URL(request.url).searchParams.get('filter') ?? 'all';
  const filter: ProblemFilter = (FILTERS as readonly string[]).includes(asked) ? (asked as ProblemFilter) : 'all';
  const viewer = { kind: 'organizer' as const, regionCode: organizer.regionCode, orgId: organizer.organizationId };
  const [list, enterprises, deadlines] = await Promise.all([
    listProblems(db, viewer, { filter: filter === 'mine' && !organizer.organizationId ? 'all' : filter }),
    regionEnterprises(db, organizer.regionCode),
    getProblemDeadlines(db, organizer.regionCode),
  ]);
  return json({
    filter,
    hasDepartment: !!organizer.organizationId,
    rows: list.rows.map((r) => ({ ...r, regionName: regionName(r.regionCode) })),
    counts: list.counts,
    enterprises: enterprises.map((e) => ({ value: e.id, label: e.name, group: regionName(e.region_code) })),
    deadlines,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const submission = parseWithZod(await readFormData(request), { schema: OrganizerProblemsSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const db = await getDb();
  try {
    if (v.intent === 'deadlines') {
      await setProblemDeadlines(db, { userId: organizer.id, regionCode: organizer.regionCode }, v);
      return redirect('/organizer/problems', { headers: await flashHeaders({ tone: 'success', message: 'problems.flash.deadlines' }) });
    }
    const id = await recordProblem(
      db,
      { kind: 'organizer', userId: organizer.id, regionCode: organizer.regionCode },
      { category: v.category, description: v.description, enterpriseId: v.enterpriseId },
    );
    const code = (await db.selectFrom('problems').select('ledger_code').where('id', '=', id).executeTakeFirst())?.ledger_code ?? '';
    return redirect(`/organizer/problems/${id}`, {
      headers: await flashHeaders({ tone: 'success', message: msg('problems.flash.recorded', { code }) }),
    });
  } catch (e) {
    return replyWithError(e, submission);
  }
}

export default function OrganizerProblems() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof OrganizerRecordSchema>>({
    id: 'record-problem',
    lastResult: last,
    constraint: getZodConstraint(OrganizerRecordSchema),
    shouldValidate: 'onBlur',
  });
  const count = (f: (typeof FILTERS)[number]) => (f === 'all' || f === 'mine' ? undefined : d.counts[f]);
  return (
    <div>
      <PageHeader title={t('problems.title')} subtitle={t('problems.lead')} />
      <nav className="mb-4 flex flex-wrap gap-2 text-sm" aria-label={t('problems.status')} data-testid="problem-filters">
        {FILTERS.filter((f) => f !== 'mine' || d.hasDepartment).map((f) => (
          <Link
            key={f}
            to={f === 'all' ? '/organizer/problems' : `/organizer/problems?filter=${f}`}
            className={cx(
              'rounded-md px-2 py-1 ring-1 ring-inset',
              d.filter === f ? 'bg-brand-700 text-white ring-brand-700' : 'text-slate-800 ring-slate-300',
            )}
            aria-current={d.filter === f ? 'page' : undefined}
          >
            {t(`problems.filter.${f}`, { n: count(f) ?? '' })}
          </Link>
        ))}
      </nav>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <ProblemList rows={d.rows} linkTo={(id) => `/organizer/problems/${id}`} />
        </div>
        <div className="space-y-6">
          <RecordProblemForm title={t('problems.recordFor')} form={form} fields={fields} rows={4}>
            <input type="hidden" name="intent" value="record" />
            <SelectField field={fields.enterpriseId} label={t('problems.enterprise')} options={d.enterprises} />
          </RecordProblemForm>
          <DeadlinesForm deadlines={d.deadlines} last={last} />
        </div>
      </div>
    </div>
  );
}

function DeadlinesForm({
  deadlines,
  last,
}: {
  deadlines: { contact: number; reply: number; close: number };
  last: SubmissionResult<string[]> | undefined;
}) {
  const t = useT();
  const [form, fields] = useForm<{ contact: string; reply: string; close: string }>({
    id: 'problem-deadlines',
    lastResult: last,
    defaultValue: { contact: String(deadlines.contact), reply: String(deadlines.reply), close: String(deadlines.close) },
  });
  return (
    <Card title={t('problems.settings')}>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <input type="hidden" name="intent" value="deadlines" />
        <FormErrors errors={form.errors} />
        <div className="grid grid-cols-3 gap-2">
          <TextField field={fields.contact} label={t('problems.settings.contact')} type="number" inputMode="numeric" />
          <TextField field={fields.reply} label={t('problems.settings.reply')} type="number" inputMode="numeric" />
          <TextField field={fields.close} label={t('problems.settings.close')} type="number" inputMode="numeric" />
        </div>
        <Button variant="secondary">{t('problems.settings.save')}</Button>
      </Form>
    </Card>
  );
}

export const ErrorBoundary = ErrorView;
