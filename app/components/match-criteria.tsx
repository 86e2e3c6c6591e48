import type { ReactNode } from 'react';
import { useT } from '~/i18n/use-t';
import { formatAmountRange, formatProductRate } from '~/modules/products/format';
import { cx, EmptyState, LinkButton, PageHeader } from './ui';

export interface MatchCriterionItem {
  key: string;
  hard: boolean;
  met: boolean;
  messageKey: string;
  params: Record<string, string | number>;
}

/** One line per matching criterion, met or missed, in words (not colour alone). */
export function MatchCriteria({ criteria, testId = 'match-criteria' }: { criteria: MatchCriterionItem[]; testId?: string }) {
  const t = useT();
  return (
    <ul className="mt-2 space-y-1 text-sm" data-testid={testId}>
      {criteria.map((c) => (
        <li key={c.key} className="flex gap-2">
          <span
            className={cx(
              'inline-flex h-5 shrink-0 items-center rounded px-1.5 text-xs font-medium ring-1 ring-inset',
              c.met
                ? 'bg-green-50 text-green-800 ring-green-600/30'
                : c.hard
                  ? 'bg-red-50 text-red-800 ring-red-600/30'
                  : 'bg-amber-50 text-amber-900 ring-amber-600/40',
            )}
          >
            {c.met ? t('interests.matches.met') : t('interests.matches.missed')}
          </span>
          <span className="text-slate-800">{t(c.messageKey, c.params)}</span>
        </li>
      ))}
    </ul>
  );
}

export interface ProductMatchItem {
  productId: string;
  productName: string;
  bankName: string;
  eligible: boolean;
  score: number;
  criteria: MatchCriterionItem[];
  terms?: {
    amountMin: number;
    amountMax: number;
    termMin: number;
    termMax: number;
    rateType: string;
    rateMinBp: number;
    rateMaxBp: number;
  };
}

/**
 * The two or three reasons that decide: for an eligible product its best-scoring
 * favourable fits; for an excluded one the rules it fails.
 */
export function keyReasons(m: ProductMatchItem, max = 3): MatchCriterionItem[] {
  if (!m.eligible) return m.criteria.filter((c) => c.hard && !c.met);
  const soft = m.criteria.filter((c) => !c.hard);
  const pts = (c: MatchCriterionItem) => Number(c.params.points ?? 0);
  const ranked = [...soft].sort((a, b) => Number(b.met) - Number(a.met) || pts(b) - pts(a));
  return ranked.slice(0, max);
}

function ProductTerms({ terms }: { terms: NonNullable<ProductMatchItem['terms']> }) {
  const t = useT();
  return (
    <dl className="mt-3 grid grid-cols-1 gap-2 text-sm min-[420px]:grid-cols-3" data-testid="match-terms">
      <div>
        <dt className="text-xs text-slate-600">{t('products.field.rate')}</dt>
        <dd className="whitespace-nowrap font-medium tabular-nums text-slate-900">
          {formatProductRate(terms.rateType, terms.rateMinBp, terms.rateMaxBp)}
        </dd>
      </div>
      <div>
        <dt className="text-xs text-slate-600">{t('products.field.amount')}</dt>
        <dd className="whitespace-nowrap font-medium tabular-nums text-slate-900">{formatAmountRange(terms.amountMin, terms.amountMax)}</dd>
      </div>
      <div>
        <dt className="text-xs text-slate-600">{t('products.field.term')}</dt>
        <dd className="whitespace-nowrap font-medium tabular-nums text-slate-900">
          {terms.termMin === terms.termMax
            ? t('products.monthsOne', { n: terms.termMax })
            : t('products.months', { min: terms.termMin, max: terms.termMax })}
        </dd>
      </div>
    </dl>
  );
}

