/** The field sets of the financing and hiring need forms (new and edit pages share them). */
import { getInputProps, type FieldMetadata } from '@conform-to/react';
import { GUARANTEE_CODES, GUARANTEE_TYPES, NEED_PURPOSE_CODES, NEED_PURPOSES } from '~/modules/catalog/codes';
import { label } from '~/modules/organizations/reference';
import { POSITION_ROWS } from '~/modules/needs/schema';
import { useLocale, useT } from '~/i18n/use-t';
import { CheckboxGroupField, FieldErrors, SelectField, TextareaField, TextField } from './form';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Fields = Record<string, FieldMetadata<any, any, any>>;

export function FinancingNeedFields({ fields }: { fields: Fields }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <TextField field={fields.title} label={t('needs.field.title')} />
      </div>
      <TextField
        field={fields.amount}
        label={t('needs.field.amount')}
        hint={t('needs.hint.amount')}
        inputMode="decimal"
        suffix={t('needs.unit.wan')}
      />
      <TextField field={fields.term_months} label={t('needs.field.term_months')} hint={t('needs.hint.term')} inputMode="numeric" />
      <SelectField
        field={fields.purpose}
        label={t('needs.field.purpose')}
        options={NEED_PURPOSE_CODES.map((c) => ({ value: c, label: label(NEED_PURPOSES, c, locale) }))}
      />
      <TextField field={fields.max_rate} label={t('needs.field.max_rate')} hint={t('needs.hint.maxRate')} inputMode="decimal" suffix="%" />
      <div className="sm:col-span-2">
        <CheckboxGroupField
          field={fields.guarantees as FieldMetadata<string[]>}
          label={t('needs.field.guarantees')}
          options={GUARANTEE_CODES.map((c) => ({ value: c, label: label(GUARANTEE_TYPES, c, locale) }))}
        />
      </div>
      <TextField field={fields.wanted_by} label={t('needs.field.wanted_by')} type="date" />
      <div className="sm:col-span-2">
        <TextareaField field={fields.description} label={t('needs.field.description')} rows={5} />
      </div>
      <div className="sm:col-span-2">
        <TextareaField field={fields.attachments} label={t('needs.field.attachments')} hint={t('needs.hint.attachments')} rows={3} />
      </div>
    </div>
  );
}

const CELL_CLASS =
  'block w-full rounded-md border-0 px-2 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700 aria-[invalid=true]:ring-red-600';

function Cell({
  field,
  name,
  ariaLabel,
  inputMode,
}: {
  field?: FieldMetadata<any>;
  name: string;
  ariaLabel: string;
  inputMode?: 'numeric';
}) {
  if (!field) return <input name={name} aria-label={ariaLabel} inputMode={inputMode} className={CELL_CLASS} />;
  const props = getInputProps(field, { type: 'text' });
  return (
    <>
      <input {...props} key={props.key} aria-label={ariaLabel} inputMode={inputMode} className={CELL_CLASS} />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </>
  );
}

/** The numeric cells of a position row: its field, its column label and width. */
const NUMBER_CELLS = [
  { key: 'headcount', label: 'needs.field.headcount', width: 'w-24' },
  { key: 'wage_min', label: 'needs.field.wageMin', width: 'w-32' },
  { key: 'wage_max', label: 'needs.field.wageMax', width: 'w-32' },
] as const;

/** Hiring need fields with a fixed number of position rows (works without JavaScript). */
export function HiringNeedFields({ fields }: { fields: Fields }) {
  const t = useT();
  const list = (fields.positions as unknown as FieldMetadata<Record<string, unknown>[]>).getFieldList();
  const rows = Array.from({ length: POSITION_ROWS }, (_, i) => {
    const row = list[i]?.getFieldset() as Record<string, FieldMetadata<any>> | undefined;
    return { i, row };
  });
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <TextField field={fields.title} label={t('needs.field.title')} />
      </div>
      <TextField field={fields.wanted_by} label={t('needs.field.wanted_byHiring')} type="date" />
      <div className="flex items-end pb-2">
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            name={fields.training_support.name}
            id={fields.training_support.id}
            defaultChecked={fields.training_support.initialValue === 'on' || (fields.training_support.initialValue as unknown) === true}
            className="h-4 w-4 rounded border-slate-400 text-brand-700"
          />
          {t('needs.field.training_support')}
        </label>
      </div>
      <div className="sm:col-span-2">
        <TextareaField field={fields.description} label={t('needs.field.description')} rows={4} />
      </div>
      <fieldset className="sm:col-span-2">
        <legend className="mb-1 block text-sm font-medium text-slate-800">{t('needs.field.positions')}</legend>
        <p className="mb-2 text-xs text-slate-600">{t('needs.hint.positions')}</p>
        <div className="-mx-4 overflow-x-auto sm:mx-0">
          <table className="min-w-full text-sm">
            <thead>
              <tr className="text-left text-slate-700">
                <th className="px-1 py-1 font-medium">{t('needs.field.positionTitle')}</th>
                <th className="px-1 py-1 font-medium">{t('needs.field.headcount')}</th>
                <th className="px-1 py-1 font-medium">{t('needs.field.wageMin')}</th>
                <th className="px-1 py-1 font-medium">{t('needs.field.wageMax')}</th>
                <th className="px-1 py-1 font-medium">{t('needs.field.skills')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ i, row }) => (
                <tr key={i} className="align-top">
                  <td className="min-w-32 px-1 py-1">
                    <Cell field={row?.title} name={`positions[${i}].title`} ariaLabel={`${t('needs.field.positionTitle')} ${i + 1}`} />
                  </td>
                  {NUMBER_CELLS.map((c) => (
                    <td key={c.key} className={`${c.width} px-1 py-1`}>
                      <Cell
                        field={row?.[c.key]}
                        name={`positions[${i}].${c.key}`}
                        ariaLabel={`${t(c.label)} ${i + 1}`}
                        inputMode="numeric"
                      />
                    </td>
                  ))}
                  <td className="min-w-40 px-1 py-1">
                    <Cell field={row?.skills} name={`positions[${i}].skills`} ariaLabel={`${t('needs.field.skills')} ${i + 1}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <FieldErrors id={fields.positions.errorId} errors={fields.positions.errors} />
      </fieldset>
    </div>
  );
}

/** Pads position default values to the fixed number of rows. */
export function paddedPositions<T>(positions: T[]): (T | Record<string, string>)[] {
  return [...positions, ...Array.from({ length: Math.max(0, POSITION_ROWS - positions.length) }, () => ({}))];
}
