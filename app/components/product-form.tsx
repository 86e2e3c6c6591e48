/** The loan-product form of the bank's new and edit pages (works without JavaScript). */
import type { FieldMetadata } from '@conform-to/react';
import { useLocale, useT } from '~/i18n/use-t';
import { GUARANTEE_TYPES, POLICY_TOOLS, PRODUCT_CATEGORIES, RATE_TYPES } from '~/modules/catalog/codes';
import { INDUSTRIES, SIZES } from '~/modules/organizations/reference';
import { CheckboxGroupField, SelectField, TextareaField, TextField } from './form';
import { codeOptions } from './org-form';

export interface ProductFormFields {
  name: FieldMetadata<string>;
  category: FieldMetadata<string>;
  amountMin: FieldMetadata<string>;
  amountMax: FieldMetadata<string>;
  termMin: FieldMetadata<string>;
  termMax: FieldMetadata<string>;
  rateType: FieldMetadata<string>;
  rateMin: FieldMetadata<string>;
  rateMax: FieldMetadata<string>;
  guarantees: FieldMetadata<string[]>;
  policies: FieldMetadata<string[]>;
  industries: FieldMetadata<string[]>;
  sizes: FieldMetadata<string[]>;
  minYears: FieldMetadata<string>;
  regions: FieldMetadata<string[]>;
  minNewHires: FieldMetadata<string>;
  materials: FieldMetadata<string>;
  description: FieldMetadata<string>;
}

export function ProductFormBody({
  fields,
  regionOptions,
}: {
  fields: ProductFormFields;
  regionOptions: { code: string; label: string; group: string }[];
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField field={fields.name} label={t('products.field.name')} />
        <SelectField field={fields.category} label={t('products.field.category')} options={codeOptions(PRODUCT_CATEGORIES, locale)} />
        <TextField field={fields.amountMin} label={t('products.field.amountMin')} inputMode="decimal" suffix={t('products.unit.wan')} />
        <TextField field={fields.amountMax} label={t('products.field.amountMax')} inputMode="decimal" suffix={t('products.unit.wan')} />
        <TextField field={fields.termMin} label={t('products.field.termMin')} inputMode="numeric" suffix={t('products.unit.month')} />
        <TextField field={fields.termMax} label={t('products.field.termMax')} inputMode="numeric" suffix={t('products.unit.month')} />
        <SelectField
          field={fields.rateType}
          label={t('products.field.rateType')}
          options={RATE_TYPES.map((r) => ({ value: r, label: t(`products.rateType.${r}`) }))}
        />
        <div className="hidden sm:block" />
        <TextField
          field={fields.rateMin}
          label={t('products.field.rateMin')}
          inputMode="decimal"
          suffix="%"
          hint={t('products.field.rateHint')}
        />
        <TextField field={fields.rateMax} label={t('products.field.rateMax')} inputMode="decimal" suffix="%" />
      </div>
      <CheckboxGroupField field={fields.guarantees} label={t('products.field.guarantees')} options={codeOptions(GUARANTEE_TYPES, locale)} />
      <CheckboxGroupField
        field={fields.policies}
        label={t('products.field.policies')}
        options={codeOptions(POLICY_TOOLS, locale)}
        hint={t('products.field.policiesHint')}
      />
      <CheckboxGroupField
        field={fields.industries}
        label={t('products.field.industries')}
        options={codeOptions(INDUSTRIES, locale, true)}
        hint={t('products.field.industriesHint')}
      />
      <CheckboxGroupField
        field={fields.sizes}
        label={t('products.field.sizes')}
        options={codeOptions(SIZES, locale)}
        hint={t('products.field.sizesHint')}
      />
      <CheckboxGroupField
        field={fields.regions}
        label={t('products.field.regions')}
        options={regionOptions.map((r) => ({ value: r.code, label: r.label }))}
        hint={t('products.field.regionsHint')}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField field={fields.minYears} label={t('products.field.minYears')} inputMode="numeric" />
        <TextField
          field={fields.minNewHires}
          label={t('products.field.minNewHires')}
          inputMode="numeric"
          hint={t('products.field.minNewHiresHint')}
        />
      </div>
      <TextareaField field={fields.materials} label={t('products.field.materials')} rows={3} />
      <TextareaField field={fields.description} label={t('products.field.description')} rows={5} />
    </div>
  );
}
