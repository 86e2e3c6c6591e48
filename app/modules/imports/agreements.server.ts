/**
 * Letters of intent (合作意向书) import: signings recorded by the organizer.
 * Key: the document number (意向书编号), required here.
 *
 * The enterprise must be a verified enterprise of the organizer's region and
 * the bank a verified bank serving it (the rule of the "record an agreement"
 * form), both from the database or from earlier sheets of the same workbook.
 * A new letter is written through the agreements module's `insertAgreement`
 * (signed at once, audit entry `created`, reports hook); an existing letter of
 * the same parties whose terms differ is corrected through its `edit` step (`stepAgreement`)
 * (audit entry `edited`, the file name as reason, reports hook). The product,
 * when named, is the bank's product of that name; it is set on creation only.
 * The event (对接会), when named, is an event of the organizer's region that
 * is not a draft, named by its id (对接会编号, shown on the event's page), its
 * exact title, or "date title" as the agreement form lists it. It ties a new
 * letter to the event; an existing letter's event is never changed by a
 * file (a different one is a row error, a blank cell keeps it).
 */
import { breathe } from '~/utils/breathe';
import { insertAgreement, stepAgreement, type AgreementActor, type Recorder } from '~/modules/agreements/agreements.server';
import { planStep, type AgreementRow, type EditValues } from '~/modules/agreements/lifecycle';
import { AGREEMENT_AMOUNT_MAX } from '~/modules/agreements/lifecycle';
import { DOCUMENT_NO_MAX, SIGNATORY_MAX } from '~/modules/agreements/schema';
import type { PolicyTool } from '~/modules/catalog/codes';
import { withCheckChar } from '~/modules/organizations/credit-code';
import { regionCovers, regionPrefix } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { isAppError } from '~/utils/errors';
import {
  type Field,
  type RowSchema,
  chunks,
  choiceListField,
  creditCodeField,
  dateField,
  intField,
  LOOKUP_CHUNK,
  moneyField,
  ok,
  optText,
  reqText,
  rowSchema,
} from './columns';
import { orgsByCreditCode } from './enterprises.server';
import { policyLookup, productKey, productsByBank, resolveOrg } from './products.server';
import { loadMarks, markOf, reviewExisting, writeMarks, type MarkWrite } from './marks.server';
import { showMoney } from './review';
import {
  overrideId,
  type ColumnDef,
  type ImportActor,
  type KindHandler,
  type KindPlan,
  type KnownOrg,
  type PlanContext,
  type PlannedRow,
  type RowError,
  type ValidRow,
} from './types';

const col = (key: string, required: boolean, example: string, aliases?: readonly string[]): ColumnDef => ({
  key,
  labelKey: `imports.col.agreement.${key}`,
  noteKey: `imports.note.agreement.${key}`,
  required,
  example,
  ...(aliases ? { aliases } : {}),
});

export const AGREEMENT_COLUMNS: readonly ColumnDef[] = [
  col('documentNo', true, '示例-PDS-2026-001'),
  col('bankCreditCode', true, withCheckChar('91410481MA9H2LWN4')),
  col('enterpriseCreditCode', true, withCheckChar('91410481MA9G7XKQ1')),
  col('amount', true, '300'),
  col('signedOn', true, '2026-03-18'),
  col('termMonths', false, '12'),
  col('bankSignatory', false, '王芳'),
  col('enterpriseSignatory', false, '张伟'),
  col('productName', false, '示例：科创信用贷'),
  col('policies', false, '首贷、贴息'),
  col('event', false, '示例：平顶山市政银企对接会', ['对接会编号', '对接会名称', 'eventId', 'event_id', 'event', 'sessionId']),
];

/** Longest event cell: "YYYY-MM-DD " + a title of at most 100 characters. */
const EVENT_CELL_MAX = 120;

/** An import error found only while writing (the commit re-checks everything): rolls the transaction back. */
export class ImportRowAbort extends Error {
  constructor(readonly errors: RowError[]) {
    super('import aborted by a row error');
    this.name = 'ImportRowAbort';
  }
}

