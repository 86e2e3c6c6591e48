/**
 * zod schemas for letters of intent (合作意向书), shared by the forms (server and
 * browser), the bulk import and tests. Messages are i18n keys. Amounts come in
 * as 万元 (`moneyWan`) and leave as integer 元; dates are `YYYY-MM-DD`.
 */
import { z } from 'zod';
import { POLICY_TOOL_CODES } from '~/modules/catalog/codes';
import { codeList } from '~/modules/products/schema';
import { queryText } from '~/utils/query-text';
import { int, moneyWan, optionalText, text } from '~/utils/zod-helpers';
import { AGREEMENT_AMOUNT_MAX, AGREEMENT_STATUSES, isValidDate, type AgreementStatus } from './lifecycle';

export const DOCUMENT_NO_MAX = 40;
export const SIGNATORY_MAX = 30;
export const REASON_MAX = 200;
export const TERM_MIN = 1;
export const TERM_MAX = 360;
export const LATE_DAYS_MIN = 1;
export const LATE_DAYS_MAX = 365;
export const DEFAULT_LATE_DAYS = 30;

const ID = /^[a-z0-9]{1,40}$/;

/** Amount in 万元, above zero (a failed parse leaves no number: only a parsed zero is "not positive"). */
export function positiveWan(key = 'agreements.v.amountPositive') {
  return moneyWan({ max: AGREEMENT_AMOUNT_MAX }).refine((v) => typeof v !== 'number' || v > 0, key);
}

export const dateField = z
  .string({ required_error: 'v.required', invalid_type_error: 'v.required' })
  .trim()
  .min(1, 'v.required')
  .refine(isValidDate, 'agreements.v.date');

/** An optional id from a select: empty → undefined; anything that is not an id → "choose from the list". */
const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().regex(ID, 'v.choice').optional());

const optionalTerm = z.preprocess((v) => (v === '' || v === null ? undefined : v), int(TERM_MIN, TERM_MAX).optional());

const documentNo = optionalText(DOCUMENT_NO_MAX);
const signatory = optionalText(SIGNATORY_MAX);
const reason = text(REASON_MAX);
const version = int(1, Number.MAX_SAFE_INTEGER);

/** The terms written on the letter. */
const termFields = {
  amount: positiveWan(),
  termMonths: optionalTerm,
  documentNo,
  signedOn: dateField,
  bankSignatory: signatory,
  enterpriseSignatory: signatory,
};

export type RecorderRole = 'bank' | 'enterprise' | 'organizer';

/**
 * A new agreement. A bank names the enterprise, an enterprise the bank, an
 * organizer both; event, need and product are optional.
 */
export function newAgreementSchema(role: RecorderRole) {
  return z
    .object({
      bankId: optionalId,
      enterpriseId: optionalId,
      eventId: optionalId,
      needId: optionalId,
      productId: optionalId,
      /** policy tools (issue 18); none chosen: the product's */
      policies: codeList(POLICY_TOOL_CODES, 'v.choice'),
      ...termFields,
    })
    .superRefine((v, ctx) => {
      if (role !== 'bank' && !v.bankId)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['bankId'], message: 'agreements.v.bankRequired' });
      if (role !== 'enterprise' && !v.enterpriseId)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['enterpriseId'], message: 'agreements.v.enterpriseRequired' });
    });
}
export type NewAgreementForm = z.output<ReturnType<typeof newAgreementSchema>>;

export const EditSchema = z.object({ intent: z.literal('edit'), version, reason, ...termFields });
export const ConfirmSchema = z.object({ intent: z.literal('confirm'), version });
export const DeclineSchema = z.object({ intent: z.literal('decline'), version, reason });
export const ApproveSchema = z.object({
  intent: z.literal('approve'),
  version,
  approvedAmount: positiveWan('agreements.v.approvedPositive'),
  approvedOn: dateField,
  reason: optionalText(REASON_MAX),
});
export const TrancheSchema = z.object({ intent: z.literal('disburse'), version, trancheAmount: positiveWan(), disbursedOn: dateField });
export const TerminateSchema = z.object({ intent: z.literal('terminate'), version, reason });

