/** The enterprise's view of an application: 已提交 → 已受理 → 审批中 → 已授信 → 已放款. */
import { Form } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { STAGES, stageIndex, type Stage } from '~/modules/applications/rules';
import { Button, cx } from './ui';

export function StageTrack({ stage }: { stage: Stage }) {
  const t = useT();
  const at = stageIndex(stage);
  if (at < 0)
    return (
      <p className="text-sm font-medium text-red-800" data-testid="application-stage">
        {t(`applications.stage.${stage}`)}
      </p>
    );
  return (
    <ol
      className="flex flex-wrap items-center gap-x-1 gap-y-1 text-xs"
      aria-label={t('applications.stageLabel')}
      data-testid="application-stage"
    >
      {STAGES.map((s, i) => (
        <li key={s} className="flex items-center gap-1" aria-current={i === at ? 'step' : undefined}>
          <span
            className={cx(
              'whitespace-nowrap rounded-full px-2 py-0.5',
              i < at && 'bg-emerald-50 text-emerald-800',
              i === at && 'bg-brand-700 font-semibold text-white',
              i > at && 'bg-slate-100 text-slate-600',
            )}
          >
            {t(`applications.stage.${s}`)}
          </span>
          {i < STAGES.length - 1 ? (
            <span aria-hidden="true" className="text-slate-400">
              →
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** 一键申请: apply for a product with one of the enterprise's open financing needs. */
export function ApplyForm({ productId, needs, needId }: { productId: string; needs: { id: string; title: string }[]; needId?: string }) {
  const t = useT();
  if (needId) {
    return (
      <Form method="post" action="/enterprise/applications" className="inline">
        <input type="hidden" name="intent" value="apply" />
        <input type="hidden" name="productId" value={productId} />
        <input type="hidden" name="needId" value={needId} />
        <Button>{t('applications.apply')}</Button>
      </Form>
    );
  }
  if (needs.length === 0) return <p className="text-sm text-slate-600">{t('applications.noNeeds')}</p>;
  return (
    <Form method="post" action="/enterprise/applications" className="flex flex-col gap-2 sm:flex-row sm:items-end" data-testid="apply-form">
      <input type="hidden" name="intent" value="apply" />
      <input type="hidden" name="productId" value={productId} />
      <label className="flex min-w-0 flex-1 flex-col text-sm">
        <span className="font-medium text-slate-800">{t('applications.withNeed')}</span>
        <select name="needId" className="mt-1 rounded-md border border-slate-300 px-2 py-2" required>
          {needs.map((n) => (
            <option key={n.id} value={n.id}>
              {n.title}
            </option>
          ))}
        </select>
      </label>
      <label className="flex min-w-0 flex-1 flex-col text-sm">
        <span className="font-medium text-slate-800">{t('applications.message')}</span>
        <input name="message" maxLength={500} className="mt-1 rounded-md border border-slate-300 px-2 py-2" />
      </label>
      <Button>{t('applications.apply')}</Button>
    </Form>
  );
}
