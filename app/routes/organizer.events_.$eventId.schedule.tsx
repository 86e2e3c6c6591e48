import { getFormProps, getSelectProps, useForm, type FieldMetadata } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { FieldErrors, FormErrors, replyErrors } from '~/components/form';
import { Pagination } from '~/components/pagination';
import { DataTable, ScrollTable } from '~/components/table';
import { Alert, Badge, Button, Card, PageHeader, Stat, buttonClass, cx } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { gridOf, slotTimes } from '~/modules/events/agenda';
import { MoveMeetingSchema, scheduleSchemaFor, SwapMeetingsSchema } from '~/modules/events/meetings-schema';
import {
  listDesks,
  listEventRequests,
  loadGrid,
  moveMeeting,
  publishSchedule,
  releaseMeeting,
  requestCounts,
  runSchedule,
  setBankDesk,
  swapMeetings,
} from '~/modules/events/schedule.server';
import { replyWithError } from '~/utils/errors.server';
import { getDb } from '~/utils/db.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';
import type { MeetingRequestStatus } from '#db/schema';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'meetings.schedule.title');

const STATUSES: MeetingRequestStatus[] = ['pending', 'accepted', 'declined', 'withdrawn'];
const STATUS_TONE = { pending: 'yellow', accepted: 'green', declined: 'red', withdrawn: 'gray' } as const;
/** Unplaced requests listed on the page (the rest are counted). */
const UNPLACED_SHOWN = 100;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const db = await getDb();
  const url = new URL(request.url);
  const rawStatus = url.searchParams.get('status');
  const status = STATUSES.find((s) => s === rawStatus);
  const page = pageFromUrl(url);
  const [counts, grid, list, desks] = await Promise.all([
    requestCounts(db, event.id),
    loadGrid(db, event),
    listEventRequests(db, event.id, { status, page, pageSize: DEFAULT_PAGE_SIZE }),
    event.desk_mode === 'fixed' ? listDesks(db, event.id) : Promise.resolve([]),
  ]);
  const cells = gridOf(event.slot_count, event.table_count, grid.meetings).map((row) =>
    row.map((m) => (m ? { requestId: m.requestId, enterpriseName: m.enterpriseName, bankName: m.bankName, manual: m.manual } : null)),
  );
  const slots = slotTimes(event);
  const placedAt = new Map(grid.meetings.map((m) => [m.requestId, m]));
  const live = grid.accepted.filter((r) => r.attending);
  const reasonCounts: Record<string, number> = {};
  for (const u of grid.unplaced) reasonCounts[u.why.reason] = (reasonCounts[u.why.reason] ?? 0) + 1;
  return json({
    event: {
      id: event.id,
      title: event.title,
      date: event.event_date,
      venue: event.venue,
      status: event.status,
      slotCount: event.slot_count,
      tableCount: event.table_count,
      schedulePlaced: event.schedule_placed,
      scheduleBound: event.schedule_bound,
      scheduledAtText: event.scheduled_at ? chinaDateTime(event.scheduled_at) : null,
      deskMode: event.desk_mode,
      publishedAtText: event.schedule_published_at ? chinaDateTime(event.schedule_published_at) : null,
    },
    desks: desks.map((b) => ({ participantId: b.participantId, bankName: b.bankName, desk: b.desk === null ? null : b.desk + 1 })),
    canEdit: event.status === 'open' || event.status === 'scheduled',
    counts,
    acceptedLive: live.length,
    placedNow: grid.meetings.length,
    slots,
    cells,
    stamp: grid.stamp,
    unplaced: grid.unplaced.slice(0, UNPLACED_SHOWN).map((u) => ({
      requestId: u.requestId,
      enterpriseName: u.enterpriseName,
      bankName: u.bankName,
      reason: u.why.reason,
      slot: 'slot' in u.why ? u.why.slot + 1 : null,
      time: 'slot' in u.why ? (slots[u.why.slot]?.start ?? '') : null,
    })),
    unplacedTotal: grid.unplaced.length,
    reasonCounts,
    moveOptions: live.map((r) => {
      const at = placedAt.get(r.id);
      return { value: r.id, label: `${r.enterpriseName} — ${r.bankName}`, slot: at ? at.slot + 1 : null, table: at ? at.table + 1 : null };
    }),
    swapOptions: grid.meetings.map((m) => ({
      value: m.requestId,
      label: `${m.enterpriseName} — ${m.bankName}`,
      slot: m.slot + 1,
      table: m.table + 1,
    })),
    requests: {
      status: status ?? 'all',
      page,
      total: list.total,
      rows: list.rows.map((r) => ({ ...r, createdAtText: chinaDateTime(r.createdAt) })),
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { event, user } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: scheduleSchemaFor(formData.get('intent')) });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const db = await getDb();
  const v = submission.value;
  const back = new URL(request.url);
  try {
    if (v.intent === 'desk') {
      await setBankDesk(db, event.id, { participantId: v.participantId, desk: v.desk - 1 });
      return redirect(back.pathname + back.search, { headers: await flashHeaders({ tone: 'success', message: 'meetings.flash.deskSet' }) });
    }
    if (v.intent === 'publish') {
      const r = await publishSchedule(db, event.id, { id: user.id, regionCode: user.regionCode });
      const message = msg('meetings.publish.flash', { n: r.organizations });
      return redirect(back.pathname + back.search, { headers: await flashHeaders({ tone: 'success', message }) });
    }
    if (v.intent === 'run') {
      const r = await runSchedule(db, event.id, { id: user.id, regionCode: user.regionCode });
      const message = msg(r.manualDropped > 0 ? 'meetings.flash.ranDropped' : 'meetings.flash.ran', {
        placed: r.placed,
        accepted: r.accepted,
        bound: r.bound,
        dropped: r.manualDropped,
      });
      return redirect(back.pathname + back.search, { headers: await flashHeaders({ tone: 'success', message }) });
    }
    // conflicts throw a 409 listing every conflict: nothing was changed; the form keeps the choice and lists them
    if (v.intent === 'move')
      await moveMeeting(db, event.id, { requestId: v.requestId, slot: v.slot - 1, table: v.table - 1, stamp: v.stamp });
    else if (v.intent === 'swap') await swapMeetings(db, event.id, { requestA: v.requestA, requestB: v.requestB, stamp: v.stamp });
    else await releaseMeeting(db, event.id, { requestId: v.requestId, stamp: v.stamp });
    const message =
      v.intent === 'move' ? 'meetings.flash.moved' : v.intent === 'swap' ? 'meetings.flash.swapped' : 'meetings.flash.released';
    return redirect(back.pathname + back.search, { headers: await flashHeaders({ tone: 'success', message }) });
  } catch (e) {
    return replyWithError(e, submission);
  }
}