const documentNoField: Field<string> = (() => {
  const text = reqText(DOCUMENT_NO_MAX);
  return (raw) => {
    const r = text(raw.normalize('NFKC'));
    return r.ok ? ok(r.value) : r;
  };
})();

export function agreementRowSchema(_actor: ImportActor, today: string) {
  return rowSchema({
    documentNo: documentNoField,
    bankCreditCode: creditCodeField,
    enterpriseCreditCode: creditCodeField,
    amount: moneyField({ min: 1, max: AGREEMENT_AMOUNT_MAX }),
    signedOn: dateField({ notAfter: today }),
    termMonths: intField(1, 360, { optional: true }),
    bankSignatory: optText(SIGNATORY_MAX),
    enterpriseSignatory: optText(SIGNATORY_MAX),
    productName: optText(60),
    policies: choiceListField(policyLookup),
    event: optText(EVENT_CELL_MAX),
  });
}

export type AgreementImportRow = ReturnType<typeof agreementRowSchema> extends RowSchema<infer T> ? T : never;

function editValues(v: AgreementImportRow): EditValues {
  return {
    amount: v.amount,
    term_months: v.termMonths,
    document_no: v.documentNo,
    signed_on: v.signedOn,
    bank_signatory: v.bankSignatory ?? '',
    enterprise_signatory: v.enterpriseSignatory ?? '',
  };
}

/** The columns of a letter an import manages (document_no is its key). */
export const AGREEMENT_MARK_COLUMNS = ['amount', 'term_months', 'signed_on', 'bank_signatory', 'enterprise_signatory'] as const;
const AGREEMENT_LABELS: Record<string, string> = {
  amount: 'imports.col.agreement.amount',
  term_months: 'imports.col.agreement.termMonths',
  signed_on: 'imports.col.agreement.signedOn',
  bank_signatory: 'imports.col.agreement.bankSignatory',
  enterprise_signatory: 'imports.col.agreement.enterpriseSignatory',
};

/** The stored terms a correction changes, as { column: new value }. */
function changedTerms(row: AgreementRow, e: EditValues): Record<string, string | number | null> {
  const next: Record<(typeof AGREEMENT_MARK_COLUMNS)[number], string | number | null> = {
    amount: e.amount,
    term_months: e.term_months ?? null,
    signed_on: e.signed_on,
    bank_signatory: e.bank_signatory,
    enterprise_signatory: e.enterprise_signatory,
  };
  const set: Record<string, string | number | null> = {};
  for (const c of AGREEMENT_MARK_COLUMNS) {
    const before = c === 'bank_signatory' || c === 'enterprise_signatory' ? (row[c] ?? '') : (row[c] ?? null);
    if (before !== next[c]) set[c] = next[c];
  }
  return set;
}

function sameTerms(row: AgreementRow, e: EditValues): boolean {
  return (
    row.amount === e.amount &&
    (row.term_months ?? null) === e.term_months &&
    row.signed_on === e.signed_on &&
    (row.bank_signatory ?? '') === e.bank_signatory &&
    (row.enterprise_signatory ?? '') === e.enterprise_signatory
  );
}

async function agreementsByDocumentNo(db: DB, numbers: string[]): Promise<Map<string, AgreementRow>> {
  const out = new Map<string, AgreementRow>();
  for (const part of chunks([...new Set(numbers)], LOOKUP_CHUNK)) {
    for (const r of await db.selectFrom('agreements').selectAll().where('document_no', 'in', part).execute()) out.set(r.document_no!, r);
  }
  return out;
}

