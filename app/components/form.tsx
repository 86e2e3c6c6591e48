/**
 * Form fields bound to conform metadata. Error messages are i18n keys produced
 * by the shared zod schemas and translated here, so server and browser agree.
 */
import { getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import { useActionData, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import { useT } from '~/i18n/use-t';
import { cx } from './ui';

const INPUT_CLASS =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-brand-700 aria-[invalid=true]:ring-red-600';

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 text-sm text-red-700">
      {errors.map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}

function FieldShell({
  field,
  label,
  hint,
  children,
  required,
}: {
  field: FieldMetadata<any>;
  label: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  required?: boolean;
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={field.id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
        {(required ?? field.required) ? (
          <span className="ml-0.5 text-red-700" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      {children}
      {hint ? (
        <p id={field.descriptionId} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

type InputType = 'text' | 'email' | 'password' | 'tel' | 'number' | 'date' | 'search' | 'url';

/** A new password and its confirmation, with the password policy as the hint (sign-up, change, set by link). */
export function NewPasswordFields({
  password,
  confirm,
  label,
  confirmLabel,
}: {
  password: FieldMetadata<any>;
  confirm: FieldMetadata<any>;
  label: ReactNode;
  confirmLabel: ReactNode;
}) {
  const t = useT();
  return (
    <>
      <TextField field={password} label={label} type="password" autoComplete="new-password" hint={t('password.hint')} />
      <TextField field={confirm} label={confirmLabel} type="password" autoComplete="new-password" />
    </>
  );
}

export function TextField({
  field,
  label,
  hint,
  type = 'text',
  autoComplete,
  placeholder,
  inputMode,
  suffix,
}: {
  field: FieldMetadata<any>;
  label: ReactNode;
  hint?: ReactNode;
  type?: InputType;
  autoComplete?: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'text';
  suffix?: ReactNode;
}) {
  const props = getInputProps(field, { type, ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <div className="flex items-stretch">
        <input
          {...props}
          key={props.key}
          autoComplete={autoComplete}
          placeholder={placeholder}
          inputMode={inputMode}
          className={cx(INPUT_CLASS, suffix ? 'rounded-r-none' : '')}
        />
        {suffix ? (
          <span className="inline-flex shrink-0 items-center whitespace-nowrap rounded-r-md bg-slate-50 px-3 text-sm text-slate-700 ring-1 ring-inset ring-slate-300">
            {suffix}
          </span>
        ) : null}
      </div>
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
  group?: string;
}

export function SelectField({
  field,
  label,
  hint,
  options,
  placeholder,
}: {
  field: FieldMetadata<any>;
  label: ReactNode;
  hint?: ReactNode;
  options: Option[];
  placeholder?: string;
}) {
  const props = getSelectProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <select {...props} key={props.key} className={INPUT_CLASS}>
        <GroupedOptions options={options} empty={placeholder ?? '—'} />
      </select>
    </FieldShell>
  );
}

/**
 * The options of a select after an empty choice (`empty`): options with a `group`
 * under an optgroup of that name, in the order the groups first appear.
 */
export function GroupedOptions({ options, empty }: { options: Option[]; empty: ReactNode }) {
  const groups = new Map<string, Option[]>();
  for (const o of options) {
    const g = o.group ?? '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(o);
  }
  return (
    <>
      <option value="">{empty}</option>
      {[...groups.entries()].map(([g, opts]) =>
        g ? (
          <optgroup key={g} label={g}>
            {opts.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ) : (
          opts.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))
        ),
      )}
    </>
  );
}

export function TextareaField({
  field,
  label,
  hint,
  rows = 4,
}: {
  field: FieldMetadata<any>;
  label: ReactNode;
  hint?: ReactNode;
  rows?: number;
}) {
  const props = getTextareaProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <textarea {...props} key={props.key} rows={rows} className={INPUT_CLASS} />
    </FieldShell>
  );
}

/** Several checkboxes for one array field (e.g. regions served, guarantee types). */
export function CheckboxGroupField({
  field,
  label,
  options,
  hint,
}: {
  field: FieldMetadata<string[]>;
  label: ReactNode;
  options: Option[];
  hint?: ReactNode;
}) {
  // one checked box comes back from the form as a plain string, not an array
  const initial = field.initialValue as string[] | string | undefined;
  const selected = new Set(Array.isArray(initial) ? initial : typeof initial === 'string' ? [initial] : []);
  // an item's error (a tampered value: `field[1]`) is the group's error too, or nobody would see it (issue 13, point 10)
  const errors = [...new Set(Object.values(field.allErrors ?? {}).flat())];
  return (
    <fieldset className="min-w-0" aria-describedby={errors.length ? field.errorId : undefined}>
      <legend className="mb-1 block text-sm font-medium text-slate-800">{label}</legend>
      <div className="grid max-h-56 grid-cols-2 gap-1 overflow-y-auto rounded-md p-2 ring-1 ring-inset ring-slate-300 sm:grid-cols-3">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              name={field.name}
              value={o.value}
              defaultChecked={selected.has(o.value)}
              className="h-4 w-4 rounded border-slate-400 text-brand-700"
            />
            {o.label}
          </label>
        ))}
      </div>
      {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      <FieldErrors id={field.errorId} errors={errors} />
    </fieldset>
  );
}

export function FormErrors({ errors }: { errors?: string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <div role="alert" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-inset ring-red-700/30">
      {errors.map((e) => (
        <p key={e}>{t(e)}</p>
      ))}
    </div>
  );
}

/** Every message of a form reply (form and field errors alike), for a page whose forms show them in one place. */
export function replyErrors(last: unknown): string[] | undefined {
  const error = last && typeof last === 'object' && 'error' in last ? (last as { error?: Record<string, unknown> }).error : undefined;
  return error
    ? Object.values(error)
        .flat()
        .filter((e): e is string => typeof e === 'string')
    : undefined;
}

/**
 * A page of several forms answering with conform replies: the last reply, the values it
 * was sent with, every message of it (for a page that shows them in one place) and
 * whether a form is on its way.
 */
export function useFormsPage() {
  const actionResult = useActionData() as SubmissionResult<string[]> | undefined;
  const busy = useNavigation().state === 'submitting';
  const sent = actionResult?.initialValue as Record<string, unknown> | undefined;
  return { actionResult, busy, sent, errors: replyErrors(actionResult) };
}

type SchemaFormOptions<S extends z.ZodType<Record<string, unknown>>> = Pick<
  Parameters<typeof useForm<z.input<S>, z.output<S>>>[0],
  'id' | 'lastResult' | 'defaultValue' | 'shouldRevalidate'
>;

/** Constraints per schema: walking a schema for them on every render of a page cost the session page a tenth of its server CPU. */
const constraints = new WeakMap<z.ZodTypeAny, ReturnType<typeof getZodConstraint>>();
function constraintOf(schema: z.ZodTypeAny): ReturnType<typeof getZodConstraint> {
  let c = constraints.get(schema);
  if (!c) {
    c = getZodConstraint(schema);
    constraints.set(schema, c);
  }
  return c;
}

/**
 * A form checked in the browser by the zod schema the server parses it with: the
 * schema's constraints on the fields, and the schema's messages on blur.
 */
export function useSchemaForm<S extends z.ZodType<Record<string, unknown>>>(schema: S, options: SchemaFormOptions<S>) {
  return useForm<z.input<S>, z.output<S>>({
    ...options,
    constraint: constraintOf(schema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
