/** The waiting list (候补) of a full session: positions in order; a remove button per entry when allowed. */
import { Form } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { Button } from './ui';

export interface WaitlistRow {
  id: string;
  position: number;
  organizationName: string;
  name: string;
  title: string;
  /** the organizer's view only */
  phone?: string;
  since: string;
}

export function WaitlistTable({
  rows,
  canRemove,
  busy,
  showOrg,
}: {
  rows: WaitlistRow[];
  canRemove: boolean;
  busy: boolean;
  showOrg: boolean;
}) {
  const t = useT();
  if (rows.length === 0) return <p className="text-sm text-slate-600">{t('waitlist.empty')}</p>;
  return (
    <ol className="divide-y divide-slate-200" data-testid="waitlist">
      {rows.map((w) => (
        <li key={w.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="waitlist-row">
          <div className="min-w-0">
            <span className="mr-2 inline-block rounded bg-amber-50 px-1.5 font-medium text-amber-900 ring-1 ring-amber-600/40">
              {t('waitlist.position', { n: w.position })}
            </span>
            <span className="font-medium text-slate-900">{w.name}</span>
            <span className="ml-1 text-slate-700">{w.title}</span>
            {showOrg ? <span className="ml-2 text-slate-700">{w.organizationName}</span> : null}
            {w.phone ? <span className="ml-2 tabular-nums text-slate-600">{w.phone}</span> : null}
            <span className="ml-2 text-xs text-slate-600">{w.since}</span>
          </div>
          {canRemove ? (
            <Form method="post">
              <input type="hidden" name="intent" value="removeWaiting" />
              <input type="hidden" name="entryId" value={w.id} />
              <Button variant="ghost" className="min-h-8 px-2" disabled={busy}>
                {t('waitlist.remove')}
                <span className="sr-only"> {w.name}</span>
              </Button>
            </Form>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
