/**
 * The organizer's event form (对接会), shared by the new and edit pages. Works
 * without JavaScript: adding or removing an agenda row is a conform intent
 * button that the server answers with the updated form.
 */
import { getInputProps, type FieldMetadata, type FormMetadata } from '@conform-to/react';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { useT } from '~/i18n/use-t';
import { DESK_MODES, THEME_SUGGESTIONS } from '~/modules/events/schema';
import { FieldErrors, SelectField, TextareaField, TextField } from './form';
import { RegionField } from './region-picker';
import { ScrollTable } from './table';
import { buttonClass, cx } from './ui';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Fields = Record<string, FieldMetadata<any, any, any>>;

const INPUT_CLASS =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-brand-700 aria-[invalid=true]:ring-red-600';
const CELL_CLASS =
  'block w-full rounded-md border-0 px-2 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700 aria-[invalid=true]:ring-red-600';

/** A labelled input of any type (time, datalist …) with hint and translated errors. */
function InputField({
  field,
  label,
  hint,
  type,
  extra,
}: {
  field: FieldMetadata<any>;
  label: ReactNode;
  hint?: ReactNode;
  type: 'text' | 'time' | 'date' | 'number';
  extra?: InputHTMLAttributes<HTMLInputElement>;
}) {
  const props = getInputProps(field, { type, ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <div className="min-w-0">
      <label htmlFor={field.id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
        {field.required ? (
          <span className="ml-0.5 text-red-700" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      <input {...props} key={props.key} {...extra} className={INPUT_CLASS} />
      {hint ? (
        <p id={field.descriptionId} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export interface RegionChoice {
  code: string;
  label: string;
  group: string;
}

export function EventFormBody({
  form,
  fields,
  regionOptions,
  gridHint,
  submitIntent,
  showRecordPast = false,
}: {
  form: FormMetadata<any, string[]>;
  fields: Fields;
  regionOptions: RegionChoice[];
  /** shown above the meeting grid, e.g. when the event is already scheduled */
  gridHint?: ReactNode;
  /** the form's main intent: pressing Enter in a field submits it (not the first row's remove button) */
  submitIntent: string;
  /** the new-session form offers to record a session that already took place */
  showRecordPast?: boolean;
}) {
  const t = useT();
  const agenda = (fields.agenda as unknown as FieldMetadata<Record<string, unknown>[]>).getFieldList();
  return (
    <div className="space-y-6">
      <button type="submit" name="intent" value={submitIntent} tabIndex={-1} aria-hidden="true" className="sr-only">
        {t('action.save')}
      </button>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <TextField field={fields.title} label={t('events.field.title')} placeholder={t('events.placeholder.title')} />
        </div>
        <InputField
          field={fields.theme}
          label={t('events.field.theme')}
          type="text"
          hint={t('events.hint.theme')}
          extra={{ list: 'event-theme-suggestions' }}
        />
        <datalist id="event-theme-suggestions">
          {THEME_SUGGESTIONS.map((s) => (
            <option key={s} value={t(`events.themeSuggestion.${s}`)} />
          ))}
        </datalist>
        <RegionField
          field={fields.regionCode}
          label={t('events.field.region')}
          options={regionOptions.map((r) => ({ value: r.code, label: r.label, group: r.group }))}
        />
        <InputField field={fields.eventDate} label={t('events.field.date')} type="date" />
        <InputField field={fields.startTime} label={t('events.field.startTime')} type="time" />
        <div className="sm:col-span-2">
          <TextField field={fields.venue} label={t('events.field.venue')} />
        </div>
        <TextField
          field={fields.capacity}
          label={t('events.field.capacity')}
          inputMode="numeric"
          hint={t('events.hint.capacity')}
          suffix={t('events.unit.people')}
        />
        <InputField field={fields.registrationDeadline} label={t('events.field.deadline')} type="date" hint={t('events.hint.deadline')} />
        {showRecordPast ? (
          <div className="sm:col-span-2">
            <label className="flex items-start gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name={fields.recordPast.name}
                id={fields.recordPast.id}
                defaultChecked={fields.recordPast.initialValue === 'on'}
                aria-describedby={fields.recordPast.descriptionId}
                className="mt-0.5 h-4 w-4 rounded border-slate-400 text-brand-700"
              />
              <span className="font-medium">{t('events.field.recordPast')}</span>
            </label>
            <p id={fields.recordPast.descriptionId} className="mt-1 text-xs text-slate-600">
              {t('events.hint.recordPast')}
            </p>
            <FieldErrors id={fields.recordPast.errorId} errors={fields.recordPast.errors} />
          </div>
        ) : null}
      </div>

      <fieldset className="rounded-md p-4 ring-1 ring-inset ring-slate-200">
        <legend className="px-1 text-sm font-semibold text-slate-900">{t('events.field.grid')}</legend>
        <p className="mb-3 text-xs text-slate-600">{t('events.hint.grid')}</p>
        {gridHint}
        <div className="mb-4">
          <SelectField
            field={fields.deskMode}
            label={t('events.field.deskMode')}
            hint={t('events.hint.deskMode')}
            options={DESK_MODES.map((m) => ({ value: m, label: t(`events.deskMode.${m}`) }))}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <InputField field={fields.firstSlotTime} label={t('events.field.firstSlotTime')} type="time" />
          <TextField field={fields.slotCount} label={t('events.field.slotCount')} inputMode="numeric" />
          <TextField
            field={fields.slotMinutes}
            label={t('events.field.slotMinutes')}
            inputMode="numeric"
            suffix={t('events.unit.minutes')}
          />
          <TextField field={fields.tableCount} label={t('events.field.tableCount')} inputMode="numeric" />
        </div>
      </fieldset>

      <TextareaField field={fields.description} label={t('events.field.description')} rows={4} />

      <fieldset className="min-w-0">
        <legend className="mb-1 block text-sm font-semibold text-slate-900">{t('events.field.agenda')}</legend>
        <p className="mb-2 text-xs text-slate-600">{t('events.hint.agenda')}</p>
        {/* the shared scroll box keeps the rows' hidden labels inside it (a plain overflow box let them widen a phone's page) */}
        <ScrollTable testId="agenda-scroll">
          <table className="min-w-full text-sm">
            <thead>
              <tr className="text-left text-slate-700">
                <th scope="col" className="px-1 py-1 font-medium">
                  {t('events.field.agendaTime')}
                </th>
                <th scope="col" className="px-1 py-1 font-medium">
                  {t('events.field.agendaTitle')}
                </th>
                <th scope="col" className="px-1 py-1 font-medium">
                  {t('events.field.agendaSpeaker')}
                </th>
                <th scope="col" className="px-1 py-1">
                  <span className="sr-only">{t('events.action.removeAgenda')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agenda.map((row, i) => {
                const f = row.getFieldset() as Record<string, FieldMetadata<any>>;
                const cell = (field: FieldMetadata<any>, label: string, type: 'text' | 'time') => {
                  const props = getInputProps(field, { type });
                  return (
                    <>
                      <input {...props} key={props.key} aria-label={`${label} ${i + 1}`} className={CELL_CLASS} />
                      <FieldErrors id={field.errorId} errors={field.errors} />
                    </>
                  );
                };
                return (
                  <tr key={row.key} className="align-top" data-testid="agenda-row">
                    <td className="w-32 px-1 py-1">{cell(f.startsAt, t('events.field.agendaTime'), 'time')}</td>
                    <td className="min-w-48 px-1 py-1">{cell(f.title, t('events.field.agendaTitle'), 'text')}</td>
                    <td className="min-w-32 px-1 py-1">{cell(f.speaker, t('events.field.agendaSpeaker'), 'text')}</td>
                    <td className="px-1 py-1">
                      <button
                        {...form.remove.getButtonProps({ name: fields.agenda.name, index: i })}
                        className={buttonClass('ghost', 'min-h-8 px-2')}
                      >
                        {t('events.action.removeAgenda')}
                        <span className="sr-only"> {i + 1}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollTable>
        <FieldErrors id={fields.agenda.errorId} errors={fields.agenda.errors} />
        <button {...form.insert.getButtonProps({ name: fields.agenda.name })} className={cx(buttonClass('secondary'), 'mt-2')}>
          {t('events.action.addAgenda')}
        </button>
      </fieldset>
    </div>
  );
}
