/**
 * The one rating form (decision 036c): 1–5 and reasons from the code list, a
 * comment; a plain POST with `intent=rate`, so it works without JavaScript. Shown
 * folded under the item; a given rating opens it with the values filled in.
 */
import { Form } from '@remix-run/react';
import { useId } from 'react';
import type { RatingSubject } from '#db/schema';
import { useT } from '~/i18n/use-t';
import { RATING_REASONS, RATING_SCORES } from '~/modules/ratings/scale';
import { Button } from './ui';

export interface RatingValue {
  score: number;
  reasons: readonly string[];
  comment: string | null;
}

export function RatingSummary({ rating }: { rating: RatingValue | null }) {
  const t = useT();
  if (!rating) return <span className="text-slate-600">{t('ratings.notRated')}</span>;
  return (
    <span data-testid="rating-given">
      {t(`ratings.score.${rating.score}`)}
      {rating.reasons.length ? (
        <span className="block text-xs text-slate-600">{rating.reasons.map((r) => t(`ratings.reason.${r}`)).join('、')}</span>
      ) : null}
    </span>
  );
}

export function RatingForm({
  subject,
  subjectId,
  rating,
  label,
  busy,
}: {
  subject: RatingSubject;
  subjectId: string;
  rating: RatingValue | null;
  /** who or what is rated, for the accessible name */
  label: string;
  busy?: boolean;
}) {
  const t = useT();
  const id = useId();
  return (
    <details className="mt-1" data-testid="rating-form">
      <summary className="cursor-pointer text-sm text-blue-800 underline">
        {rating ? t('ratings.action.change') : t('ratings.action.rate')}
      </summary>
      <Form
        method="post"
        className="mt-2 space-y-2 rounded-md p-3 ring-1 ring-slate-200"
        aria-label={`${t('ratings.action.rate')} ${label}`}
      >
        <input type="hidden" name="intent" value="rate" />
        <input type="hidden" name="subject" value={subject} />
        <input type="hidden" name="subjectId" value={subjectId} />
        <div>
          <label htmlFor={`${id}-score`} className="block text-sm font-medium text-slate-900">
            {t('ratings.field.score')}
          </label>
          <select
            id={`${id}-score`}
            name="score"
            defaultValue={rating ? String(rating.score) : ''}
            required
            className="mt-1 block w-full max-w-xs rounded-md border-slate-300 text-sm"
          >
            <option value="">—</option>
            {RATING_SCORES.map((s) => (
              <option key={s} value={s}>
                {t(`ratings.score.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-900">{t('ratings.field.reasons')}</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {RATING_REASONS.map((r) => (
              <label key={r} className="inline-flex items-center gap-1 text-sm text-slate-800">
                <input type="checkbox" name="reasons" value={r} defaultChecked={rating?.reasons.includes(r) ?? false} />
                {t(`ratings.reason.${r}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor={`${id}-comment`} className="block text-sm font-medium text-slate-900">
            {t('ratings.field.comment')}
          </label>
          <textarea
            id={`${id}-comment`}
            name="comment"
            rows={2}
            maxLength={500}
            defaultValue={rating?.comment ?? ''}
            className="mt-1 block w-full rounded-md border-slate-300 text-sm"
          />
        </div>
        <Button disabled={busy}>{rating ? t('ratings.action.change') : t('ratings.action.rate')}</Button>
      </Form>
    </details>
  );
}
