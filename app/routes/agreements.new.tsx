import { type FieldMetadata, getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { CheckboxGroupField, FormErrors, SelectField, TextField, useSchemaForm } from '~/components/form';
import { Alert, Button, Card, LinkButton, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { requireAgreementActor } from '~/modules/agreements/access.server';
import { newAgreementOptions, recordAgreement } from '~/modules/agreements/agreements.server';
import { newAgreementSchema } from '~/modules/agreements/schema';
import { chinaDate } from '~/modules/calendar/working-days';
import { POLICY_TOOL_CODES, POLICY_TOOLS } from '~/modules/catalog/codes';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'agreements.newTitle');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAgreementActor({ request, context });
  if (actor.kind !== 'organizer' && !actor.verified) throw httpError(403, 'agreements.pendingNotice');
  const options = await newAgreementOptions(await getDb(), actor);
  const query = new URL(request.url).searchParams;
  const pick = (name: string, list: { value: string }[]) => {
    const wanted = query.get(name) ?? '';
    return list.some((o) => o.value === wanted) ? wanted : '';
  };
  // pre-filled from a follow-up's yes (decision 036c): the session and the pair, when the actor may choose them
  const eventId = pick('eventId', options.events);
  const bankId = pick('bankId', options.banks);
  const enterpriseId = pick('enterpriseId', options.enterprises);
  return json({ role: actor.kind, options, eventId, bankId, enterpriseId, today: chinaDate(new Date()) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAgreementActor({ request, context });
  if (actor.kind !== 'organizer' && !actor.verified) throw httpError(403, 'agreements.pendingNotice');
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: newAgreementSchema(actor.kind) });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  let agreement: { id: string };
  try {
    agreement = await recordAgreement(await getDb(), actor, {
      bankId: actor.kind === 'bank' ? actor.orgId : (v.bankId ?? ''),
      enterpriseId: actor.kind === 'enterprise' ? actor.orgId : (v.enterpriseId ?? ''),
      eventId: v.eventId ?? null,
      needId: v.needId ?? null,
      productId: v.productId ?? null,
      policies: v.policies,
      amount: v.amount,
      termMonths: v.termMonths ?? null,
      documentNo: v.documentNo ?? null,
      signedOn: v.signedOn,
      bankSignatory: v.bankSignatory ?? '',
      enterpriseSignatory: v.enterpriseSignatory ?? '',
    });
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/agreements/${agreement.id}`, {
    headers: await flashHeaders({
      tone: 'success',
      message: actor.kind === 'organizer' ? 'agreements.flash.recorded' : 'agreements.flash.proposed',
    }),
  });
}

export default function NewAgreement() {
  const t = useT();
  const locale = useLocale();
  const { role, options, eventId, bankId, enterpriseId, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const schema = newAgreementSchema(role);
  const [form, fields] = useSchemaForm(schema, {
    id: 'new-agreement',
    lastResult,
    defaultValue: { eventId, bankId, enterpriseId, signedOn: today },
    shouldRevalidate: 'onInput',
  });
  const busy = navigation.state === 'submitting';
  const none = t('agreements.none');
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t(`agreements.newTitle.${role}`)}
        actions={
          <LinkButton to="/agreements" variant="ghost">
            {t('agreements.action.back')}
          </LinkButton>
        }
      />
      <Alert tone="info">{t(`agreements.newHint.${role}`)}</Alert>
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <FormErrors errors={form.errors} />
          <div className="grid gap-4 sm:grid-cols-2">
            {role !== 'bank' ? (
              <SelectField
                field={fields.bankId}
                label={t('agreements.field.bank')}
                options={options.banks}
                placeholder={t('agreements.choose')}
              />
            ) : null}
            {role !== 'enterprise' ? (
              <SelectField
                field={fields.enterpriseId}
                label={t('agreements.field.enterprise')}
                options={options.enterprises}
                placeholder={t('agreements.choose')}
              />
            ) : null}
            <SelectField
              field={fields.eventId}
              label={t('agreements.field.event')}
              options={options.events}
              placeholder={none}
              hint={t('agreements.hint.event')}
            />
            {options.needs.length ? (
              <SelectField field={fields.needId} label={t('agreements.field.need')} options={options.needs} placeholder={none} />
            ) : null}
            {options.products.length ? (
              <SelectField field={fields.productId} label={t('agreements.field.product')} options={options.products} placeholder={none} />
            ) : null}
          </div>
          <CheckboxGroupField
            field={fields.policies as FieldMetadata<string[]>}
            label={t('products.field.policies')}
            hint={t('agreements.hint.policies')}
            options={POLICY_TOOL_CODES.map((c) => ({ value: c, label: POLICY_TOOLS[c][locale === 'en' ? 1 : 0] }))}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              field={fields.amount}
              label={t('agreements.field.amount')}
              inputMode="decimal"
              suffix={t('agreements.unit.wan')}
              hint={t('agreements.hint.amount')}
            />
            <TextField
              field={fields.termMonths}
              label={t('agreements.field.termMonths')}
              type="number"
              inputMode="numeric"
              suffix={t('agreements.unit.months')}
            />
            <TextField field={fields.signedOn} label={t('agreements.field.signedOn')} type="date" />
            <TextField field={fields.documentNo} label={t('agreements.field.documentNo')} hint={t('agreements.hint.documentNo')} />
            <TextField field={fields.bankSignatory} label={t('agreements.field.bankSignatory')} />
            <TextField field={fields.enterpriseSignatory} label={t('agreements.field.enterpriseSignatory')} />
          </div>
          <Button disabled={busy}>{t(`agreements.action.submit.${role}`)}</Button>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
