/** Display pieces for financing and hiring needs: status badge, value formatting, edit history. */
import { GUARANTEE_TYPES, NEED_PURPOSES, guaranteesOf } from '~/modules/catalog/codes';
import { label } from '~/modules/organizations/reference';
import type { Translate } from '~/i18n/translate';
import { useLocale, useT } from '~/i18n/use-t';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { formatRate, formatWan } from '~/utils/money';
import { Badge } from './ui';

const STATUS_TONE = { draft: 'gray', published: 'blue', matched: 'green', closed: 'gray', withdrawn: 'yellow' } as const;

export function NeedStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Badge tone={STATUS_TONE[status as keyof typeof STATUS_TONE] ?? 'gray'}>{t(`needs.status.${status}`)}</Badge>;
}

export function guaranteeLabels(mask: number, locale: string): string {
  return guaranteesOf(mask)
    .map((g) => label(GUARANTEE_TYPES, g, locale))
    .join('、');
}

/** ISO timestamp → `YYYY-MM-DD HH:mm` in China time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return chinaDateTime(iso) || iso;
}

export function formatDate(iso: string | null | undefined): string {
  return formatDateTime(iso).slice(0, 10);
}

interface PositionLike {
  title: string;
  headcount: number;
  wage_min: number;
  wage_max: number;
  skills?: string | null;
}

export function positionText(p: PositionLike, t: Translate): string {
  return `${p.title} ${t('needs.unit.people', { n: p.headcount })} ${t('needs.unit.wage', { min: p.wage_min, max: p.wage_max })}${p.skills ? `（${p.skills}）` : ''}`;
}

/** A stored value of an edit-history field, for people. */
export function formatNeedValue(field: string, value: unknown, t: Translate, locale: string): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return t('needs.value.none');
  switch (field) {
    case 'amount':
      return typeof value === 'number' ? formatWan(value) : String(value);
    case 'term_months':
      return t('needs.unit.months', { n: String(value) });
    case 'purpose':
      return label(NEED_PURPOSES, String(value), locale);
    case 'guarantees':
      return Array.isArray(value) ? value.map((g) => label(GUARANTEE_TYPES, String(g), locale)).join('、') : String(value);
    case 'max_rate':
      return typeof value === 'number' ? formatRate(value) : String(value);
    case 'training_support':
      return t(value ? 'needs.value.yes' : 'needs.value.no');
    case 'attachments':
      return Array.isArray(value) ? value.join('、') : String(value);
    case 'positions':
      return Array.isArray(value) ? (value as PositionLike[]).map((p) => positionText(p, t)).join('；') : String(value);
    default:
      return String(value);
  }
}

export interface EditEntry {
  id: string;
  userName: string;
  reason: string;
  changes: Record<string, [unknown, unknown]>;
  createdAt: string;
}

export function EditHistory({ edits }: { edits: EditEntry[] }) {
  const t = useT();
  const locale = useLocale();
  if (edits.length === 0) return <p className="text-sm text-slate-600">{t('needs.detail.historyEmpty')}</p>;
  return (
    <ol className="space-y-4" aria-label={t('needs.detail.history')}>
      {edits.map((e) => (
        <li key={e.id} className="border-l-2 border-brand-700/40 pl-3">
          <p className="text-xs text-slate-600">{t('needs.detail.historyBy', { name: e.userName, time: formatDateTime(e.createdAt) })}</p>
          <p className="mt-0.5 text-sm font-medium text-slate-900">{t('needs.detail.historyReason', { reason: e.reason })}</p>
          <ul className="mt-1 space-y-0.5 text-sm text-slate-800">
            {Object.entries(e.changes).map(([field, [before, after]]) => (
              <li key={field}>
                <span className="text-slate-600">{t(`needs.field.${field}`)}：</span>
                <del className="text-slate-600">{formatNeedValue(field, before, t, locale)}</del>
                {' → '}
                <ins className="no-underline">{formatNeedValue(field, after, t, locale)}</ins>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
