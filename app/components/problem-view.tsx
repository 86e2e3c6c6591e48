/**
 * The 问题诉求台账's shared views (issue 18): a list of items and one item with its
 * deadlines, reply, attachments and history, the same for the enterprise, the
 * handler and the organizer; each page adds its own forms below.
 */
import { type FieldMetadata, type FormMetadata, getFormProps } from '@conform-to/react';
import { Form, useActionData } from '@remix-run/react';
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { useT } from '~/i18n/use-t';
import { chinaDate, chinaDateTime } from '~/modules/calendar/working-days';
import { PROBLEM_CATEGORIES } from '~/modules/followup/problem-rules';
import { FormErrors, replyErrors, SelectField, TextareaField } from './form';
import { Badge, Button, Card, EmptyState, PageHeader } from './ui';

export interface ProblemView {
  id: string;
  ledgerCode: string;
  category: string;
  description: string;
  status: 'open' | 'assigned' | 'replied' | 'closed';
  enterpriseName: string;
  handlerName: string | null;
  contactDueOn: string | null;
  replyDueOn: string | null;
  dueOn: string | null;
  clockStartedOn: string | null;
  contactedAt: string | null;
  reply: string | null;
  rating: string | null;
  reopenCount: number;
  escalatedAt: string | null;
  escalatedStage: string | null;
  closedAt: string | null;
  createdAt: string;
  overdue: string | null;
  regionName?: string;
}

const STATUS_TONE = { open: 'yellow', assigned: 'blue', replied: 'blue', closed: 'green' } as const;

export function ProblemBadges({ p }: { p: ProblemView }) {
  const t = useT();
  return (
    <span className="flex flex-wrap items-center gap-1">
      <Badge tone={STATUS_TONE[p.status]}>{t(`problems.status.${p.status}`)}</Badge>
      {p.overdue ? <Badge tone="red">{t('problems.overdue', { stage: t(`problems.stage.${p.overdue}`) })}</Badge> : null}
      {p.escalatedAt && p.escalatedStage ? (
        <Badge tone="red">{t('problems.escalated', { stage: t(`problems.stage.${p.escalatedStage}`) })}</Badge>
      ) : null}
      {p.rating ? <Badge tone={p.rating === 'dissatisfied' ? 'red' : 'green'}>{t(`problems.rating.${p.rating}`)}</Badge> : null}
    </span>
  );
}

export function ProblemList({ rows, linkTo }: { rows: ProblemView[]; linkTo: (id: string) => string }) {
  const t = useT();
  if (rows.length === 0) return <EmptyState title={t('problems.empty')} />;
  return (
    <ul className="space-y-3" data-testid="problems">
      {rows.map((p) => (
        <li key={p.id} data-testid={`problem-${p.ledgerCode}`}>
          <Card>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <Link to={linkTo(p.id)} className="font-semibold text-brand-800 underline">
                  {p.ledgerCode}
                </Link>{' '}
                <span className="text-sm text-slate-700">
                  {t(`problems.category.${p.category}`)} · {p.enterpriseName}
                  {p.handlerName ? ` → ${p.handlerName}` : ''}
                </span>
                <p className="mt-1 line-clamp-2 break-words text-sm text-slate-800">{p.description}</p>
              </div>
              <ProblemBadges p={p} />
            </div>
            {p.dueOn && p.status !== 'closed' ? (
              <p className="mt-2 text-xs tabular-nums text-slate-600">
                {t('problems.deadlines', { contact: p.contactDueOn ?? '—', reply: p.replyDueOn ?? '—', close: p.dueOn })}
              </p>
            ) : null}
          </Card>
        </li>
      ))}
    </ul>
  );
}

export interface ProblemEventView {
  id: string;
  action: string;
  note: string;
  at: string;
  user_name: string | null;
}

/** A problem's page for any role: its number, the way back to the role's ledger, the form errors, the detail and the role's forms. */
/** The form that records a problem (enterprise and organizer problem lists): `children` go before the category. */
export function RecordProblemForm({
  title,
  form,
  fields,
  rows,
  children,
}: {
  title: ReactNode;
  form: FormMetadata<any, string[]>;
  fields: { category: FieldMetadata<any>; description: FieldMetadata<any> };
  rows: number;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <Card title={title}>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrors errors={form.errors} />
        {children}
        <SelectField
          field={fields.category}
          label={t('problems.category')}
          options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`problems.category.${c}`) }))}
        />
        <TextareaField field={fields.description} label={t('problems.description')} rows={rows} />
        <Button>{t('problems.record')}</Button>
      </Form>
    </Card>
  );
}