async function servedRegions(db: DB, banks: KnownOrg[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const ask = banks.filter((b) => !b.regions).map((b) => b.id);
  for (const part of chunks([...new Set(ask)], LOOKUP_CHUNK)) {
    for (const r of await db
      .selectFrom('bank_regions')
      .select(['organization_id', 'region_code'])
      .where('organization_id', 'in', part)
      .execute()) {
      const list = out.get(r.organization_id) ?? [];
      list.push(r.region_code);
      out.set(r.organization_id, list);
    }
  }
  for (const b of banks) {
    const list = b.regions ?? out.get(b.id);
    out.set(b.id, list && list.length ? list : [b.regionCode]);
  }
  return out;
}

const COL = (k: string) => `imports.col.agreement.${k}`;

/** An event cell: the event's id, or the row error (an i18n key). */
export type EventRef = { id: string } | { error: string };

interface EventCandidate {
  id: string;
  title: string;
  event_date: string;
  status: string;
  region_code: string;
}

const DATED_TITLE = /^(\d{4}-\d{2}-\d{2})\s+(.+)$/;

/**
 * What each event cell names, for an organizer of `region`: an event of that
 * region that is not a draft, by id, exact title or "YYYY-MM-DD title". Another
 * region's event is "not found" (as on every page); a title shared by several
 * live events must be written with its date or as the id.
 */
export async function resolveEvents(db: DB, values: string[], region: string): Promise<Map<string, EventRef>> {
  const cells = [...new Set(values)];
  const out = new Map<string, EventRef>();
  if (cells.length === 0) return out;
  const titles = new Set<string>();
  for (const v of cells) {
    titles.add(v);
    const m = DATED_TITLE.exec(v);
    if (m) titles.add(m[2].trim());
  }
  const columns = ['id', 'title', 'event_date', 'status', 'region_code'] as const;
  const byId = new Map<string, EventCandidate>();
  for (const part of chunks(cells, LOOKUP_CHUNK)) {
    for (const e of await db
      .selectFrom('events')
      .select([...columns])
      .where('id', 'in', part)
      .execute())
      byId.set(e.id, e);
  }
  const byTitle = new Map<string, EventCandidate[]>();
  for (const part of chunks([...titles], LOOKUP_CHUNK)) {
    const rows = await db
      .selectFrom('events')
      .select([...columns])
      .where('region_code', 'like', `${regionPrefix(region)}%`)
      .where('title', 'in', part)
      .execute();
    for (const e of rows) byTitle.set(e.title, [...(byTitle.get(e.title) ?? []), e]);
  }
  const pick = (found: EventCandidate[]): EventRef => {
    const live = found.filter((e) => regionCovers(region, e.region_code) && e.status !== 'draft');
    if (live.length === 1) return { id: live[0].id };
    if (live.length > 1) return { error: 'imports.e.eventAmbiguous' };
    return {
      error: found.some((e) => regionCovers(region, e.region_code)) ? 'imports.e.eventDraft' : 'imports.e.eventNotFound',
    };
  };
  for (const v of cells) {
    const ev = byId.get(v);
    if (ev) {
      out.set(v, pick([ev]));
      continue;
    }
    const same = byTitle.get(v) ?? [];
    if (same.length) {
      out.set(v, pick(same));
      continue;
    }
    const m = DATED_TITLE.exec(v);
    const dated = m ? (byTitle.get(m[2].trim()) ?? []).filter((e) => e.event_date === m[1]) : [];
    out.set(v, dated.length ? pick(dated) : { error: 'imports.e.eventNotFound' });
  }
  return out;
}

export async function planAgreements(db: DB, rows: ValidRow<AgreementImportRow>[], ctx: PlanContext): Promise<KindPlan> {
  const codes = rows.flatMap((r) => [r.value.bankCreditCode, r.value.enterpriseCreditCode]).filter((c) => !ctx.fileOrgs.has(c));
  const orgs = await orgsByCreditCode(db, codes);
  const events = await resolveEvents(
    db,
    rows.flatMap((r) => (r.value.event ? [r.value.event] : [])),
    ctx.actor.regionCode,
  );
  const errors: RowError[] = [];
  const resolved: { row: number; v: AgreementImportRow; bank: KnownOrg; enterprise: KnownOrg; eventId: string | null }[] = [];
  for (const { row, value: v } of rows) {
    await breathe(); // a 100,000-row file: let other requests in (issue 13, point 7)
    const bank = resolveOrg(v.bankCreditCode, 'bank', ctx, orgs, { inRegion: false });
    const enterprise = resolveOrg(v.enterpriseCreditCode, 'enterprise', ctx, orgs, { inRegion: true });
    const event: EventRef | null = v.event ? (events.get(v.event) ?? { error: 'imports.e.eventNotFound' }) : null;
    if ('error' in bank) errors.push({ sheet: null, row, column: COL('bankCreditCode'), message: bank.error });
    if ('error' in enterprise) errors.push({ sheet: null, row, column: COL('enterpriseCreditCode'), message: enterprise.error });
    if (event && 'error' in event) errors.push({ sheet: null, row, column: COL('event'), message: event.error });
    if ('org' in bank && 'org' in enterprise && (!event || 'id' in event))
      resolved.push({ row, v, bank: bank.org, enterprise: enterprise.org, eventId: event && 'id' in event ? event.id : null });
  }
  const served = await servedRegions(
    db,
    resolved.map((r) => r.bank),
  );
  const dbProducts = await productsByBank(
    db,
    resolved.filter((r) => r.v.productName).map((r) => r.bank.id),
  );
  const existing = await agreementsByDocumentNo(
    db,
    resolved.map((r) => r.v.documentNo),
  );
  const marks = await loadMarks(
    db,
    'agreement',
    [...existing.values()].map((a) => a.id),
  );
  const markWrites: MarkWrite[] = [];

  const planned: PlannedRow[] = [];
  const creates: { row: number; recorder: Recorder; input: Parameters<typeof insertAgreement>[2] }[] = [];
  const edits: { row: number; id: string; version: number; values: EditValues }[] = [];
  const organizer: AgreementActor = {
    kind: 'organizer',
    userId: ctx.actor.id,
    regionCode: ctx.actor.regionCode,
    orgId: ctx.actor.organizationId,
  };
  const recorder: Recorder = {
    userId: ctx.actor.id,
    side: 'organizer',
    orgId: ctx.actor.organizationId ?? `region:${ctx.actor.regionCode}`,
  };
  for (const { row, v, bank, enterprise, eventId } of resolved) {
    const label = `${bank.name} — ${enterprise.name}`;
    if (!(served.get(bank.id) ?? []).some((r) => regionCovers(r, enterprise.regionCode))) {
      errors.push({ sheet: null, row, column: COL('bankCreditCode'), message: 'imports.e.bankNotServing' });
      continue;
    }
    const values = editValues(v);
    const cur = existing.get(v.documentNo);
    if (cur) {
      if (!regionCovers(ctx.actor.regionCode, cur.region_code)) {
        errors.push({ sheet: null, row, column: COL('documentNo'), message: 'imports.e.documentNoTaken' });
        continue;
      }
      if (cur.bank_org_id !== bank.id || cur.enterprise_org_id !== enterprise.id) {
        errors.push({ sheet: null, row, column: COL('documentNo'), message: 'imports.e.documentNoOtherParties' });
        continue;
      }
      if (cur.status === 'proposed' || cur.status === 'declined') {
        errors.push({ sheet: null, row, column: COL('documentNo'), message: 'imports.e.agreementNotSigned' });
        continue;
      }
      if (eventId && cur.event_id !== eventId) {
        errors.push({
          sheet: null,
          row,
          column: COL('event'),
          message: cur.event_id ? 'imports.e.eventOfOtherRegion' : 'imports.e.eventNotLinked',
        });
        continue;
      }
      const set = changedTerms(cur, values);
      // unchanged, or corrected on the platform since the last import and left alone: done
      const update = reviewExisting({
        base: { row, key: v.documentNo, label, amount: v.amount },
        unchanged: sameTerms(cur, values),
        changed: set,
        current: cur,
        recordId: cur.id,
        stored: markOf(cur, AGREEMENT_MARK_COLUMNS),
        mark: marks.get(cur.id),
        overrideId: overrideId('agreements', row),
        override: ctx.override,
        labels: AGREEMENT_LABELS,
        show: { amount: showMoney },
        planned,
        markWrites,
      });
      if (!update) continue;
      // the agreements module's own rules for a correction (final states, dates before approval…)
      const check = planStep(cur, 'organizer', { kind: 'edit', values, reason: 'import' }, cur.version, {
        userId: ctx.actor.id,
        now: ctx.now,
        today: ctx.today,
        firstDisbursedOn: null,
      });
      if (!check.ok) {
        errors.push({
          sheet: null,
          row,
          column: check.field === 'signedOn' ? COL('signedOn') : check.field === 'amount' ? COL('amount') : COL('documentNo'),
          message: check.error,
        });
        continue;
      }
      edits.push({ row, id: cur.id, version: cur.version, values });
      markWrites.push({ id: cur.id, fields: markOf({ ...cur, ...set }, AGREEMENT_MARK_COLUMNS) });
      planned.push(update);
      continue;
    }
    let productId: string | null = null;
    if (v.productName) {
      const k = productKey(bank.id, v.productName);
      const fromFile = ctx.fileProducts.get(k);
      const fromDb = dbProducts.get(k);
      if (fromFile && fromFile.status !== 'draft') productId = fromFile.id;
      else if (!fromFile && fromDb && fromDb !== 'ambiguous' && fromDb.status !== 'draft') productId = fromDb.id;
      else {
        errors.push({
          sheet: null,
          row,
          column: COL('productName'),
          message: fromDb === 'ambiguous' ? 'imports.e.productAmbiguous' : 'imports.e.productNotFound',
        });
        continue;
      }
    }
    creates.push({
      row,
      recorder,
      input: {
        bankId: bank.id,
        enterpriseId: enterprise.id,
        eventId,
        productId,
        policies: v.policies as PolicyTool[],
        amount: v.amount,
        termMonths: v.termMonths,
        documentNo: v.documentNo,
        signedOn: v.signedOn,
        bankSignatory: v.bankSignatory ?? '',
        enterpriseSignatory: v.enterpriseSignatory ?? '',
      },
    });
    planned.push({ row, action: 'create', key: v.documentNo, label, amount: v.amount });
  }
  const reason = `批量导入${ctx.fileName ? `：${ctx.fileName}` : ''}`.slice(0, 200);
  return {
    rows: planned,
    errors,
    apply: async (trx) => {
      const abort: RowError[] = [];
      // a refused row (AppError, nothing written) is recorded and the rest still checked; anything else is thrown on
      const refusal = (row: number, e: unknown) => {
        if (!isAppError(e)) throw e;
        abort.push({ sheet: null, row, column: null, message: e.messageKey });
      };
      for (const c of creates) {
        try {
          const agreement = await insertAgreement(trx, c.recorder, c.input, { at: ctx.now, reason });
          markWrites.push({ id: agreement.id, fields: markOf(agreement, AGREEMENT_MARK_COLUMNS) });
        } catch (e) {
          refusal(c.row, e);
        }
      }
      for (const e of edits) {
        try {
          await stepAgreement(trx, organizer, e.id, { kind: 'edit', values: e.values, reason }, e.version, { at: ctx.now });
        } catch (err) {
          refusal(e.row, err);
        }
      }
      if (abort.length) throw new ImportRowAbort(abort);
      await writeMarks(trx, 'agreement', markWrites, { fileName: ctx.fileName, userId: ctx.actor.id, at: ctx.now });
    },
  };
}

export const agreementsHandler: KindHandler<AgreementImportRow> = {
  kind: 'agreements',
  columns: AGREEMENT_COLUMNS,
  sheetNames: ['合作意向书', '意向书', '签约', 'agreements'],
  sheetLabelKey: 'imports.kind.agreements',
  rowSchema: (actor, today) => agreementRowSchema(actor, today),
  key: (v) => v.documentNo,
  keyColumn: 'documentNo',
  plan: planAgreements,
};
