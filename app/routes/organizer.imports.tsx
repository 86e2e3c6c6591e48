import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { SubmissionResult } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, MaxPartSizeExceededError, redirect, unstable_parseMultipartFormData } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FieldErrors, FormErrors } from '~/components/form';
import { DataTable, type Column } from '~/components/table';
import { Alert, Badge, Button, Card, PageHeader, Stat } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { warmImportWorker } from '~/modules/imports/import-worker.server';
import { uploadedBytes, uploadHandler } from '~/modules/imports/upload.server';
import { MAX_DATA_ROWS, MAX_UPLOAD_BYTES, commitUpload, dryRunUpload, recentImports } from '~/modules/imports';
import { IMPORT_KINDS, type ImportActor, type ImportReport, type RowError } from '~/modules/imports/types';
import { CommitSchema, UploadSchema, cleanFileName } from '~/modules/imports/schema';
import { showAmount } from '~/modules/imports/review';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { isAppError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'imports.title');

/** Room for the form's other fields and the multipart framing. */
const BODY_SLACK = 64 * 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  // the file is read on a worker thread: start it while the organizer picks a file
  warmImportWorker();
  const history = await recentImports(await getDb(), organizer.id);
  return json({
    region: regionFullName(organizer.regionCode),
    history,
    maxMb: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024),
    maxRows: MAX_DATA_ROWS,
  });
}

type ActionData =
  | { stage: 'invalid'; result: SubmissionResult<string[]> }
  | { stage: 'checked' | 'commitFailed'; report: ImportReport; message?: string }
  | { stage: 'error'; message: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const actor: ImportActor = { id: organizer.id, regionCode: organizer.regionCode, organizationId: organizer.organizationId };
  const db = await getDb();
  const tooLarge = () =>
    json<ActionData>(
      { stage: 'error', message: msg('imports.file.tooLarge', { max: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024) }) },
      { status: 413 },
    );

  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    // the size is checked before reading when the client says it (browsers do)
    if (Number(request.headers.get('content-length') ?? 0) > MAX_UPLOAD_BYTES + BODY_SLACK) return tooLarge();
    let formData: FormData;
    try {
      formData = await unstable_parseMultipartFormData(request, uploadHandler(MAX_UPLOAD_BYTES));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return tooLarge();
      return json<ActionData>({ stage: 'error', message: 'imports.file.notMultipart' }, { status: 400 });
    }
    const submission = parseWithZod(formData, { schema: UploadSchema });
    if (submission.status !== 'success')
      return json<ActionData>({ stage: 'invalid', result: submission.reply({ hideFields: ['file'] }) }, { status: 400 });
    const { kind, file } = submission.value;
    const bytes = uploadedBytes(file) ?? new Uint8Array(await file.arrayBuffer());
    const report = await dryRunUpload(db, actor, { kind, fileName: cleanFileName(file.name), bytes });
    return json<ActionData>({ stage: 'checked', report }, { status: report.ok ? 200 : 400 });
  }

  const submission = parseWithZod(await readFormData(request), { schema: CommitSchema });
  // the commit form carries the token the dry run handed out, the ticked rows and the amounts' confirmation
  if (submission.status !== 'success') {
    const message = submission.error?.token || submission.error?.intent ? 'imports.file.tokenExpired' : 'error.badRequest';
    return json<ActionData>({ stage: 'error', message }, { status: 400 });
  }
  const { token, override, confirmAmounts } = submission.value;
  let report: ImportReport;
  try {
    report = await commitUpload(db, actor, token, { override, amountsConfirmed: confirmAmounts === 'on' });
  } catch (e) {
    // a token that is unknown, expired or already used: the page's error stage, as for a bad commit form
    if (!isAppError(e)) throw e;
    return json<ActionData>({ stage: 'error', message: e.messageKey }, { status: e.status });
  }
  // the file is fine but needs a confirmation: the same report again, with its commit form
  if (report.refusal) return json<ActionData>({ stage: 'checked', report, message: report.refusal }, { status: 400 });
  if (!report.committed) return json<ActionData>({ stage: 'commitFailed', report }, { status: 400 });
  const totals = report.totals;
  const message = msg(totals.kept ? 'imports.committedKept' : 'imports.committed', { ...totals });
  return redirect('/organizer/imports', { headers: await flashHeaders({ tone: 'success', message }) });
}

