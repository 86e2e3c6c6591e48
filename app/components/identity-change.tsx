/**
 * A held change of an organization's identity side by side with the verified
 * values (issue 13, decision 031c): the organizer's review and the organization's
 * own profile page show the same table.
 */
import { useLocale, useT } from '~/i18n/use-t';
import { BANK_TYPES, label } from '~/modules/organizations/reference';
import { cx } from './ui';

/** One side of the comparison, as display text (the region already named). */
export interface IdentityView {
  name: string;
  creditCode: string | null;
  regionName: string;
  bankType: string | null;
}

/** The verified identity beside the proposed one; the bank type for banks only. */
export function IdentityChange({ kind, current, proposed }: { kind: string; current: IdentityView; proposed: IdentityView }) {
  const t = useT();
  const locale = useLocale();
  const isBank = kind === 'bank';
  const rows: IdentityChangeRow[] = [
    {
      field: 'name',
      label: t(isBank ? 'org.field.orgName.bank' : 'org.field.orgName.enterprise'),
      current: current.name,
      proposed: proposed.name,
    },
    { field: 'credit_code', label: t('org.field.creditCode'), current: current.creditCode ?? '', proposed: proposed.creditCode ?? '' },
    {
      field: 'region_code',
      label: t(isBank ? 'org.field.regionCode.bank' : 'org.field.regionCode'),
      current: current.regionName,
      proposed: proposed.regionName,
    },
    ...(isBank
      ? [
          {
            field: 'bank_type',
            label: t('org.field.bankType'),
            current: label(BANK_TYPES, current.bankType, locale),
            proposed: label(BANK_TYPES, proposed.bankType, locale),
          },
        ]
      : []),
  ];
  return <IdentityChangeTable rows={rows} />;
}

export interface IdentityChangeRow {
  /** field key for test hooks: name, credit_code, region_code, bank_type */
  field: string;
  label: string;
  current: string;
  proposed: string;
}

export function IdentityChangeTable({ rows }: { rows: IdentityChangeRow[] }) {
  const t = useT();
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm" data-testid="identity-change">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-600">
            <th scope="col" className="py-2 pr-4 font-medium">
              {t('org.change.field')}
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              {t('org.change.current')}
            </th>
            <th scope="col" className="py-2 font-medium">
              {t('org.change.proposed')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const changed = r.current !== r.proposed;
            return (
              <tr key={r.field} data-field={r.field} data-changed={changed ? '1' : '0'} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="py-2 pr-4 text-left font-medium text-slate-700">
                  {r.label}
                </th>
                <td className="py-2 pr-4 text-slate-900" data-role="current">
                  {r.current || '—'}
                </td>
                <td className={cx('py-2', changed ? 'font-semibold text-amber-800' : 'text-slate-500')} data-role="proposed">
                  {r.proposed || '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
