import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { Alert, Badge, Button, Card, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { deleteDocument, listDocuments, MAX_DOCUMENT_BYTES, uploadDocument } from '~/modules/documents/documents.server';
import type { DocumentKind } from '#db/schema';
import { DOCUMENT_KINDS } from '~/modules/documents/kinds';
import { getDb } from '~/utils/db.server';
import { isAppError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'doc.title');

/** Room for the form's other fields and the multipart framing. */
const BODY_SLACK = 64 * 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { org } = await requireOrgMember({ request, context });
  const docs = await listDocuments(await getDb(), org.id);
  return json({
    status: org.status,
    maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024,
    docs: docs.map((d) => ({ ...d, at: chinaDateTime(d.created_at) })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, org } = await requireOrgMember({ request, context });
  const db = await getDb();
  const failed = (error: string, status: number) => json({ error }, { status });
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const tooLarge = () => failed(msg('doc.tooLarge', { max: MAX_DOCUMENT_BYTES / 1024 / 1024 }), 413);
    // the size is checked before reading when the client says it (browsers do)
    if (Number(request.headers.get('content-length') ?? 0) > MAX_DOCUMENT_BYTES + BODY_SLACK) return tooLarge();
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_DOCUMENT_BYTES }));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return tooLarge();
      return failed('error.badRequest', 400);
    }
    const kind = String(form.get('kind') ?? '') as DocumentKind;
    const file = form.get('file');
    if (!DOCUMENT_KINDS.includes(kind)) return failed('error.badRequest', 400);
    if (!file || typeof file === 'string' || file.size === 0) return failed('doc.empty', 400);
    try {
      await uploadDocument(
        db,
        { userId: user.id, orgId: org.id },
        { kind, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
      );
    } catch (e) {
      if (isAppError(e)) return failed(e.messageKey, e.status);
      throw e;
    }
    return redirect('/org/documents', { headers: await flashHeaders({ tone: 'success', message: 'doc.uploaded' }) });
  }
  const form = await readFormData(request);
  if (form.get('intent') !== 'delete') return failed('error.badRequest', 400);
  await deleteDocument(db, org.id, String(form.get('id') ?? ''));
  return redirect('/org/documents', { headers: await flashHeaders({ tone: 'success', message: 'doc.deleted' }) });
}

export default function OrgDocumentsPage() {
  const t = useT();
  const { docs, maxMb, status } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t('doc.title')} subtitle={t('doc.lead', { max: maxMb })} />
      {status === 'rejected' ? <Alert tone="warning">{t('doc.rejectedHint')}</Alert> : null}
      <Card title={t('doc.upload')}>
        <Form method="post" encType="multipart/form-data" className="space-y-4">
          {data && 'error' in data ? <Alert tone="error">{t(data.error)}</Alert> : null}
          <div>
            <label htmlFor="doc-kind" className="mb-1 block text-sm font-medium text-slate-800">
              {t('doc.kind')}
            </label>
            <select id="doc-kind" name="kind" defaultValue="licence" className="rounded-md border-slate-300 text-sm">
              {DOCUMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`doc.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="doc-file" className="mb-1 block text-sm font-medium text-slate-800">
              {t('doc.file')}
            </label>
            <input
              id="doc-file"
              name="file"
              type="file"
              required
              accept="image/jpeg,image/png,image/webp,application/pdf"
              className="text-sm"
            />
          </div>
          <Button disabled={navigation.state === 'submitting'}>{t('doc.submit')}</Button>
        </Form>
      </Card>
      <Card title={t('doc.list')} className="mt-4">
        {docs.length === 0 ? (
          <p className="text-sm text-slate-700">{t('doc.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="documents">
            {docs.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="flex flex-wrap items-center gap-2">
                  <Badge tone={d.kind === 'licence' ? 'blue' : 'gray'}>{t(`doc.kind.${d.kind}`)}</Badge>
                  <a href={`/documents/${d.id}`} target="_blank" rel="noreferrer" className="text-brand-800 underline">
                    {d.file_name}
                  </a>
                  <span className="text-slate-500">{d.at}</span>
                </span>
                <Form method="post">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="id" value={d.id} />
                  <Button variant="ghost">{t('doc.delete')}</Button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
