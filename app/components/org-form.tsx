/**
 * The field groups of the organization forms (sign-up and own profile), bound
 * to conform metadata. Sections: 账户信息 (sign-up only) / 机构信息 / 经营情况 / 联系人.
 */
import type { FieldMetadata } from '@conform-to/react';
import { useFetcher } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useLocale, useT } from '~/i18n/use-t';
import { BANK_TYPES, BRANCH_LEVELS, INDUSTRIES, SIZES, label, type Bilingual } from '~/modules/organizations/reference';
import { CheckboxGroupField, NewPasswordFields, type Option, SelectField, TextareaField, TextField } from './form';
import { RegionField } from './region-picker';
import { Alert, Button, Card } from './ui';

type Field = FieldMetadata<any>;

export function codeOptions(list: Record<string, Bilingual>, locale: string, withCode = false): Option[] {
  return Object.keys(list).map((code) => ({
    value: code,
    label: withCode ? `${code} ${label(list, code, locale)}` : label(list, code, locale),
  }));
}

export function FormSection({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Card title={title}>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">{children}</div>
    </Card>
  );
}

/** Full width inside a section's grid. */
export function Wide({ children }: { children: ReactNode }) {
  return <div className="sm:col-span-2">{children}</div>;
}

/** What the sign-up action answers to 获取验证码 (and to the form). */
export interface SignupReply {
  result: { error?: Record<string, string[] | null> | null } | null;
  sentTo: string | null;
}

/**
 * The sign-up's number and its SMS code (issue 14: sign-up verifies the number).
 * 获取验证码 submits the whole form with `intent=sendCode` (works without
 * JavaScript; the typed fields come back, passwords excepted); with JavaScript it
 * sends only the number through a fetcher, so nothing typed is lost.
 */
function SignupPhone({ phone, code, sentTo }: { phone: Field; code: Field; sentTo: string | null }) {
  const t = useT();
  const fetcher = useFetcher<SignupReply>();
  const data = fetcher.state === 'idle' && fetcher.data ? fetcher.data : null;
  const sent = data ? data.sentTo : sentTo;
  const error = data?.result?.error?.phone?.[0] ?? null;
  return (
    <>
      <TextField field={phone} label={t('org.field.phone')} type="tel" inputMode="tel" autoComplete="tel" hint={t('signup.phoneHint')} />
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <TextField field={code} label={t('sms.code')} inputMode="numeric" autoComplete="one-time-code" hint={t('sms.codeHint')} />
        </div>
        <Button
          variant="secondary"
          name="intent"
          value="sendCode"
          formNoValidate
          className="mb-6 shrink-0"
          disabled={fetcher.state !== 'idle'}
          onClick={(e) => {
            const form = e.currentTarget.form;
            if (!form) return;
            e.preventDefault();
            const number = new FormData(form).get('phone');
            fetcher.submit({ intent: 'sendCode', phone: typeof number === 'string' ? number : '' }, { method: 'post' });
          }}
        >
          {t('sms.send')}
        </Button>
      </div>
      {sent || error ? (
        <Wide>
          {error ? (
            <Alert tone="error" role="alert">
              {t(error)}
            </Alert>
          ) : (
            <Alert tone="success" role="status">
              {t('phone.sentTo', { phone: sent ?? '' })}
            </Alert>
          )}
        </Wide>
      ) : null}
    </>
  );
}

export function PersonSection({
  fields,
  sentTo = null,
}: {
  fields: { name: Field; phone: Field; code: Field; email: Field; password: Field; confirmPassword: Field };
  sentTo?: string | null;
}) {
  const t = useT();
  return (
    <FormSection title={t('org.section.account')}>
      <Wide>
        <TextField field={fields.name} label={t('org.field.name')} autoComplete="name" />
      </Wide>
      <SignupPhone phone={fields.phone} code={fields.code} sentTo={sentTo} />
      <Wide>
        <TextField field={fields.email} label={t('org.field.email')} type="email" autoComplete="email" />
      </Wide>
      <NewPasswordFields
        password={fields.password}
        confirm={fields.confirmPassword}
        label={t('org.field.password')}
        confirmLabel={t('org.field.confirmPassword')}
      />
    </FormSection>
  );
}

