/**
 * zod schemas for financing and hiring needs, shared by the forms (server and
 * browser) and tests. Messages are i18n keys. Amounts come in as 万元 and leave
 * as integer 元; rates come in as percent and leave as basis points.
 */
import { z } from 'zod';
import { GUARANTEE_CODES, NEED_PURPOSE_CODES, NEED_STATUSES, type GuaranteeType, type NeedPurpose } from '~/modules/catalog/codes';
import { INDUSTRY_CODES, SIZE_CODES } from '~/modules/organizations/reference';
import { msg } from '~/i18n/translate';
import { choice, int, longText, moneyWan, optionalText, rateBp, text } from '~/utils/zod-helpers';
import { parseMoney } from '~/utils/money';
import { isValidDate, todayInChina } from '~/modules/calendar/working-days';

export const TITLE_MAX = 100;
export const DESCRIPTION_MAX = 2000;
export const REASON_MAX = 200;
export const ATTACHMENTS_MAX = 10;
export const ATTACHMENT_NAME_MAX = 120;
export const TERM_MIN = 1;
export const TERM_MAX = 360;
/** Rows offered by the hiring form (works without JavaScript: empty rows are ignored). */
export const POSITION_ROWS = 5;
export const HEADCOUNT_MAX = 10_000;
/** Monthly wage ceiling, 元. */
export const WAGE_MAX = 1_000_000;

/** China's date and date checks come from the calendar module (one rule); re-exported for the schemas' users. */
export { isValidDate, todayInChina };

/**
 * Optional wanted-by date, not in the past. `keep` is the value already stored:
 * an edit that leaves an old date untouched is not refused for it.
 */
function wantedBy(keep?: string | null) {
  return z
    .string()
    .trim()
    .optional()
    .superRefine((s, ctx) => {
      if (!s) return;
      if (!isValidDate(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'needs.v.date' });
      else if (s < todayInChina() && s !== keep) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'needs.v.datePast' });
    });
}

// eslint-disable-next-line no-control-regex
const BAD_NAME = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069/\\<>:"|?*]/;

/** Attachment names, one per line (names only: files are handed over at the meeting). */
const attachments = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  )
  .superRefine((names, ctx) => {
    if (names.length > ATTACHMENTS_MAX)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg('needs.v.attachmentsMax', { max: ATTACHMENTS_MAX }) });
    for (const n of names) {
      if (n.length > ATTACHMENT_NAME_MAX) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg('needs.v.attachmentTooLong', { max: ATTACHMENT_NAME_MAX }) });
        return;
      }
      if (BAD_NAME.test(n)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'needs.v.attachmentName' });
        return;
      }
    }
  });

// (a failed parse leaves no number behind: only a parsed zero is "not positive")
const amount = moneyWan().refine((v) => typeof v !== 'number' || v > 0, 'needs.v.amountPositive');

function financingFields(keepWantedBy?: string | null) {
  return {
    title: text(TITLE_MAX),
    amount,
    term_months: int(TERM_MIN, TERM_MAX),
    purpose: choice(NEED_PURPOSE_CODES),
    guarantees: z.array(choice(GUARANTEE_CODES), { invalid_type_error: 'v.choice' }).min(1, 'needs.v.guaranteeRequired'),
    /** percent, e.g. "4.35"; empty = no ceiling */
    max_rate: rateBp.optional(),
    wanted_by: wantedBy(keepWantedBy),
    description: longText(DESCRIPTION_MAX),
    attachments,
  };
}

/** New financing need (保存草稿 / 发布). */
export const FinancingNeedSchema = z.object({
  ...financingFields(),
  intent: z.enum(['draft', 'publish']).default('draft'),
});
export type FinancingNeedForm = z.infer<typeof FinancingNeedSchema>;

/** The editable values of a financing need, as stored (after parsing). */
export interface FinancingValues {
  title: string;
  amount: number;
  term_months: number;
  purpose: NeedPurpose;
  guarantees: GuaranteeType[];
  max_rate?: number;
  wanted_by?: string;
  description?: string;
  attachments: string[];
}

const version = int(1, Number.MAX_SAFE_INTEGER);

/** Edit of an existing financing need; `reason` is required once published (checked by the module). */
export function financingEditSchema(keepWantedBy?: string | null) {
  return z.object({
    ...financingFields(keepWantedBy),
    intent: z.literal('save'),
    version,
    reason: optionalText(REASON_MAX),
  });
}

/* ---------- hiring ---------- */

const PositionRow = z.object({
  title: optionalText(50),
  headcount: int(1, HEADCOUNT_MAX).optional(),
  wage_min: int(0, WAGE_MAX).optional(),
  wage_max: int(0, WAGE_MAX).optional(),
  skills: optionalText(200),
});
type PositionRowInput = z.infer<typeof PositionRow>;

export interface PositionValues {
  title: string;
  headcount: number;
  wage_min: number;
  wage_max: number;
  skills?: string;
}

function rowIsEmpty(r: PositionRowInput | undefined): boolean {
  return !r || (!r.title && r.headcount === undefined && r.wage_min === undefined && r.wage_max === undefined && !r.skills);
}

