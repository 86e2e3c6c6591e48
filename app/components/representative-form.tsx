/**
 * Representatives (参会代表) of one organization in an event: the list with
 * remove buttons and the add form (name, title, mobile). Used by the
 * participant's event page and the organizer's invitations page.
 */
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { OrganizerRepresentativeSchema, RepresentativeSchema } from '~/modules/events/schema';
import { FormErrors, TextField, useSchemaForm } from './form';
import { Badge, Button } from './ui';

export interface RepresentativeItem {
  id: string;
  name: string;
  title: string;
  phone: string;
  checkedIn: boolean;
}

export function RepresentativeList({
  reps,
  canRemove,
  busy,
  label,
}: {
  reps: RepresentativeItem[];
  canRemove: boolean;
  busy: boolean;
  label: string;
}) {
  const t = useT();
  if (reps.length === 0) return <p className="text-sm text-slate-600">{t('events.reps.none')}</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label={label} data-testid="representatives">
      {reps.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="representative">
          <span className="min-w-0 break-words">
            <span className="font-medium text-slate-900">{r.name}</span>
            <span className="text-slate-600"> · {r.title}</span>
            <span className="ml-2 font-mono tabular-nums text-slate-800">{r.phone}</span>
            {r.checkedIn ? (
              <span className="ml-2">
                <Badge tone="green">{t('events.reps.checkedInBadge')}</Badge>
              </span>
            ) : null}
          </span>
          {canRemove && !r.checkedIn ? (
            <Form method="post">
              <input type="hidden" name="intent" value="removeRep" />
              <input type="hidden" name="representativeId" value={r.id} />
              <Button variant="ghost" className="min-h-8 px-2" disabled={busy}>
                {t('events.reps.remove')}
                <span className="sr-only"> {r.name}</span>
              </Button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The add form; with `participantId` it is the organizer's (adds for that participant). */
export function RepresentativeForm({
  lastResult,
  participantId,
  busy,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  participantId?: string;
  busy: boolean;
}) {
  const t = useT();
  const schema = participantId ? OrganizerRepresentativeSchema : RepresentativeSchema;
  const [form, fields] = useSchemaForm(schema, {
    id: `rep-${participantId ?? 'own'}`,
    lastResult,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2 space-y-2" aria-label={t('events.reps.addTitle')}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="addRep" />
      {participantId ? <input type="hidden" name="participantId" value={participantId} /> : null}
      <div className="grid gap-2 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
        <TextField field={fields.name} label={t('events.reps.name')} autoComplete="off" />
        <TextField field={fields.title} label={t('events.reps.title')} autoComplete="off" />
        <TextField field={fields.phone} label={t('events.reps.phone')} type="tel" inputMode="tel" autoComplete="off" />
        <Button disabled={busy}>{t('events.reps.add')}</Button>
      </div>
    </Form>
  );
}