/** One problem's page from its loader's record, with the errors of the page's last form; the page's own forms as children. */
export function ProblemPage({
  backTo,
  record,
  children,
}: {
  backTo: string;
  record: { problem: ProblemView; events: ProblemEventView[]; attachments: { id: string; file_name: string }[] };
  children?: ReactNode;
}) {
  const t = useT();
  const errors = replyErrors(useActionData());
  const { problem: p, events, attachments } = record;
  return (
    <div>
      <PageHeader
        title={p.ledgerCode}
        actions={
          <Link to={backTo} className="text-sm text-brand-800 underline">
            {t('problems.back')}
          </Link>
        }
      />
      <FormErrors errors={errors} />
      <ProblemDetail p={p} events={events} attachments={attachments}>
        {children}
      </ProblemDetail>
    </div>
  );
}

export function ProblemDetail({
  p,
  events,
  attachments,
  children,
}: {
  p: ProblemView;
  events: ProblemEventView[];
  attachments: { id: string; file_name: string }[];
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <p className="text-sm text-slate-600">
              {t(`problems.category.${p.category}`)} · {p.enterpriseName}
              {p.regionName ? ` · ${p.regionName}` : ''} · {t('problems.recordedOn', { date: chinaDate(p.createdAt) })}
            </p>
            <p className="mt-2 whitespace-pre-line break-words text-slate-900" data-testid="problem-description">
              {p.description}
            </p>
          </div>
          <ProblemBadges p={p} />
        </div>
        {p.handlerName ? (
          <p className="mt-3 text-sm text-slate-800">
            {t('problems.handler')}: <span className="font-medium">{p.handlerName}</span>
          </p>
        ) : null}
        {p.dueOn && p.status !== 'closed' ? (
          <p className="mt-1 text-sm tabular-nums text-slate-800" data-testid="problem-deadlines">
            {t('problems.deadlines', { contact: p.contactDueOn ?? '—', reply: p.replyDueOn ?? '—', close: p.dueOn })}
          </p>
        ) : null}
        {p.reopenCount > 0 && p.status !== 'closed' && p.clockStartedOn && p.dueOn ? (
          <p className="mt-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-700/30" data-testid="problem-reopened">
            {t('problems.reopened', { n: p.reopenCount, date: p.clockStartedOn, due: p.dueOn })}
          </p>
        ) : null}
        {p.contactedAt && p.status === 'assigned' ? (
          <p className="mt-1 text-sm text-slate-700">{t('problems.contactedOn', { date: chinaDate(p.contactedAt) })}</p>
        ) : null}
        {p.reply ? (
          <div className="mt-3 rounded-md bg-slate-50 p-3" data-testid="problem-reply">
            <p className="text-sm font-medium text-slate-800">{t('problems.reply')}</p>
            <p className="whitespace-pre-line break-words text-sm text-slate-900">{p.reply}</p>
          </div>
        ) : null}
        {attachments.length ? (
          <div className="mt-3">
            <p className="text-sm font-medium text-slate-800">{t('problems.attachments')}</p>
            <ul className="list-inside list-disc text-sm" data-testid="problem-attachments">
              {attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/documents/${a.id}`} className="break-all text-brand-800 underline" target="_blank" rel="noreferrer">
                    {a.file_name}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Card>
      {children}
      <Card title={t('problems.ledger')}>
        <ol className="space-y-1 text-sm" data-testid="problem-ledger">
          {events.map((e) => (
            <li key={e.id} className="flex flex-wrap gap-x-2">
              <span className="tabular-nums text-slate-600">{chinaDateTime(e.at)}</span>
              <span className="font-medium text-slate-900">{t(`problems.event.${e.action}`)}</span>
              <span className="text-slate-700">{e.user_name ?? t('problems.event.system')}</span>
              {e.note ? <span className="break-all text-slate-700">{eventNote(t, e)}</span> : null}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

/** The ledger's notes are written in a fixed form by the module; shown in the reader's language. */
function eventNote(t: ReturnType<typeof useT>, e: ProblemEventView): string {
  if (e.action === 'rated') return t(`problems.rating.${e.note}`);
  const restarted = /^clock restarted (\S+) → (\S+)$/.exec(e.note);
  if (restarted) return t('problems.event.clockRestarted', { date: restarted[1], due: restarted[2] });
  const esc = /^(contact|reply|close) due (\S+)$/.exec(e.note);
  if (esc) return `${t('problems.overdue', { stage: t(`problems.stage.${esc[1]}`) })} (${esc[2]})`;
  return e.note;
}
