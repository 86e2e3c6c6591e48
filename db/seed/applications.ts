/**
 * Demo applications from a match (一键申请) in every stage the enterprise
 * follows — 已提交 → 已受理 → 审批中 → 已授信 → 已放款 — and off the track
 * (需补充材料, 已拒绝). Every one is written through the applications and
 * agreements modules (apply → bank answer → the letter of intent an approval
 * became: confirm → 授信 → 放款), backdated to the days the steps "happened", so
 * the response clock, the audit trail and the report rollups see real use.
 *
 * For the demo accounts: the demo enterprise has one application in each stage;
 * the demo bank has new, overdue, accepted and 补充材料 applications to handle,
 * an approved one waiting for its 授信 and one for its 放款; other banks have
 * overdue applications the organizer's tracking lists. Runs after the
 * agreements seed (its own letters of intent come after the seeded ones).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { addTranche, approveCredit, confirmAgreement, type AgreementRow } from '../../app/modules/agreements/agreements.server';
import { answerApplication, applyForProduct } from '../../app/modules/applications/applications.server';
import type { BankStep } from '../../app/modules/applications/rules';
import { chinaDate } from '../../app/modules/calendar/working-days';
import { isAppError } from '../../app/utils/errors';
import { demoId } from './organizations';

const WAN = 10_000;
const DAY_MS = 86_400_000;

interface Spec {
  ent: number;
  need: number;
  /** demoprodBBNNNNNN: bank and product number */
  bank: number;
  product: number;
  /** days ago */
  applied: number;
  message?: string;
  /** the bank's answers: step, days after applying, reason or approved 万元 */
  answers?: [BankStep, number, (string | number)?][];
  /** the letter of intent of an approval: confirmed by the enterprise, 授信 (万元, days), tranches (万元, days) — days after applying */
  confirm?: number;
  credit?: [number, number];
  tranches?: [number, number][];
}

const SPECS: Spec[] = [
  // the demo enterprise: one application in each stage
  { ent: 1, need: 2, bank: 1, product: 1, applied: 1, message: '按季度纳税记录良好，申请信用额度用于棉纱采购。' },
  { ent: 1, need: 1, bank: 3, product: 2, applied: 6, answers: [['accept', 1]] },
  {
    ent: 1,
    need: 2,
    bank: 4,
    product: 1,
    applied: 8,
    answers: [['more_info', 2, '请补充近两年财务报表和主要购销合同。']],
  },
  {
    ent: 1,
    need: 1,
    bank: 1,
    product: 2,
    applied: 20,
    answers: [
      ['accept', 1],
      ['approve', 5, 500],
    ],
    confirm: 6,
  },
  {
    ent: 1,
    need: 1,
    bank: 2,
    product: 3,
    applied: 40,
    answers: [
      ['accept', 1],
      ['approve', 4, 600],
    ],
    confirm: 5,
    credit: [600, 37],
  },
  {
    ent: 1,
    need: 2,
    bank: 5,
    product: 1,
    applied: 60,
    answers: [
      ['accept', 1],
      ['approve', 3, 300],
    ],
    confirm: 4,
    credit: [300, 10],
    tranches: [[300, 58]],
  },
  { ent: 1, need: 2, bank: 6, product: 2, applied: 15, answers: [['decline', 2, '贵司所属行业不在该产品的支持范围内。']] },
  // the demo bank's list: new, overdue, accepted, 补充材料, answered late, waiting for 授信 / 放款
  { ent: 3, need: 6, bank: 1, product: 1, applied: 12 },
  { ent: 5, need: 9, bank: 1, product: 2, applied: 10 },
  { ent: 8, need: 12, bank: 1, product: 1, applied: 2 },
  { ent: 10, need: 16, bank: 1, product: 2, applied: 9, answers: [['accept', 1]] },
  { ent: 13, need: 18, bank: 1, product: 1, applied: 7, answers: [['more_info', 3, '请补充抵押物评估报告。']] },
  {
    ent: 16,
    need: 21,
    bank: 1,
    product: 1,
    applied: 25,
    answers: [
      ['accept', 9],
      ['decline', 12, '企业近一年纳税等级未达到产品要求。'],
    ],
  },
  {
    ent: 22,
    need: 25,
    bank: 1,
    product: 2,
    applied: 35,
    answers: [
      ['accept', 1],
      ['approve', 6, 400],
    ],
    confirm: 7,
    credit: [400, 20],
  },
  // other banks: overdue applications on the organizer's tracking
  { ent: 19, need: 24, bank: 3, product: 1, applied: 14 },
  { ent: 29, need: 33, bank: 7, product: 1, applied: 9 },
  {
    ent: 24,
    need: 28,
    bank: 4,
    product: 2,
    applied: 30,
    answers: [
      ['accept', 2],
      ['approve', 8, 2000],
    ],
    confirm: 9,
  },
];

