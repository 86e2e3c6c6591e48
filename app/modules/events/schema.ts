/**
 * zod schemas of matchmaking events (对接会), shared by the organizer's form
 * (server and browser), the participant forms and tests. Messages are i18n keys.
 * Dates are `YYYY-MM-DD`, times `HH:MM` (24 h, China local time).
 */
import { z } from 'zod';
import { msg } from '~/i18n/translate';
import { isValidDate, todayInChina } from '~/modules/needs/schema';
import { regionCovers } from '~/modules/regions/cover';
import { choice, int, longText, mobile, optionalText, text } from '~/utils/zod-helpers';
import { EVENT_STATUSES, gridEndMinutes, hhmm, minutesOf } from './lifecycle';

export const TITLE_MAX = 100;
export const THEME_MAX = 40;
export const VENUE_MAX = 100;
export const DESCRIPTION_MAX = 2000;
export const CAPACITY_MAX = 10_000;
export const SLOT_COUNT_MAX = 48;
export const SLOT_MINUTES_MIN = 5;
export const SLOT_MINUTES_MAX = 240;
export const TABLE_COUNT_MAX = 500;
export const AGENDA_MAX = 20;
export const AGENDA_TITLE_MAX = 100;
export const SPEAKER_MAX = 60;
export const REP_NAME_MAX = 30;
export const REP_TITLE_MAX = 40;
export const INVITE_MAX = 500;
/** fixed: each bank keeps one desk (桌牌) for the whole session; free: tables change per slot. */
export const DESK_MODES = ['fixed', 'free'] as const;
/** An event is planned at most this many days ahead (catches typos such as 2206). */
export const MAX_DAYS_AHEAD = 730;

/** Theme suggestions (free text: the organizer may type any other). Keys of events.themeSuggestion.*. */
export const THEME_SUGGESTIONS = ['tech', 'jobs', 'rural', 'manufacturing', 'micro', 'trade', 'specialized'] as const;

/** "9:30", "09:30", "09:30:00" → "09:30"; null when malformed. */
export function normalizeTime(input: string): string | null {
  const m = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(input.normalize('NFKC').trim());
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return hhmm(minutes);
}

/** A required time of day, normalised to HH:MM. */
const time = z
  .string({ required_error: 'v.required', invalid_type_error: 'v.required' })
  .trim()
  .min(1, 'v.required')
  .transform((s, ctx) => {
    const t = normalizeTime(s);
    if (!t) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'events.v.time' });
      return z.NEVER;
    }
    return t;
  });

const date = z
  .string({ required_error: 'v.required', invalid_type_error: 'v.required' })
  .trim()
  .min(1, 'v.required')
  .refine(isValidDate, 'events.v.date');

const AgendaRow = z.object({
  startsAt: optionalText(8),
  title: optionalText(AGENDA_TITLE_MAX),
  speaker: optionalText(SPEAKER_MAX),
});
type AgendaRowInput = z.infer<typeof AgendaRow>;

export interface AgendaItemValues {
  startsAt: string;
  title: string;
  speaker: string | null;
}

const rowIsEmpty = (r: AgendaRowInput | undefined) => !r || (!r.startsAt && !r.title && !r.speaker);

/** Agenda rows: empty rows are ignored; a filled row needs a time and a title. Sorted by time (stable). */
const agenda = z
  .array(AgendaRow.optional())
  .optional()
  .superRefine((rows, ctx) => {
    const filled = (rows ?? []).filter((r) => !rowIsEmpty(r));
    if (filled.length > AGENDA_MAX) ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg('events.v.agendaMax', { max: AGENDA_MAX }) });
    (rows ?? []).forEach((r, i) => {
      if (rowIsEmpty(r) || !r) return;
      if (!r.startsAt) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'startsAt'], message: 'v.required' });
      else if (!normalizeTime(r.startsAt)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'startsAt'], message: 'events.v.time' });
      if (!r.title) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'title'], message: 'v.required' });
    });
  })
  .transform((rows) =>
    (rows ?? [])
      .filter((r): r is AgendaRowInput => !rowIsEmpty(r))
      .map((r): AgendaItemValues => ({ startsAt: normalizeTime(r.startsAt ?? '') ?? '', title: r.title ?? '', speaker: r.speaker || null }))
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.startsAt.localeCompare(b.r.startsAt) || a.i - b.i)
      .map(({ r }) => r),
  );

