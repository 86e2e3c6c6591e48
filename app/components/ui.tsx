/** Small presentational building blocks used on every page. */
import { Link } from '~/components/link';
import { useEffect, useRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { useT } from '~/i18n/use-t';

export function cx(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(' ');
}

type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

const BUTTON_STYLES: Record<ButtonVariant, string> = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800 focus-visible:outline-brand-700',
  secondary: 'bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline-brand-700',
  danger: 'bg-red-700 text-white hover:bg-red-800 focus-visible:outline-red-700',
  ghost: 'text-brand-800 hover:bg-brand-50 focus-visible:outline-brand-700',
};

export function buttonClass(variant: ButtonVariant = 'primary', extra?: string): string {
  return cx(
    'inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium shadow-sm',
    'focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60',
    BUTTON_STYLES[variant],
    extra,
  );
}

export function Button({
  variant = 'primary',
  className,
  type = 'submit',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type={type} className={buttonClass(variant, className)} {...props} />;
}

export function LinkButton({
  to,
  variant = 'primary',
  children,
  className,
}: {
  to: string;
  variant?: ButtonVariant;
  children: ReactNode;
  className?: string;
}) {
  return (
    <Link to={to} className={buttonClass(variant, className)}>
      {children}
    </Link>
  );
}

type BadgeTone = 'gray' | 'green' | 'yellow' | 'red' | 'blue';
const BADGE_STYLES: Record<BadgeTone, string> = {
  gray: 'badge badge-gray',
  green: 'badge badge-green',
  yellow: 'badge badge-yellow',
  red: 'badge badge-red',
  blue: 'badge badge-blue',
};

/** A status or category badge (component classes in app/styles/tailwind.css). */
export function Badge({ tone = 'gray', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={BADGE_STYLES[tone]}>{children}</span>;
}

export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {subtitle ? <p className="mt-1 text-sm text-slate-600">{subtitle}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

export function Card({
  title,
  children,
  className,
  actions,
}: {
  title?: ReactNode;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
}) {
  return (
    <section className={cx('rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200', className)}>
      {title || actions ? (
        <div className="mb-4 flex items-center justify-between gap-2">
          {title ? <h2 className="text-base font-semibold text-slate-900">{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Alert({
  tone = 'info',
  children,
  role,
}: {
  tone?: 'info' | 'success' | 'warning' | 'error';
  children: ReactNode;
  role?: 'alert' | 'status';
}) {
  const styles = {
    info: 'bg-brand-50 text-brand-900 ring-brand-700/20',
    success: 'bg-green-50 text-green-900 ring-green-700/20',
    warning: 'bg-amber-50 text-amber-900 ring-amber-700/30',
    error: 'bg-red-50 text-red-900 ring-red-700/30',
  }[tone];
  return (
    <div role={role ?? (tone === 'error' ? 'alert' : 'status')} className={cx('mb-4 rounded-md p-3 text-sm ring-1 ring-inset', styles)}>
      {children}
    </div>
  );
}

export function EmptyState({ title, hint, action }: { title: ReactNode; hint?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border-2 border-dashed border-slate-300 px-6 py-10 text-center">
      <p className="text-sm font-semibold text-slate-900">{title}</p>
      {hint ? <p className="mt-1 text-sm text-slate-600">{hint}</p> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

/** One figure inside a `<dl>`; with `to`, the whole card is a link (its name is the label). */
export function Stat({ label, value, to }: { label: ReactNode; value: ReactNode; to?: string }) {
  return (
    <div
      className={cx(
        'relative rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200',
        to && 'focus-within:ring-2 focus-within:ring-brand-700 hover:bg-slate-50',
      )}
    >
      <dt className="text-sm text-slate-600">
        {to ? (
          <Link to={to} className="after:absolute after:inset-0 after:content-[''] focus-visible:outline-none">
            {label}
          </Link>
        ) : (
          label
        )}
      </dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</dd>
    </div>
  );
}

/** key/value rows, e.g. an organization's profile */
export function DescriptionList({ items }: { items: { label: ReactNode; value: ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2">
      {items.map((it, i) => (
        <div key={i} className="border-b border-slate-100 pb-2">
          <dt className="text-xs text-slate-600">{it.label}</dt>
          <dd className="mt-0.5 text-sm text-slate-900">{it.value || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Filters that fold away on a phone: open on wider screens (the toggle is hidden
 * there); on a phone the page opens with them folded, the toggle saying how many
 * filters are in use (`count`). Without JavaScript they stay open. Opening or
 * folding them is the visitor's: a wider window opens them again.
 */
export function FilterPanel({ label, count = 0, children }: { label: ReactNode; count?: number; children: ReactNode }) {
  const t = useT();
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const phone = window.matchMedia('(max-width: 767px)');
    if (ref.current && phone.matches) ref.current.open = false;
    const wider = () => {
      if (ref.current && !phone.matches) ref.current.open = true;
    };
    phone.addEventListener('change', wider);
    return () => phone.removeEventListener('change', wider);
  }, []);
  return (
    <details ref={ref} open className="group mb-6" data-testid="filter-panel">
      <summary className="mb-2 flex cursor-pointer list-none items-center gap-1 text-sm font-medium text-brand-800 underline md:hidden [&::-webkit-details-marker]:hidden">
        {label}
        {count > 0 ? (
          <span className="ml-1 rounded-full bg-brand-50 px-2 text-xs font-normal text-brand-900 no-underline" data-testid="filter-count">
            {t('filters.active', { n: count })}
          </span>
        ) : null}
        <span aria-hidden="true" className="text-xs transition group-open:rotate-180">
          ▾
        </span>
      </summary>
      {children}
    </details>
  );
}
