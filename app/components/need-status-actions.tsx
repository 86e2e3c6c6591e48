/** Publish / close / withdraw forms of an own need (plain POST forms, no JavaScript needed). */
import { Form, useNavigation } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { Alert, Button, Card } from './ui';

const INPUT_CLASS =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700';

export function NeedStatusActions({
  status,
  version,
  targets,
  verified,
  error,
}: {
  status: string;
  version: number;
  targets: readonly string[];
  verified: boolean;
  error?: string;
}) {
  const t = useT();
  const busy = useNavigation().state === 'submitting';
  const canPublish = targets.includes('published');
  const canClose = targets.includes('closed');
  const canWithdraw = targets.includes('withdrawn');
  if (!canPublish && !canClose && !canWithdraw) return error ? <Alert tone="error">{t(error)}</Alert> : null;
  return (
    <Card title={t('needs.detail.actions')}>
      {error ? <Alert tone="error">{t(error)}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-3">
        {canPublish ? (
          <Form method="post" className="space-y-2">
            <input type="hidden" name="version" value={version} />
            {verified ? (
              <>
                <p className="text-sm text-slate-700">{t('needs.detail.publishHint')}</p>
                <Button name="intent" value="publish" disabled={busy}>
                  {t('needs.action.publish')}
                </Button>
              </>
            ) : (
              <p className="text-sm text-amber-900">{t('needs.err.notVerified')}</p>
            )}
          </Form>
        ) : null}
        {canClose ? (
          <Form method="post" className="space-y-2">
            <input type="hidden" name="version" value={version} />
            <label htmlFor={`close-reason-${status}`} className="block text-sm font-medium text-slate-800">
              {t('needs.detail.closeReason')}
            </label>
            <input id={`close-reason-${status}`} name="reason" maxLength={200} className={INPUT_CLASS} />
            <Button name="intent" value="close" variant="secondary" disabled={busy}>
              {t('needs.action.close')}
            </Button>
          </Form>
        ) : null}
        {canWithdraw ? (
          <Form method="post" className="space-y-2">
            <input type="hidden" name="version" value={version} />
            <label htmlFor={`withdraw-reason-${status}`} className="block text-sm font-medium text-slate-800">
              {t('needs.detail.withdrawReason')}
              <span className="ml-0.5 text-red-700" aria-hidden="true">
                *
              </span>
            </label>
            <input id={`withdraw-reason-${status}`} name="reason" required maxLength={200} className={INPUT_CLASS} />
            <Button name="intent" value="withdraw" variant="danger" disabled={busy}>
              {t('needs.action.withdraw')}
            </Button>
          </Form>
        ) : null}
      </div>
    </Card>
  );
}