const bankUser = (n: number) => (n === 1 ? demoId('demousr', 3) : demoId('demousr', 100 + n));
const entUser = (n: number) => (n === 1 ? demoId('demousr', 4) : demoId('demousr', 200 + n));

async function ok<T>(write: Promise<T>, what: string): Promise<T> {
  try {
    return await write;
  } catch (e) {
    if (!isAppError(e)) throw e;
    throw new Error(`demo application (${what}): ${e.messageKey}${e.field ? ` [${e.field}]` : ''}`);
  }
}

export async function seedApplications(db: Kysely<Database>): Promise<void> {
  const now = Date.now();
  for (const [i, spec] of SPECS.entries()) {
    const what = `#${i + 1}`;
    // 10:00 China time `applied` days ago; each step `days` later at hour `h`, never after now
    const start = Date.parse(`${chinaDate(new Date(now - spec.applied * DAY_MS))}T02:00:00Z`);
    const at = (days: number, h = 0) => new Date(Math.min(start + days * DAY_MS + h * 3_600_000, now - 60_000)).toISOString();
    const onDay = (days: number) => chinaDate(new Date(at(days)));
    const bank = { userId: bankUser(spec.bank), orgId: demoId('demobank', spec.bank), verified: true };
    const ent = { userId: entUser(spec.ent), orgId: demoId('demoent', spec.ent), verified: true };
    const id = await ok(
      applyForProduct(
        db,
        ent,
        {
          productId: `demoprod${String(spec.bank).padStart(2, '0')}${String(spec.product).padStart(6, '0')}`,
          needId: demoId('demofin', spec.need),
          message: spec.message ?? '',
        },
        at(0),
      ),
      `apply ${what}`,
    );
    let version = 1;
    let agreementId: string | null = null;
    for (const [kind, days, arg] of spec.answers ?? []) {
      const r = await ok(
        answerApplication(
          db,
          bank,
          id,
          version,
          {
            kind,
            reason: typeof arg === 'string' ? arg : undefined,
            amount: typeof arg === 'number' ? arg * WAN : undefined,
          },
          at(days, 1),
        ),
        `${kind} ${what}`,
      );
      version++;
      agreementId = r.agreementId ?? agreementId;
    }
    if (!agreementId) continue;
    const get = () => db.selectFrom('agreements').selectAll().where('id', '=', agreementId!).executeTakeFirstOrThrow();
    let row: AgreementRow = await get();
    const entActor = { kind: 'enterprise' as const, ...ent };
    const bankActor = { kind: 'bank' as const, ...bank };
    if (spec.confirm !== undefined)
      row = await ok(confirmAgreement(db, entActor, row.id, row.version, { at: at(spec.confirm, 2) }), `confirm ${what}`);
    if (spec.credit) {
      const [wan, days] = spec.credit;
      row = await ok(
        approveCredit(db, bankActor, row.id, row.version, { amount: wan * WAN, date: onDay(days) }, { at: at(days, 3) }),
        `授信 ${what}`,
      );
    }
    for (const [wan, days] of spec.tranches ?? []) {
      row = await ok(
        addTranche(db, bankActor, row.id, row.version, { amount: wan * WAN, date: onDay(days) }, { at: at(days, 4) }),
        `放款 ${what}`,
      );
    }
  }
}