const positions = z
  .array(PositionRow.optional())
  .max(POSITION_ROWS, msg('needs.v.positionsMax', { max: POSITION_ROWS }))
  .superRefine((rows, ctx) => {
    let filled = 0;
    rows.forEach((r, i) => {
      if (rowIsEmpty(r) || !r) return;
      filled++;
      if (!r.title) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'title'], message: 'v.required' });
      if (r.headcount === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'headcount'], message: 'v.required' });
      if (r.wage_min === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'wage_min'], message: 'v.required' });
      if (r.wage_max === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'wage_max'], message: 'v.required' });
      if (r.wage_min !== undefined && r.wage_max !== undefined && r.wage_min > r.wage_max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'wage_max'], message: 'needs.v.wageRange' });
      }
    });
    if (filled === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'needs.v.positionsRequired' });
  })
  .transform((rows) =>
    rows
      .filter((r): r is PositionRowInput => !rowIsEmpty(r))
      .map(
        (r): PositionValues => ({
          title: r.title!,
          headcount: r.headcount!,
          wage_min: r.wage_min!,
          wage_max: r.wage_max!,
          skills: r.skills,
        }),
      ),
  );

function hiringFields(keepWantedBy?: string | null) {
  return {
    title: text(TITLE_MAX),
    description: longText(DESCRIPTION_MAX),
    wanted_by: wantedBy(keepWantedBy),
    /** checkbox: "on" = the enterprise wants training support */
    training_support: z.boolean({ invalid_type_error: 'v.choice' }).optional(),
    positions,
  };
}

export const HiringNeedSchema = z.object({
  ...hiringFields(),
  intent: z.enum(['draft', 'publish']).default('draft'),
});
export type HiringNeedForm = z.infer<typeof HiringNeedSchema>;

export interface HiringValues {
  title: string;
  description?: string;
  wanted_by?: string;
  training_support?: boolean;
  positions: PositionValues[];
}

export function hiringEditSchema(keepWantedBy?: string | null) {
  return z.object({
    ...hiringFields(keepWantedBy),
    intent: z.literal('save'),
    version,
    reason: optionalText(REASON_MAX),
  });
}

/* ---------- status changes ---------- */

export const StatusChangeSchema = z.object({
  intent: z.enum(['publish', 'close', 'withdraw']),
  version,
  reason: optionalText(REASON_MAX),
});

/* ---------- directory and list filters (query strings: bad values are ignored, never an error) ---------- */

export const DIRECTORY_SORTS = ['newest', 'amount', 'wanted_by'] as const;
export type DirectorySort = (typeof DIRECTORY_SORTS)[number];

export interface DirectoryFilters {
  kind: 'financing' | 'hiring';
  amountMin?: number;
  amountMax?: number;
  termMin?: number;
  termMax?: number;
  guarantee?: GuaranteeType;
  industry?: string;
  region?: string;
  purpose?: NeedPurpose;
  size?: string;
  q?: string;
  sort: DirectorySort;
  page: number;
  /** keyset cursors of the URL (app/utils/keyset.server.ts), checked where they are read */
  after?: string;
  before?: string;
}

function pick<T extends string>(list: readonly T[], v: string | null): T | undefined {
  return v && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** An amount filter in 万元 (or with its own unit), read by the one money parser; malformed → undefined. */
function wanParam(v: string | null): number | undefined {
  if (!v) return undefined;
  const r = parseMoney(v, '万元');
  return r.ok ? r.yuan : undefined;
}

function intParam(v: string | null, min: number, max: number): number | undefined {
  if (!v || !/^\d{1,6}$/.test(v.trim())) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}

/** Reads directory filters from a URL; unknown or malformed values are dropped. */
export function directoryFiltersFromUrl(url: URL): DirectoryFilters {
  const p = url.searchParams;
  const rawPage = p.get('page') ?? '1';
  const page = /^\d{1,6}$/.test(rawPage) && Number(rawPage) >= 1 ? Number(rawPage) : 1;
  const q = (p.get('q') ?? '').normalize('NFKC').trim().slice(0, 50);
  const region = p.get('region') ?? '';
  return {
    kind: p.get('kind') === 'hiring' ? 'hiring' : 'financing',
    amountMin: wanParam(p.get('amount_min')),
    amountMax: wanParam(p.get('amount_max')),
    termMin: intParam(p.get('term_min'), TERM_MIN, TERM_MAX),
    termMax: intParam(p.get('term_max'), TERM_MIN, TERM_MAX),
    guarantee: pick(GUARANTEE_CODES, p.get('guarantee')),
    industry: pick(INDUSTRY_CODES, p.get('industry')),
    region: /^\d{6}$/.test(region) ? region : undefined,
    purpose: pick(NEED_PURPOSE_CODES, p.get('purpose')),
    size: pick(SIZE_CODES, p.get('size')),
    q: q || undefined,
    sort: pick(DIRECTORY_SORTS, p.get('sort')) ?? 'newest',
    page,
    ...(p.get('after') ? { after: p.get('after')!.slice(0, 500) } : {}),
    ...(p.get('before') ? { before: p.get('before')!.slice(0, 500) } : {}),
  };
}

export function statusFilterFromUrl(url: URL) {
  return pick(NEED_STATUSES, url.searchParams.get('status'));
}

/* ---------- the forms of each kind ---------- */

/** The form schemas of each kind of need: new (draft or publish) and edit. */
export const NEED_FORMS = {
  financing: { create: FinancingNeedSchema, edit: financingEditSchema },
  hiring: { create: HiringNeedSchema, edit: hiringEditSchema },
} as const;
