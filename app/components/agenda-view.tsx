/** A participant's agenda (issue 16): the session, who attends, each meeting's time, table and counterpart, and the files. */
import { Alert, Card, EmptyState } from '~/components/ui';
import { useT } from '~/i18n/use-t';

export interface AgendaViewProps {
  event: { date: string; startTime: string };
  orgName: string;
  /** names shown under 参会代表 */
  representatives: string[];
  published: boolean;
  items: { requestId: string; start: string; end: string; tableNumber: number; counterpartName: string }[];
  /** the files' URLs without the extension: `${base}.pdf`, `${base}.ics` */
  fileBase: string;
}

export function AgendaView({ event, orgName, representatives, published, items, fileBase }: AgendaViewProps) {
  const t = useT();
  return (
    <div className="space-y-4">
      <Card>
        <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-600">{t('agenda.session')}</dt>
            <dd className="font-medium text-slate-900">{t('agenda.sessionTime', { date: event.date, time: event.startTime })}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t('agenda.organization')}</dt>
            <dd className="break-words font-medium text-slate-900">{orgName}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t('agenda.representatives')}</dt>
            <dd className="break-words font-medium text-slate-900" data-testid="agenda-representatives">
              {representatives.length ? representatives.join('、') : t('agenda.noRepresentatives')}
            </dd>
          </div>
        </dl>
      </Card>
      {!published ? (
        <Alert tone="info">{t('agenda.notPublished')}</Alert>
      ) : (
        <Card title={t('agenda.meetings')}>
          {items.length === 0 ? (
            <EmptyState title={t('agenda.empty')} />
          ) : (
            <ol className="divide-y divide-slate-200" data-testid="agenda-items">
              {items.map((m) => (
                <li key={m.requestId} className="flex flex-wrap items-baseline gap-x-4 gap-y-1 py-3" data-testid="agenda-item">
                  <span className="whitespace-nowrap text-lg font-semibold tabular-nums text-slate-900">
                    {m.start}–{m.end}
                  </span>
                  <span className="whitespace-nowrap rounded bg-brand-50 px-2 py-0.5 font-semibold text-brand-800">
                    {t('meetings.tableNo', { n: m.tableNumber })}
                  </span>
                  <span className="min-w-0 break-words text-slate-900">{m.counterpartName}</span>
                </li>
              ))}
            </ol>
          )}
          <div className="mt-4 flex flex-wrap gap-3">
            <a
              href={`${fileBase}.pdf`}
              className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
              data-testid="agenda-pdf"
              download
            >
              {t('agenda.downloadPdf')}
            </a>
            <a
              href={`${fileBase}.ics`}
              className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-50"
              data-testid="agenda-ics"
              download
            >
              {t('agenda.downloadIcs')}
            </a>
          </div>
        </Card>
      )}
    </div>
  );
}