function MatchCard({
  m,
  rank,
  productHref,
  action,
}: {
  m: ProductMatchItem;
  rank?: number;
  productHref: (id: string) => string;
  action?: (m: ProductMatchItem) => ReactNode;
}) {
  const t = useT();
  const reasons = keyReasons(m);
  const act = action ? action(m) : null;
  return (
    <li
      className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      data-testid="product-match"
      data-eligible={m.eligible ? 'true' : 'false'}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="text-base font-semibold text-slate-900">
            {rank ? <span className="mr-2 text-slate-600">{rank}.</span> : null}
            <a href={productHref(m.productId)} className="text-brand-800 underline">
              {m.productName}
            </a>
          </p>
          <p className="text-sm text-slate-700">{m.bankName}</p>
        </div>
        <span
          className={cx(
            'whitespace-nowrap rounded-md px-2 py-1 text-sm font-semibold tabular-nums ring-1 ring-inset',
            m.eligible ? 'bg-green-50 text-green-800 ring-green-600/30' : 'bg-slate-100 text-slate-700 ring-slate-300',
          )}
        >
          {m.eligible ? t('interests.matches.score', { score: m.score }) : t('interests.matches.excluded')}
        </span>
      </div>
      {m.terms ? <ProductTerms terms={m.terms} /> : null}
      {reasons.length ? (
        <div className="mt-3">
          <p className="text-xs font-medium text-slate-600">
            {m.eligible ? t('interests.matches.reasons') : t('interests.matches.failedRules')}
          </p>
          <MatchCriteria criteria={reasons} testId="match-reasons" />
        </div>
      ) : null}
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-800 underline">
          {t('interests.matches.allCriteria', { n: m.criteria.length })}
        </summary>
        <MatchCriteria criteria={m.criteria} />
      </details>
      {act ? <div className="mt-3">{act}</div> : null}
    </li>
  );
}

/** Ranked products for a need: eligible ones first with what decides, then the excluded ones collapsed under their own heading. */
export function ProductMatchList({
  matches,
  productHref,
  action,
}: {
  matches: ProductMatchItem[];
  productHref: (id: string) => string;
  action?: (m: ProductMatchItem) => ReactNode;
}) {
  const t = useT();
  const eligible = matches.filter((m) => m.eligible);
  const excluded = matches.filter((m) => !m.eligible);
  return (
    <div className="space-y-6">
      <section aria-labelledby="eligible-heading">
        <h2 id="eligible-heading" className="mb-3 text-lg font-semibold text-slate-900">
          {t('interests.matches.eligibleHeading', { n: eligible.length })}
        </h2>
        {eligible.length === 0 ? (
          <p className="text-sm text-slate-700">{t('interests.matches.noneEligible')}</p>
        ) : (
          <ol className="space-y-4">
            {eligible.map((m, i) => (
              <MatchCard key={m.productId} m={m} rank={i + 1} productHref={productHref} action={action} />
            ))}
          </ol>
        )}
      </section>
      {excluded.length ? (
        <section aria-labelledby="excluded-heading" data-testid="excluded-matches">
          <details>
            <summary className="cursor-pointer">
              <h2 id="excluded-heading" className="inline text-lg font-semibold text-slate-900">
                {t('interests.matches.excludedHeading', { n: excluded.length })}
              </h2>
            </summary>
            <p className="mt-2 text-sm text-slate-700">{t('interests.matches.excludedHint')}</p>
            <ul className="mt-3 space-y-4">
              {excluded.map((m) => (
                <MatchCard key={m.productId} m={m} productHref={productHref} action={action} />
              ))}
            </ul>
          </details>
        </section>
      ) : null}
    </div>
  );
}

/** A page of matches: its header with a way back to `backTo`, then the list, or "no match yet" (and `emptyHint`) when `count` is 0. */
export function MatchesPage({
  title,
  subtitle,
  backTo,
  count,
  emptyHint,
  children,
}: {
  title: string;
  subtitle: string;
  backTo: string;
  count: number;
  emptyHint?: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div>
      <PageHeader
        title={title}
        subtitle={subtitle}
        actions={
          <LinkButton to={backTo} variant="secondary">
            {t('interests.matches.back')}
          </LinkButton>
        }
      />
      {count === 0 ? <EmptyState title={t('interests.matches.empty')} hint={emptyHint} /> : children}
    </div>
  );
}