/* ------------------------------------------------------------------ page */

const COMMIT_FORM_ID = 'import-commit';

type PreviewRow = ImportReport['preview'][number];

function ChangesCell({ row }: { row: PreviewRow }) {
  const t = useT();
  if (!row.changes?.length && !row.edited) return <span className="text-slate-500">—</span>;
  return (
    <div className="space-y-1 text-xs">
      {row.edited ? (
        <p className="font-medium text-amber-800">
          {row.edited.importedAt
            ? t('imports.result.editedSince', { time: chinaDateTime(row.edited.importedAt), file: row.edited.fileName ?? '—' })
            : t('imports.result.neverImported')}
        </p>
      ) : null}
      <ul className="space-y-0.5">
        {(row.changes ?? []).map((c) => (
          <li key={c.column} data-testid="field-change">
            <span className="text-slate-600">{t(c.column)}：</span>
            <span className="break-all">{c.before}</span> → <span className="break-all font-medium">{c.after}</span>
            {c.platform ? (
              <>
                {' '}
                <Badge tone="yellow">{t('imports.result.platformChanged')}</Badge>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReportView({ report, stage, message }: { report: ImportReport; stage: 'checked' | 'commitFailed'; message?: string }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const multiSheet = report.sections.length > 1 || report.kind === 'workbook';
  const changes = report.totals.create + report.totals.update;
  const committable = report.ok && Boolean(report.token) && (changes > 0 || report.flagged > 0);
  const outliers = report.amounts?.outliers ?? [];
  const showKept = report.checked.kept > 0;
  const errorColumns: Column<RowError & { i: number }>[] = [
    ...(multiSheet ? [{ key: 'sheet', header: t('imports.result.col.sheet'), cell: (e: RowError) => e.sheet ?? '—' }] : []),
    { key: 'row', header: t('imports.result.col.row'), cell: (e) => e.row, align: 'right' },
    { key: 'column', header: t('imports.result.col.column'), cell: (e) => (e.column ? t(e.column) : t('imports.result.wholeRow')) },
    { key: 'message', header: t('imports.result.col.message'), cell: (e) => t(e.message) },
  ];
  const previewColumns: Column<PreviewRow>[] = [
    ...(multiSheet ? [{ key: 'sheet', header: t('imports.result.col.sheet'), cell: (r: PreviewRow) => r.sheet ?? '—' }] : []),
    { key: 'row', header: t('imports.result.col.row'), cell: (r) => r.row, align: 'right' },
    { key: 'action', header: t('imports.result.col.action'), cell: (r) => t(`imports.rowAction.${r.action}`) },
    { key: 'key', header: t('imports.result.col.key'), cell: (r) => <span className="break-all font-mono text-xs">{r.key}</span> },
    { key: 'label', header: t('imports.result.col.label'), cell: (r) => r.label },
    ...(report.amounts
      ? [
          {
            key: 'amount',
            header: t('imports.result.col.amount'),
            cell: (r: PreviewRow) =>
              typeof r.amount === 'number' ? <span className="whitespace-nowrap tabular-nums">{showAmount(r.amount)}</span> : '—',
            align: 'right' as const,
          },
        ]
      : []),
    { key: 'changes', header: t('imports.result.col.changes'), cell: (r) => <ChangesCell row={r} /> },
    ...(committable && report.flagged > 0
      ? [
          {
            key: 'override',
            header: t('imports.result.override'),
            cell: (r: PreviewRow) =>
              r.overrideId ? (
                <input
                  type="checkbox"
                  name="override"
                  value={r.overrideId}
                  form={COMMIT_FORM_ID}
                  defaultChecked={r.action === 'update'}
                  aria-label={t('imports.result.overrideLabel', { row: r.row })}
                  className="h-4 w-4"
                />
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Card title={t('imports.result.title', { file: report.fileName })} className="mt-6">
      <div data-testid="import-report" data-ok={report.ok ? 'true' : 'false'}>
        {message ? <Alert tone="error">{t(message)}</Alert> : null}
        {report.ok ? (
          <Alert tone="success">{t(changes > 0 ? 'imports.result.ok' : 'imports.result.okNothing')}</Alert>
        ) : (
          <Alert tone="error">{t(stage === 'commitFailed' ? 'imports.result.commitFailed' : 'imports.result.failed')}</Alert>
        )}
        {report.fileErrors.length ? (
          <div className="mb-4" data-testid="file-errors">
            <h3 className="mb-1 text-sm font-semibold text-slate-900">{t('imports.result.fileErrors')}</h3>
            <ul className="list-disc space-y-1 pl-5 text-sm text-red-800">
              {report.fileErrors.map((e, i) => (
                <li key={i}>
                  {e.sheet ? `${e.sheet}：` : ''}
                  {t(e.message)}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <>
            <dl className={`mb-4 grid grid-cols-2 gap-3 ${showKept ? 'sm:grid-cols-6' : 'sm:grid-cols-5'}`} data-testid="import-tiles">
              <Stat label={t('imports.result.rows')} value={report.totals.rows} />
              <Stat label={t('imports.result.create')} value={report.totals.create} />
              <Stat label={t('imports.result.update')} value={report.totals.update} />
              <Stat label={t('imports.result.unchanged')} value={report.totals.unchanged} />
              {showKept ? <Stat label={t('imports.result.kept')} value={report.totals.kept} /> : null}
              <Stat label={t('imports.result.errors')} value={report.errorCount} />
            </dl>
            {!report.ok && report.checked.create + report.checked.update > 0 ? (
              <p className="mb-4 text-sm text-slate-600" data-testid="checked-note">
                {t('imports.result.checkedNote', { create: report.checked.create, update: report.checked.update })}
              </p>
            ) : null}
          </>
        )}
        {report.amounts ? (
          <p className="mb-4 text-sm text-slate-800" data-testid="import-amounts">
            {t('imports.result.amounts', {
              total: showAmount(report.amounts.total),
              count: report.amounts.count,
              median: showAmount(report.amounts.median),
            })}
          </p>
        ) : null}
        {outliers.length ? (
          <div data-testid="amount-outliers">
            <Alert tone="warning">
              <p>{t('imports.result.amountOutliers', { count: outliers.length })}</p>
              <ul className="mt-1 list-disc pl-5">
                {outliers.slice(0, 50).map((o) => (
                  <li key={`${o.sheet ?? ''}:${o.row}`}>
                    {o.sheet ? `${o.sheet}：` : ''}
                    {t('imports.result.amountOutlierRow', { row: o.row, amount: showAmount(o.amount) })}
                  </li>
                ))}
              </ul>
              {committable ? (
                <label className="mt-2 flex items-center gap-2 font-medium">
                  <input type="checkbox" name="confirmAmounts" value="on" form={COMMIT_FORM_ID} className="h-4 w-4" />
                  {t('imports.result.confirmAmounts')}
                </label>
              ) : null}
            </Alert>
          </div>
        ) : null}
        {multiSheet && report.sections.length ? (
          <div className="mb-4">
            <DataTable
              caption={t('imports.result.sections')}
              rows={report.sections}
              rowKey={(s) => s.kind}
              columns={[
                { key: 'sheet', header: t('imports.result.col.sheet'), cell: (s) => s.sheet ?? t(`imports.kind.${s.kind}`) },
                { key: 'rows', header: t('imports.result.rows'), cell: (s) => s.rows, align: 'right' },
                { key: 'create', header: t('imports.result.create'), cell: (s) => s.create, align: 'right' },
                { key: 'update', header: t('imports.result.update'), cell: (s) => s.update, align: 'right' },
                { key: 'unchanged', header: t('imports.result.unchanged'), cell: (s) => s.unchanged, align: 'right' },
                ...(showKept
                  ? [
                      {
                        key: 'kept',
                        header: t('imports.result.kept'),
                        cell: (s: ImportReport['sections'][number]) => s.kept,
                        align: 'right' as const,
                      },
                    ]
                  : []),
              ]}
            />
          </div>
        ) : null}
        {report.errorCount > 0 ? (
          <section className="mb-4" data-testid="row-errors">
            <h3 className="mb-2 text-sm font-semibold text-slate-900">{t('imports.result.errorsTitle', { count: report.errorCount })}</h3>
            {report.errorCount > report.errors.length ? (
              <p className="mb-2 text-sm text-slate-600">{t('imports.result.errorsTruncated', { shown: report.errors.length })}</p>
            ) : null}
            <DataTable
              caption={t('imports.result.errorsTitle', { count: report.errorCount })}
              columns={errorColumns}
              rows={report.errors.map((e, i) => ({ ...e, i }))}
              rowKey={(e) => String(e.i)}
            />
          </section>
        ) : null}
        {report.warnings.length ? (
          <section className="mb-4" data-testid="row-warnings">
            <h3 className="mb-2 text-sm font-semibold text-slate-900">
              {t('imports.result.warningsTitle', { count: report.warnings.length })}
            </h3>
            <DataTable
              caption={t('imports.result.warningsTitle', { count: report.warnings.length })}
              columns={errorColumns}
              rows={report.warnings.map((e, i) => ({ ...e, i }))}
              rowKey={(e) => String(e.i)}
            />
          </section>
        ) : null}
        {report.ok && report.flagged > 0 ? (
          <div data-testid="flagged-note">
            <Alert tone="warning">{t('imports.result.flaggedTitle', { count: report.flagged })}</Alert>
          </div>
        ) : null}
        {report.ok && report.preview.length ? (
          <section className="mb-4" data-testid="import-preview">
            <h3 className="mb-2 text-sm font-semibold text-slate-900">
              {t('imports.result.previewTitle', { count: report.preview.length })}
            </h3>
            <DataTable
              caption={t('imports.result.previewTitle', { count: report.preview.length })}
              columns={previewColumns}
              rows={report.preview}
              rowKey={(r) => `${r.sheet ?? ''}:${r.row}`}
            />
            {report.previewOmitted > 0 ? (
              <p className="mt-2 text-sm text-slate-600">{t('imports.result.previewOmitted', { count: report.previewOmitted })}</p>
            ) : null}
          </section>
        ) : null}
        {committable ? (
          <Form method="post" id={COMMIT_FORM_ID} className="flex flex-wrap items-center gap-3">
            <input type="hidden" name="intent" value="commit" />
            <input type="hidden" name="token" value={report.token} />
            <Button disabled={busy}>{t('imports.action.commit')}</Button>
            {report.expiresAt ? (
              <p className="text-sm text-slate-600">{t('imports.result.expires', { time: chinaDateTime(report.expiresAt) })}</p>
            ) : null}
          </Form>
        ) : null}
      </div>
    </Card>
  );
}

export default function ImportsPage() {
  const t = useT();
  const { region, history, maxMb, maxRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const lastKind = actionData && 'report' in actionData ? actionData.report.kind : undefined;
  const [form, fields] = useForm({
    id: 'import-upload',
    lastResult: actionData?.stage === 'invalid' ? actionData.result : undefined,
    defaultValue: { kind: lastKind ?? 'enterprises' },
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UploadSchema }),
  });
  const fileProps = getInputProps(fields.file, { type: 'file', ariaDescribedBy: fields.file.descriptionId });
  const selectedKind = (fields.kind.initialValue as string | undefined) ?? lastKind ?? 'enterprises';
  return (
    <div className="max-w-5xl">
      <PageHeader title={t('imports.title')} subtitle={t('imports.subtitle', { region })} />
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <Card>
          <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-5">
            <FormErrors errors={form.errors} />
            {actionData?.stage === 'error' ? <Alert tone="error">{t(actionData.message)}</Alert> : null}
            <input type="hidden" name="intent" value="check" />
            <fieldset aria-describedby={fields.kind.errors?.length ? fields.kind.errorId : undefined}>
              <legend className="mb-2 block text-sm font-medium text-slate-800">{t('imports.field.kind')}</legend>
              <div className="space-y-2">
                {IMPORT_KINDS.map((k) => (
                  <div
                    key={k}
                    className="flex items-start gap-3 rounded-md p-2 ring-1 ring-inset ring-slate-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-700"
                  >
                    <input
                      type="radio"
                      id={`${form.id}-kind-${k}`}
                      name={fields.kind.name}
                      value={k}
                      defaultChecked={k === selectedKind}
                      aria-describedby={`${form.id}-kind-${k}-hint`}
                      className="mt-1 h-4 w-4 text-brand-700"
                    />
                    <div className="min-w-0">
                      <label htmlFor={`${form.id}-kind-${k}`} className="block text-sm font-medium text-slate-900">
                        {t(`imports.kind.${k}`)}
                      </label>
                      <p id={`${form.id}-kind-${k}-hint`} className="text-xs text-slate-600">
                        {t(`imports.kindHint.${k}`)}
                      </p>
                    </div>
                  </div>
                ))}
              </div>
              <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
            </fieldset>
            <div>
              <label htmlFor={fields.file.id} className="mb-1 block text-sm font-medium text-slate-800">
                {t('imports.field.file')}
                <span className="ml-0.5 text-red-700" aria-hidden="true">
                  *
                </span>
              </label>
              <input
                {...fileProps}
                key={fileProps.key}
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                className="block w-full text-sm text-slate-800 file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-brand-800"
              />
              <p id={fields.file.descriptionId} className="mt-1 text-xs text-slate-600">
                {t('imports.field.fileHint', { max: maxMb, rows: maxRows.toLocaleString('en-US') })}
              </p>
              <FieldErrors id={fields.file.errorId} errors={fields.file.errors} />
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <Button disabled={busy}>{t('imports.action.check')}</Button>
              {busy ? (
                <span role="status" className="text-sm text-slate-600">
                  {t('imports.busy')}
                </span>
              ) : null}
            </div>
          </Form>
        </Card>
        <Card title={t('imports.templates.title')}>
          <p className="mb-3 text-sm text-slate-600">{t('imports.templates.hint')}</p>
          <ul className="divide-y divide-slate-100 text-sm">
            {IMPORT_KINDS.map((k) => (
              <li key={k} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="font-medium text-slate-900">{t(`imports.kind.${k}`)}</span>
                <span className="flex gap-3">
                  <a
                    href={`/organizer/imports/template/${k}?format=xlsx`}
                    download
                    className="text-brand-800 underline"
                    aria-label={t('imports.templates.label', { kind: t(`imports.kind.${k}`), format: t('imports.templates.xlsx') })}
                  >
                    {t('imports.templates.xlsx')}
                  </a>
                  {k !== 'workbook' ? (
                    <a
                      href={`/organizer/imports/template/${k}?format=csv`}
                      download
                      className="text-brand-800 underline"
                      aria-label={t('imports.templates.label', { kind: t(`imports.kind.${k}`), format: t('imports.templates.csv') })}
                    >
                      {t('imports.templates.csv')}
                    </a>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      {actionData && (actionData.stage === 'checked' || actionData.stage === 'commitFailed') ? (
        <ReportView report={actionData.report} stage={actionData.stage} message={actionData.message} />
      ) : null}
      <Card title={t('imports.history.title')} className="mt-6">
        <DataTable
          caption={t('imports.history.title')}
          empty={t('imports.history.empty')}
          rows={history}
          rowKey={(h) => `${h.committedAt}:${h.fileName}`}
          columns={[
            {
              key: 'time',
              header: t('imports.history.col.time'),
              cell: (h) => chinaDateTime(h.committedAt),
            },
            { key: 'kind', header: t('imports.history.col.kind'), cell: (h) => t(`imports.kind.${h.kind}`) },
            { key: 'file', header: t('imports.history.col.file'), cell: (h) => <span className="break-all">{h.fileName}</span> },
            {
              key: 'result',
              header: t('imports.history.col.result'),
              cell: (h) => (h.totals ? t(h.totals.kept ? 'imports.history.resultKept' : 'imports.history.result', { ...h.totals }) : '—'),
            },
          ]}
        />
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