export const DETAIL_INTENTS = ['confirm', 'decline', 'edit', 'approve', 'disburse', 'terminate'] as const;
export type DetailIntent = (typeof DETAIL_INTENTS)[number];

export function detailSchema(intent: DetailIntent) {
  switch (intent) {
    case 'confirm':
      return ConfirmSchema;
    case 'decline':
      return DeclineSchema;
    case 'edit':
      return EditSchema;
    case 'approve':
      return ApproveSchema;
    case 'disburse':
      return TrancheSchema;
    case 'terminate':
      return TerminateSchema;
  }
}

/** The organizer's threshold: signed but nothing approved after N days. */
export const LateDaysSchema = z.object({
  intent: z.literal('agreementLateDays'),
  lateDays: int(LATE_DAYS_MIN, LATE_DAYS_MAX),
});

/* ---------- the list's query string ---------- */

export interface AgreementFilters {
  status?: AgreementStatus;
  eventId?: string;
  bankId?: string;
  enterpriseId?: string;
  /** YYYY-MM, inclusive, on the signing month */
  from?: string;
  to?: string;
  /** organizers: signed but nothing approved after the region's threshold */
  late?: boolean;
  q?: string;
  /** organizers: a district (county-level code) inside their region, e.g. from a dashboard click */
  district?: string;
  /** list order (decision 030b): by signing date, newest first unless chosen otherwise */
  order?: AgreementOrder;
}

export const AGREEMENT_ORDERS = ['signed-desc', 'signed-asc', 'amount-desc', 'amount-asc'] as const;
export type AgreementOrder = (typeof AGREEMENT_ORDERS)[number];

/** Raw values echoed back into the filter form (and the export links). */
export type AgreementFiltersRaw = Record<
  'status' | 'event' | 'bank' | 'enterprise' | 'from' | 'to' | 'late' | 'q' | 'district' | 'order',
  string
>;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Reads the filters from a URL. A malformed value is dropped (the list stays
 * usable) and reported in `errors` by parameter name, as an i18n key.
 */
export function agreementFiltersFromUrl(url: URL): { filters: AgreementFilters; raw: AgreementFiltersRaw; errors: Record<string, string> } {
  const p = url.searchParams;
  const get = (k: string) => queryText(p, k, 100);
  const raw: AgreementFiltersRaw = {
    status: get('status'),
    event: get('event'),
    bank: get('bank'),
    enterprise: get('enterprise'),
    from: get('from'),
    to: get('to'),
    late: get('late'),
    q: get('q'),
    district: get('district'),
    order: get('order'),
  };
  const filters: AgreementFilters = {};
  const errors: Record<string, string> = {};
  if (raw.status) {
    if ((AGREEMENT_STATUSES as readonly string[]).includes(raw.status)) filters.status = raw.status as AgreementStatus;
    else errors.status = 'v.choice';
  }
  for (const [key, prop] of [
    ['event', 'eventId'],
    ['bank', 'bankId'],
    ['enterprise', 'enterpriseId'],
  ] as const) {
    if (!raw[key]) continue;
    if (ID.test(raw[key])) filters[prop] = raw[key];
    else errors[key] = 'v.choice';
  }
  for (const key of ['from', 'to'] as const) {
    if (!raw[key]) continue;
    if (MONTH.test(raw[key])) filters[key] = raw[key];
    else errors[key] = 'agreements.v.month';
  }
  if (filters.from && filters.to && filters.from > filters.to) errors.to = 'agreements.v.monthOrder';
  if (raw.late === '1') filters.late = true;
  if (raw.q) filters.q = raw.q;
  if (raw.district) {
    if (/^\d{6}$/.test(raw.district)) filters.district = raw.district;
    else errors.district = 'v.choice';
  }
  if (raw.order) {
    if ((AGREEMENT_ORDERS as readonly string[]).includes(raw.order)) filters.order = raw.order as AgreementOrder;
    else errors.order = 'v.choice';
  }
  return { filters, raw, errors };
}

/** The query string of the filters as given (for export links and pagination). */
export function filtersQuery(raw: Partial<AgreementFiltersRaw>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}