interface Choice {
  value: string;
  label: string;
  slot: number | null;
  table: number | null;
}

/** A select bound to conform metadata whose options carry their current cell. */
function MeetingSelect({ field, label, options }: { field: FieldMetadata<string>; label: ReactNode; options: Choice[] }) {
  const t = useT();
  return (
    <ChoiceSelect
      field={field}
      label={label}
      placeholder={t('meetings.move.choose')}
      options={options.map((o) => ({
        value: o.value,
        label: `${o.label}（${o.slot !== null ? t('meetings.move.at', { slot: o.slot, table: o.table ?? 0 }) : t('meetings.move.unplaced')}）`,
      }))}
    />
  );
}

/** A select bound to conform metadata, after an empty choice (by default “choose a cell”). */
function ChoiceSelect({
  field,
  label,
  placeholder,
  options,
}: {
  field: FieldMetadata<number | string>;
  label: ReactNode;
  placeholder?: string;
  options: { value: number | string; label: string }[];
}) {
  const t = useT();
  const props = getSelectProps(field);
  return (
    <div className="min-w-0">
      <label htmlFor={field.id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        {...props}
        key={props.key}
        className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700"
      >
        <option value="">{placeholder ?? t('meetings.move.chooseCell')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export default function SchedulePage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const { event, counts, slots, cells, stamp } = d;
  const lastResult = useActionData<typeof action>();
  const lastIntent = (lastResult?.initialValue as Record<string, unknown> | undefined)?.intent;
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const [moveForm, moveFields] = useForm({
    id: `move-${stamp}`,
    lastResult: lastIntent === 'move' ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MoveMeetingSchema }),
    shouldValidate: 'onSubmit',
  });
  const [swapForm, swapFields] = useForm({
    id: `swap-${stamp}`,
    lastResult: lastIntent === 'swap' ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SwapMeetingsSchema }),
    shouldValidate: 'onSubmit',
  });
  const otherErrors =
    lastResult &&
    (lastIntent === 'run' || lastIntent === 'release' || lastIntent === 'desk' || lastIntent === 'publish' || lastIntent === undefined)
      ? replyErrors(lastResult)
      : undefined;
  const statusLink = (value: string, label: string, n?: number) => (
    <Link
      key={value}
      to={value === 'all' ? '?' : `?status=${value}`}
      className={buttonClass(d.requests.status === value ? 'primary' : 'secondary')}
      aria-current={d.requests.status === value ? 'page' : undefined}
    >
      {label}
      {n !== undefined ? ` ${n}` : ''}
    </Link>
  );
  const total = counts.pending + counts.accepted + counts.declined + counts.withdrawn;

  return (
    <div>
      <PageHeader
        title={event.title}
        subtitle={t('meetings.schedule.subtitle', {
          date: event.date,
          venue: event.venue,
          slots: event.slotCount,
          tables: event.tableCount,
        })}
      />
      <EventTabs eventId={event.id} view="organizer" />
      {event.status === 'draft' ? <Alert tone="info">{t('meetings.schedule.draftNotice')}</Alert> : null}
      {event.status === 'held' || event.status === 'closed' ? <Alert tone="info">{t('meetings.schedule.frozenNotice')}</Alert> : null}
      <FormErrors errors={otherErrors} />

      <div className="space-y-6">
        <Card title={t('meetings.schedule.resultTitle')}>
          <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label={t('meetings.schedule.stat.accepted')} value={d.acceptedLive} />
            <Stat label={t('meetings.schedule.stat.placed')} value={d.placedNow} />
            <Stat label={t('meetings.schedule.stat.bound')} value={event.scheduleBound ?? '—'} />
            <Stat label={t('meetings.schedule.stat.pending')} value={counts.pending} />
          </dl>
          {event.scheduledAtText ? (
            <p className="text-sm text-slate-800" data-testid="schedule-result">
              {t('meetings.schedule.result', {
                placed: event.schedulePlaced ?? 0,
                accepted: d.acceptedLive,
                bound: event.scheduleBound ?? 0,
                at: event.scheduledAtText,
              })}
            </p>
          ) : (
            <p className="text-sm text-slate-600">{t('meetings.schedule.notRun')}</p>
          )}
          {d.canEdit ? (
            <Form method="post" className="mt-4 flex flex-wrap items-center gap-3">
              <input type="hidden" name="intent" value="run" />
              <Button disabled={busy}>{event.scheduledAtText ? t('meetings.schedule.rerun') : t('meetings.schedule.run')}</Button>
              <span className="text-xs text-slate-600">{t('meetings.schedule.runHint')}</span>
            </Form>
          ) : null}
        </Card>

        {event.scheduledAtText ? (
          <Card title={t('meetings.publish.title')}>
            <div data-testid="schedule-publish">
              {event.publishedAtText ? (
                <p className="text-sm text-slate-800">{t('meetings.publish.publishedNotice', { at: event.publishedAtText })}</p>
              ) : (
                <>
                  <p className="text-sm text-slate-800">{t('meetings.publish.draftNotice')}</p>
                  {d.canEdit ? (
                    <Form method="post" className="mt-3">
                      <input type="hidden" name="intent" value="publish" />
                      <Button disabled={busy}>{t('meetings.publish.button')}</Button>
                    </Form>
                  ) : null}
                </>
              )}
            </div>
          </Card>
        ) : null}

        <Card title={t('meetings.desks.title')}>
          {event.deskMode !== 'fixed' ? (
            <p className="text-sm text-slate-600">{t('meetings.desks.freeMode')}</p>
          ) : (
            <>
              <p className="mb-3 text-sm text-slate-700">{t('meetings.desks.lead')}</p>
              {d.desks.length === 0 ? (
                <p className="text-sm text-slate-600">{t('meetings.desks.none')}</p>
              ) : (
                <ul className="divide-y divide-slate-100" data-testid="desks">
                  {d.desks.map((b) => (
                    <li key={b.participantId} className="flex flex-wrap items-center gap-3 py-2 text-sm">
                      <span className="w-16 shrink-0 font-semibold tabular-nums text-slate-900">
                        {b.desk ? t('meetings.desks.desk', { n: b.desk }) : t('meetings.desks.noDesk')}
                      </span>
                      <span className="min-w-0 flex-1 text-slate-900">{b.bankName}</span>
                      {event.status !== 'closed' ? (
                        <Form method="post" className="flex items-center gap-2">
                          <input type="hidden" name="intent" value="desk" />
                          <input type="hidden" name="participantId" value={b.participantId} />
                          <label className="sr-only" htmlFor={`desk-${b.participantId}`}>
                            {t('meetings.desks.change')}
                          </label>
                          <select
                            id={`desk-${b.participantId}`}
                            name="desk"
                            defaultValue={b.desk ?? ''}
                            className="rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300"
                          >
                            {Array.from({ length: event.tableCount }, (_, i) => (
                              <option key={i} value={i + 1}>
                                {t('meetings.desks.desk', { n: i + 1 })}
                              </option>
                            ))}
                          </select>
                          <Button variant="secondary" disabled={busy}>
                            {t('meetings.desks.save')}
                          </Button>
                        </Form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
              <a href={`/organizer/events/${event.id}/desks.pdf`} className={cx(buttonClass('secondary'), 'mt-3')} data-testid="desk-signs">
                {t('meetings.desks.pdf')}
              </a>
            </>
          )}
        </Card>

        <Card title={t('meetings.grid.title')}>
          {d.placedNow === 0 ? (
            <p className="text-sm text-slate-600">{t('meetings.grid.empty')}</p>
          ) : (
            <ScrollTable className="-mx-4 sm:mx-0" label={t('meetings.grid.title')} testId="schedule-scroll">
              <table className="min-w-full border-collapse text-xs" data-testid="schedule-grid">
                <caption className="sr-only">{t('meetings.grid.caption')}</caption>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className="sticky left-0 bg-slate-50 px-2 py-2 text-left font-semibold text-slate-800">
                      {t('meetings.grid.slot')}
                    </th>
                    {Array.from({ length: event.tableCount }, (_, i) => (
                      <th key={i} scope="col" className="whitespace-nowrap px-2 py-2 text-left font-semibold text-slate-800">
                        {t('meetings.tableNo', { n: i + 1 })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 bg-white">
                  {cells.map((row, s) => (
                    <tr key={s}>
                      <th
                        scope="row"
                        className="sticky left-0 whitespace-nowrap bg-white px-2 py-2 text-left font-medium tabular-nums text-slate-800"
                      >
                        {t('meetings.slotShort', { n: s + 1, start: slots[s]?.start ?? '' })}
                      </th>
                      {row.map((m, tIdx) => (
                        <td
                          key={tIdx}
                          className={cx('min-w-36 px-2 py-2 align-top', m ? 'text-slate-900' : 'text-slate-400')}
                          data-testid={m ? 'grid-cell' : undefined}
                        >
                          {m ? (
                            <div>
                              <p className="font-medium">{m.enterpriseName}</p>
                              <p className="text-slate-700">{m.bankName}</p>
                              {m.manual ? (
                                <div className="mt-1 flex flex-wrap items-center gap-1">
                                  <Badge tone="blue">{t('meetings.grid.manual')}</Badge>
                                  {d.canEdit ? (
                                    <Form method="post">
                                      <input type="hidden" name="intent" value="release" />
                                      <input type="hidden" name="requestId" value={m.requestId} />
                                      <input type="hidden" name="stamp" value={stamp} />
                                      <button
                                        type="submit"
                                        className="text-xs text-brand-800 underline"
                                        disabled={busy}
                                        aria-label={t('meetings.grid.releaseOf', { name: `${m.enterpriseName} — ${m.bankName}` })}
                                      >
                                        {t('meetings.grid.release')}
                                      </button>
                                    </Form>
                                  ) : null}
                                </div>
                              ) : null}
                            </div>
                          ) : (
                            <>
                              <span aria-hidden="true">—</span>
                              <span className="sr-only">{t('meetings.grid.free')}</span>
                            </>
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          )}
        </Card>

        {d.canEdit && d.moveOptions.length > 0 ? (
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title={t('meetings.move.title')} className="min-w-0">
              <Form method="post" {...getFormProps(moveForm)} className="space-y-3" data-testid="move-form">
                <FormErrors errors={moveForm.errors} />
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="stamp" value={stamp} />
                <MeetingSelect field={moveFields.requestId} label={t('meetings.move.meeting')} options={d.moveOptions} />
                <div className="grid grid-cols-2 gap-3">
                  <ChoiceSelect
                    field={moveFields.slot}
                    label={t('meetings.move.slot')}
                    options={slots.map((s) => ({
                      value: s.slot + 1,
                      label: t('meetings.slotLabel', { n: s.slot + 1, start: s.start, end: s.end }),
                    }))}
                  />
                  <ChoiceSelect
                    field={moveFields.table}
                    label={t('meetings.move.table')}
                    options={Array.from({ length: event.tableCount }, (_, i) => ({
                      value: i + 1,
                      label: t('meetings.tableNo', { n: i + 1 }),
                    }))}
                  />
                </div>
                <p className="text-xs text-slate-600">{t('meetings.move.hint')}</p>
                <Button disabled={busy}>{t('meetings.move.submit')}</Button>
              </Form>
            </Card>
            <Card title={t('meetings.swap.title')} className="min-w-0">
              {d.swapOptions.length < 2 ? (
                <p className="text-sm text-slate-600">{t('meetings.swap.needTwo')}</p>
              ) : (
                <Form method="post" {...getFormProps(swapForm)} className="space-y-3" data-testid="swap-form">
                  <FormErrors errors={swapForm.errors} />
                  <input type="hidden" name="intent" value="swap" />
                  <input type="hidden" name="stamp" value={stamp} />
                  <MeetingSelect field={swapFields.requestA} label={t('meetings.swap.a')} options={d.swapOptions} />
                  <MeetingSelect field={swapFields.requestB} label={t('meetings.swap.b')} options={d.swapOptions} />
                  <Button disabled={busy}>{t('meetings.swap.submit')}</Button>
                </Form>
              )}
            </Card>
          </div>
        ) : null}

        <Card title={t('meetings.unplaced.title', { n: d.unplacedTotal })}>
          {d.unplacedTotal === 0 ? (
            <p className="text-sm text-slate-600">{t('meetings.unplaced.none')}</p>
          ) : (
            <>
              <p className="mb-3 flex flex-wrap gap-2 text-sm">
                {Object.entries(d.reasonCounts).map(([reason, n]) => (
                  <Badge key={reason} tone="gray">
                    {t(`meetings.unplaced.short.${reason}`)} {n}
                  </Badge>
                ))}
              </p>
              <div data-testid="unplaced-list">
                <DataTable
                  caption={t('meetings.unplaced.title', { n: d.unplacedTotal })}
                  rows={d.unplaced}
                  rowKey={(u) => u.requestId}
                  columns={[
                    { key: 'enterprise', header: t('meetings.col.enterprise'), cell: (u) => u.enterpriseName },
                    { key: 'bank', header: t('meetings.col.bank'), cell: (u) => u.bankName },
                    {
                      key: 'reason',
                      header: t('meetings.col.reason'),
                      cell: (u) => t(`meetings.unplaced.reason.${u.reason}`, { slot: u.slot ?? '', time: u.time ?? '' }),
                    },
                  ]}
                />
              </div>
              {d.unplacedTotal > d.unplaced.length ? (
                <p className="mt-2 text-xs text-slate-600">
                  {t('meetings.unplaced.more', { shown: d.unplaced.length, total: d.unplacedTotal })}
                </p>
              ) : null}
            </>
          )}
        </Card>

        <Card title={t('meetings.requests.title', { n: total })}>
          <nav aria-label={t('meetings.requests.filter')} className="mb-4 flex flex-wrap gap-2">
            {statusLink('all', t('meetings.requests.all'), total)}
            {STATUSES.map((s) => statusLink(s, t(`meetings.status.${s}`), counts[s]))}
          </nav>
          <DataTable
            caption={t('meetings.requests.title', { n: total })}
            rows={d.requests.rows}
            rowKey={(r) => r.id}
            empty={t('meetings.requests.empty')}
            columns={[
              { key: 'enterprise', header: t('meetings.col.enterprise'), cell: (r) => r.enterpriseName },
              { key: 'bank', header: t('meetings.col.bank'), cell: (r) => r.bankName },
              { key: 'by', header: t('meetings.col.requestedBy'), cell: (r) => t(`meetings.by.${r.requestedBy}`), wide: true },
              {
                key: 'status',
                header: t('meetings.col.status'),
                cell: (r) => <Badge tone={STATUS_TONE[r.status]}>{t(`meetings.status.${r.status}`)}</Badge>,
              },
              { key: 'created', header: t('meetings.col.createdAt'), cell: (r) => r.createdAtText, wide: true },
            ]}
          />
          <Pagination page={d.requests.page} pageSize={DEFAULT_PAGE_SIZE} total={d.requests.total} />
        </Card>
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
