import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint } from '@conform-to/zod';
import { Form, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { FormErrors, TextField } from '~/components/form';
import { Button } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { mobile } from '~/utils/zod-helpers';

/** A number and a code: `intent=send` asks for a code, `intent=<confirmIntent>` uses it. */
export const SmsCodeSchema = z.object({
  intent: z.string().optional(),
  phone: mobile,
  code: z.string().trim().max(12).optional(),
});

/**
 * One form, two buttons (works without JavaScript): 获取验证码 sends a code to the
 * number, the main button checks the code.
 */
export function SmsCodeForm({
  id,
  lastResult,
  defaultPhone,
  confirmIntent,
  confirmLabel,
  notice,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]>;
  defaultPhone?: string;
  confirmIntent: string;
  confirmLabel: ReactNode;
  notice?: ReactNode;
}) {
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof SmsCodeSchema>>({
    id,
    lastResult,
    defaultValue: { phone: defaultPhone ?? '' },
    constraint: getZodConstraint(SmsCodeSchema),
    shouldValidate: 'onSubmit',
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      {notice}
      <TextField field={fields.phone} label={t('phone.number')} type="tel" inputMode="tel" autoComplete="tel" />
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-40 flex-1">
          <TextField field={fields.code} label={t('sms.code')} inputMode="numeric" autoComplete="one-time-code" hint={t('sms.codeHint')} />
        </div>
        <Button variant="secondary" name="intent" value="send" formNoValidate disabled={navigation.state === 'submitting'}>
          {t('sms.send')}
        </Button>
      </div>
      <Button name="intent" value={confirmIntent} disabled={navigation.state === 'submitting'}>
        {confirmLabel}
      </Button>
    </Form>
  );
}