function ContactSection({ fields, hint }: { fields: { contactName: Field; contactPhone: Field; contactEmail: Field }; hint?: boolean }) {
  const t = useT();
  return (
    <FormSection title={t('org.section.contact')}>
      <TextField
        field={fields.contactName}
        label={t('org.field.contactName')}
        hint={hint ? t('org.hint.contactSameAsPerson') : undefined}
      />
      <TextField
        field={fields.contactPhone}
        label={t('org.field.contactPhone')}
        type="tel"
        inputMode="tel"
        hint={t('org.hint.contactPhone')}
      />
      <Wide>
        <TextField field={fields.contactEmail} label={t('org.field.contactEmail')} type="email" />
      </Wide>
    </FormSection>
  );
}

/** Name, credit code and home region: the fields an organization form opens with, worded for its kind. */
function IdentityFields({
  kind,
  fields,
  regions,
}: {
  kind: 'enterprise' | 'bank';
  fields: { orgName: Field; creditCode: Field; regionCode: Field };
  regions: Option[];
}) {
  const t = useT();
  const bank = kind === 'bank';
  return (
    <>
      <Wide>
        <TextField field={fields.orgName} label={t(`org.field.orgName.${kind}`)} autoComplete="organization" />
      </Wide>
      <TextField
        field={fields.creditCode}
        label={t('org.field.creditCode')}
        hint={t(bank ? 'org.hint.creditCodeBank' : 'org.hint.creditCode')}
        autoComplete="off"
      />
      <RegionField field={fields.regionCode} label={t(bank ? 'org.field.regionCode.bank' : 'org.field.regionCode')} options={regions} />
    </>
  );
}

export interface EnterpriseFields {
  orgName: Field;
  creditCode: Field;
  regionCode: Field;
  industry: Field;
  size: Field;
  foundedYear: Field;
  registeredCapital: Field;
  annualRevenue: Field;
  employees: Field;
  contactName: Field;
  contactPhone: Field;
  contactEmail: Field;
  description: Field;
}

export function EnterpriseSections({ fields, regions, signup }: { fields: EnterpriseFields; regions: Option[]; signup?: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <FormSection title={t('org.section.org')}>
        <IdentityFields kind="enterprise" fields={fields} regions={regions} />
        <SelectField field={fields.industry} label={t('org.field.industry')} options={codeOptions(INDUSTRIES, locale, true)} />
        <SelectField field={fields.size} label={t('org.field.size')} options={codeOptions(SIZES, locale)} />
        <Wide>
          <TextareaField field={fields.description} label={t('org.field.description.enterprise')} rows={3} />
        </Wide>
      </FormSection>
      <FormSection title={t('org.section.business')}>
        <TextField field={fields.foundedYear} label={t('org.field.foundedYear')} type="number" inputMode="numeric" />
        <TextField
          field={fields.employees}
          label={t('org.field.employees')}
          type="number"
          inputMode="numeric"
          suffix={t('org.unit.people')}
        />
        <TextField
          field={fields.registeredCapital}
          label={t('org.field.registeredCapital')}
          inputMode="decimal"
          suffix={t('org.unit.wan')}
          hint={t('org.hint.wan')}
        />
        <TextField
          field={fields.annualRevenue}
          label={t('org.field.annualRevenue')}
          inputMode="decimal"
          suffix={t('org.unit.wan')}
          hint={t('org.hint.wan')}
        />
      </FormSection>
      <ContactSection fields={fields} hint={signup} />
    </>
  );
}

export interface BankFields {
  orgName: Field;
  creditCode: Field;
  bankType: Field;
  branchLevel: Field;
  regionCode: Field;
  regionsServed: FieldMetadata<string[]>;
  contactName: Field;
  contactPhone: Field;
  contactEmail: Field;
  description: Field;
}

export function BankSections({
  fields,
  regions,
  served,
  signup,
}: {
  fields: BankFields;
  regions: Option[];
  served: Option[];
  signup?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <FormSection title={t('org.section.org')}>
        <IdentityFields kind="bank" fields={fields} regions={regions} />
        <SelectField field={fields.bankType} label={t('org.field.bankType')} options={codeOptions(BANK_TYPES, locale)} />
        <SelectField field={fields.branchLevel} label={t('org.field.branchLevel')} options={codeOptions(BRANCH_LEVELS, locale)} />
        <Wide>
          <CheckboxGroupField
            field={fields.regionsServed}
            label={t('org.field.regionsServed')}
            options={served}
            hint={t('org.hint.regionsServed')}
          />
        </Wide>
        <Wide>
          <TextareaField field={fields.description} label={t('org.field.description')} rows={3} />
        </Wide>
      </FormSection>
      <ContactSection fields={fields} hint={signup} />
    </>
  );
}