export interface EventFormOptions {
  /** checks a code against the GB/T 2260 list (server); default: six digits */
  isKnownRegion?: (code: string) => boolean;
  /** the organizer's region: the event's region must lie within it */
  scope?: string;
  /** China-local today (tests pass a fixed date) */
  today?: string;
  /** stored values an edit may keep although they are now in the past */
  keep?: { eventDate?: string; registrationDeadline?: string };
}

function addDaysIso(dateStr: string, days: number): string {
  return new Date(Date.parse(`${dateStr}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The organizer's event form (new and edit). */
export function eventFormSchema(opts: EventFormOptions = {}) {
  const known = opts.isKnownRegion ?? ((c: string) => /^\d{6}$/.test(c));
  return z
    .object({
      title: text(TITLE_MAX),
      theme: text(THEME_MAX),
      eventDate: date,
      startTime: time,
      venue: text(VENUE_MAX),
      regionCode: z
        .string({ required_error: 'v.required', invalid_type_error: 'v.required' })
        .trim()
        .min(1, 'v.required')
        .superRefine((c, ctx) => {
          if (!known(c)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'v.region' });
          else if (opts.scope && !regionCovers(opts.scope, c)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'v.regionOutOfScope' });
        }),
      capacity: int(1, CAPACITY_MAX),
      // required unless the session is recorded after it took place (then it is the session's date)
      registrationDeadline: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), date.optional()),
      /** fixed bank desks (default) or free tables */
      deskMode: z.preprocess((v) => (v === undefined || v === '' ? 'fixed' : v), choice(DESK_MODES)),
      /** 补录: the session already took place (new sessions only) */
      recordPast: z.preprocess((v) => v === 'on' || v === '1' || v === true, z.boolean()).optional(),
      slotCount: int(1, SLOT_COUNT_MAX),
      slotMinutes: int(SLOT_MINUTES_MIN, SLOT_MINUTES_MAX),
      tableCount: int(1, TABLE_COUNT_MAX),
      firstSlotTime: time,
      description: longText(DESCRIPTION_MAX),
      agenda,
    })
    .superRefine((v, ctx) => {
      // field errors do not stop this refinement (zod runs it on "dirty" values): compare only what parsed
      const today = opts.today ?? todayInChina();
      const keep = opts.keep ?? {};
      const dateOk = typeof v.eventDate === 'string' && isValidDate(v.eventDate);
      if (v.recordPast) {
        // a past session: its date is today or earlier; the deadline is not asked
        if (dateOk && v.eventDate > today)
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['eventDate'], message: 'events.v.pastInFuture' });
      }
      const deadlineOk = !v.recordPast && typeof v.registrationDeadline === 'string' && isValidDate(v.registrationDeadline);
      if (!v.recordPast && v.registrationDeadline === undefined)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['registrationDeadline'], message: 'v.required' });
      if (dateOk && !v.recordPast) {
        if (v.eventDate < today && v.eventDate !== keep.eventDate)
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['eventDate'], message: 'events.v.datePast' });
        else if (v.eventDate > addDaysIso(today, MAX_DAYS_AHEAD))
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['eventDate'], message: msg('events.v.dateTooFar', { days: MAX_DAYS_AHEAD }) });
      }
      if (deadlineOk) {
        if (dateOk && v.registrationDeadline! > v.eventDate) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['registrationDeadline'], message: 'events.v.deadlineAfterDate' });
        } else if (v.registrationDeadline! < today && v.registrationDeadline !== keep.registrationDeadline) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['registrationDeadline'], message: 'events.v.deadlinePast' });
        }
      }
      const start = typeof v.startTime === 'string' ? minutesOf(v.startTime) : NaN;
      const first = typeof v.firstSlotTime === 'string' ? minutesOf(v.firstSlotTime) : NaN;
      if (!Number.isNaN(start) && !Number.isNaN(first) && first < start) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['firstSlotTime'], message: 'events.v.slotsBeforeStart' });
      }
      const gridOk =
        !Number.isNaN(first) &&
        Number.isInteger(v.slotCount) &&
        v.slotCount >= 1 &&
        Number.isInteger(v.slotMinutes) &&
        v.slotMinutes >= SLOT_MINUTES_MIN &&
        v.slotMinutes <= SLOT_MINUTES_MAX;
      if (gridOk && gridEndMinutes(v) > 24 * 60) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['slotCount'],
          message: msg('events.v.gridTooLong', { start: v.firstSlotTime, max: Math.floor((24 * 60 - first) / v.slotMinutes) }),
        });
      }
    })
    .transform(({ recordPast, registrationDeadline, ...v }) => ({
      ...v,
      recordPast: recordPast === true,
      registrationDeadline: recordPast ? v.eventDate : (registrationDeadline ?? v.eventDate),
    }));
}

type EventFormOutput = z.output<ReturnType<typeof eventFormSchema>>;
/** What the session functions take; desk mode defaults to fixed, recordPast to false. */
export type EventFormValues = Omit<EventFormOutput, 'recordPast' | 'deskMode'> & {
  recordPast?: boolean;
  deskMode?: (typeof DESK_MODES)[number];
};

/** The edit form carries the version it was based on. */
export function eventEditSchema(opts: EventFormOptions = {}) {
  return eventFormSchema(opts).and(z.object({ intent: z.literal('save'), version: int(1, Number.MAX_SAFE_INTEGER) }));
}

export const StatusChangeSchema = z.object({
  intent: z.literal('status'),
  to: choice(EVENT_STATUSES),
  version: int(1, Number.MAX_SAFE_INTEGER),
});

/** A representative of an attending organization: name, title, mobile phone. */
export const representativeFields = {
  name: text(REP_NAME_MAX),
  title: text(REP_TITLE_MAX),
  phone: mobile,
};

export const RepresentativeSchema = z.object({ intent: z.literal('addRep'), ...representativeFields });
export type RepresentativeValues = { name: string; title: string; phone: string };

/** The organizer adds a representative for one participant. */
export const OrganizerRepresentativeSchema = z.object({ intent: z.literal('addRep'), participantId: text(40), ...representativeFields });

export const RemoveRepresentativeSchema = z.object({ intent: z.literal('removeRep'), representativeId: text(40) });
/** Take an entry off the waiting list (候补). */
export const RemoveWaitingSchema = z.object({ intent: z.literal('removeWaiting'), entryId: text(40) });

/** Ticked organizations (checkboxes named orgIds). */
export const InviteSchema = z.object({
  intent: z.literal('invite'),
  orgIds: z
    .preprocess(
      (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]),
      z.array(z.string().max(40)),
    )
    .superRefine((ids, ctx) => {
      if (ids.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'events.v.pickOrgs' });
      else if (ids.length > INVITE_MAX)
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg('events.v.inviteMax', { max: INVITE_MAX }) });
    }) as unknown as z.ZodType<string[], z.ZodTypeDef, string[] | undefined>,
});

export const UninviteSchema = z.object({ intent: z.literal('uninvite'), participantId: text(40) });

export const OpenRegistrationSchema = z.object({
  intent: z.literal('openRegistration'),
  open: choice(['0', '1'] as const),
  version: int(1, Number.MAX_SAFE_INTEGER),
});

export const AnswerSchema = z.object({ intent: choice(['accept', 'decline'] as const) });

export const RegisterSchema = z.object({ intent: z.literal('register') });

/** The ids of one side's lead signatories (主签约单位) in order: the form's selects of one name, empty choices dropped. */
const leadIds = z.preprocess(
  (v) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).filter((x) => typeof x === 'string' && x !== ''),
  z.array(text(40)).max(3, 'leads.v.tooMany'),
);
/** The organizer marks the session's lead signatories (decision 036d). */
export const LeadsSchema = z.object({ intent: z.literal('leads'), banks: leadIds, enterprises: leadIds });
