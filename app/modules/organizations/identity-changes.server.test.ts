/**
 * Held identity changes (issue 13, point 1; decision 031c) through the module's
 * public functions on a real SQLite database: the profile save of a verified
 * organization proposes, organizers approve or reject, a verified name is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { isAppError } from '~/utils/errors';
import { withCheckChar } from './credit-code';
import {
  approveIdentityChange,
  nameKey,
  organizationAudit,
  pendingChangeOf,
  rejectIdentityChange,
  verifiedOrgWithName,
  withdrawIdentityChange,
} from './identity-changes.server';
import { getOwnOrganization, profileFormValues, updateBankProfile, updateEnterpriseProfile } from './profile.server';
import type { BankProfileInput, EnterpriseProfileInput } from './schema';
import { decideVerification } from './verification.server';

let t: TempDatabase;
let organizer: { id: string; regionCode: string };
let outsider: { id: string; regionCode: string };

beforeAll(async () => {
  t = await createTempDatabase();
  organizer = { id: await insertUser(t.db, { role: 'organizer', regionCode: '410400' }), regionCode: '410400' };
  outsider = { id: await insertUser(t.db, { role: 'organizer', regionCode: '410100' }), regionCode: '410100' };
  await insertOrg(t.db, { kind: 'bank', name: '中国工商银行平顶山分行', region: '410400' });
  await insertOrg(t.db, { kind: 'enterprise', name: '平顶山市（待审）同名测试公司', region: '410402', status: 'pending' });
});
afterAll(async () => {
  await t.cleanup();
});

let serial = 0;

/** A verified bank of 410400 with one member; returns its ids and a profile input with `overrides`. */
async function verifiedBank(name = `单元测试银行${++serial}`) {
  const orgId = await insertOrg(t.db, { kind: 'bank', name, region: '410400' });
  await t.db.updateTable('organizations').set({ bank_type: 'city', branch_level: 'city' }).where('id', '=', orgId).execute();
  await t.db.insertInto('bank_regions').values({ organization_id: orgId, region_code: '410400' }).execute();
  const userId = await insertUser(t.db, { role: 'bank', organizationId: orgId });
  const input = (overrides: Partial<BankProfileInput> = {}): BankProfileInput => ({
    orgName: name,
    creditCode: undefined,
    bankType: 'city',
    branchLevel: 'city',
    regionCode: '410400',
    regionsServed: ['410400'],
    contactName: '测试',
    contactPhone: '13800000009',
    contactEmail: undefined,
    description: undefined,
    ...overrides,
  });
  return { orgId, userId, actor: { orgId, userId }, input };
}

async function org(id: string) {
  return t.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('nameKey / verifiedOrgWithName', () => {
  it('compares names without spaces, ideographic spaces, invisible format characters and bracket width', async () => {
    expect(nameKey(' 中国工商银行\u3000平顶山分行\u200e')).toBe('中国工商银行平顶山分行');
    expect(nameKey('某某（平顶山）有限公司')).toBe(nameKey('某某(平顶山)有限公司'));
    expect((await verifiedOrgWithName(t.db, '中国工商银行 平顶山分行'))?.name).toBe('中国工商银行平顶山分行');
    // pending organizations do not own their name
    expect(await verifiedOrgWithName(t.db, '平顶山市（待审）同名测试公司')).toBeUndefined();
  });
});

describe('a verified organization’s profile save', () => {
  it('holds a new name: the row keeps the verified one and stays verified, everyday fields apply, the audit records the proposal', async () => {
    const b = await verifiedBank();
    const outcome = await updateBankProfile(
      t.db,
      b.actor,
      b.input({ orgName: '新名称银行甲', bankType: 'joint_stock', contactName: '新联系人' }),
    );
    expect(outcome).toBe('changeRequested');
    const row = await org(b.orgId);
    expect(row).toMatchObject({ name: b.input().orgName, bank_type: 'city', status: 'verified', contact_name: '新联系人' });
    expect(await pendingChangeOf(t.db, b.orgId)).toMatchObject({ name: '新名称银行甲', bank_type: 'joint_stock', region_code: '410400' });
    const audit = await organizationAudit(t.db, b.orgId);
    expect(audit.map((a) => [a.action, a.changes])).toEqual([
      ['change.requested', { name: [b.input().orgName, '新名称银行甲'], bank_type: ['city', 'joint_stock'] }],
    ]);
    // the form shows the waiting change, so another save keeps it
    const own = await getOwnOrganization(t.db, b.orgId);
    expect(profileFormValues(own!).orgName).toBe('新名称银行甲');
    expect(await updateBankProfile(t.db, b.actor, b.input({ orgName: '新名称银行甲', bankType: 'joint_stock', contactName: '再改' }))).toBe(
      'changeKept',
    );
    expect((await org(b.orgId)).contact_name).toBe('再改');
  });

  it('refuses another verified organization’s name, and a credit code another organization holds', async () => {
    const b = await verifiedBank();
    const e = await rejection(updateBankProfile(t.db, b.actor, b.input({ orgName: '中国工商银行平顶山分行' })));
    expect(e.status).toBe(400);
    expect(Object.keys(e.fieldErrors ?? {})).toEqual(['orgName']);
    expect(e.messageKey).toMatch(/^org\.v\.nameOfVerified\|/);
    const code = withCheckChar('91410400MA4000077');
    const holder = await verifiedBank();
    await t.db.updateTable('organizations').set({ credit_code: code }).where('id', '=', holder.orgId).execute();
    const c = await rejection(updateBankProfile(t.db, b.actor, b.input({ creditCode: code })));
    expect(c.fieldErrors).toEqual({ creditCode: ['v.creditCodeTaken'] });
    expect(await pendingChangeOf(t.db, b.orgId)).toBeUndefined();
  });

  it('withdraws the waiting change when saved back to the verified identity, or on request', async () => {
    const b = await verifiedBank();
    await updateBankProfile(t.db, b.actor, b.input({ orgName: '撤回测试银行' }));
    expect(await updateBankProfile(t.db, b.actor, b.input())).toBe('changeWithdrawn');
    expect(await pendingChangeOf(t.db, b.orgId)).toBeUndefined();
    await updateBankProfile(t.db, b.actor, b.input({ regionCode: '410402' }));
    await withdrawIdentityChange(t.db, b.actor);
    expect(await pendingChangeOf(t.db, b.orgId)).toBeUndefined();
    expect((await rejection(withdrawIdentityChange(t.db, b.actor))).status).toBe(409);
    // (entries of the same millisecond have no order: compare as a set)
    expect((await organizationAudit(t.db, b.orgId)).map((a) => a.action).sort()).toEqual([
      'change.requested',
      'change.requested',
      'change.withdrawn',
      'change.withdrawn',
    ]);
  });

  it('keeps a single open request when two saves propose at once', async () => {
    const b = await verifiedBank();
    const results = await Promise.allSettled([
      updateBankProfile(t.db, b.actor, b.input({ orgName: '并发测试银行甲' })),
      updateBankProfile(t.db, b.actor, b.input({ orgName: '并发测试银行乙' })),
    ]);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    const open = await t.db
      .selectFrom('org_change_requests')
      .select('id')
      .where('organization_id', '=', b.orgId)
      .where('status', '=', 'pending')
      .execute();
    expect(open).toHaveLength(1);
  });
});

describe('organizers deciding a change', () => {
  it('approve: applies the identity, closes the request, writes the audit and tells the organization', async () => {
    const b = await verifiedBank();
    await updateBankProfile(t.db, b.actor, b.input({ orgName: '批准测试银行', regionCode: '410402' }));
    expect((await rejection(approveIdentityChange(t.db, outsider, b.orgId))).status).toBe(404);
    const r = await approveIdentityChange(t.db, organizer, b.orgId);
    expect(r).toEqual({ name: b.input().orgName, proposedName: '批准测试银行' });
    expect(await org(b.orgId)).toMatchObject({ name: '批准测试银行', region_code: '410402', status: 'verified' });
    expect(await pendingChangeOf(t.db, b.orgId)).toBeUndefined();
    const approved = (await organizationAudit(t.db, b.orgId)).find((a) => a.action === 'change.approved');
    expect(approved).toMatchObject({
      action: 'change.approved',
      changes: { name: [b.input().orgName, '批准测试银行'], region_code: ['410400', '410402'] },
    });
    const note = await t.db.selectFrom('notifications').select(['kind', 'payload']).where('user_id', '=', b.userId).execute();
    expect(note).toEqual([{ kind: 'org.changeApproved', payload: JSON.stringify({ name: '批准测试银行' }) }]);
    // nothing left to approve
    expect((await rejection(approveIdentityChange(t.db, organizer, b.orgId))).messageKey).toBe('change.conflict');
  });

  it('reject: keeps the verified identity and tells the organization why', async () => {
    const b = await verifiedBank();
    await updateBankProfile(t.db, b.actor, b.input({ orgName: '驳回测试银行' }));
    await rejectIdentityChange(t.db, organizer, b.orgId, '缺少更名证明');
    expect((await org(b.orgId)).name).toBe(b.input().orgName);
    const note = await t.db
      .selectFrom('notifications')
      .select(['kind', 'payload'])
      .where('user_id', '=', b.userId)
      .executeTakeFirstOrThrow();
    expect(note.kind).toBe('org.changeRejected');
    expect(JSON.parse(note.payload)).toEqual({ name: '驳回测试银行', reason: '缺少更名证明' });
    expect((await getOwnOrganization(t.db, b.orgId))?.lastChange).toMatchObject({ status: 'rejected', decision_reason: '缺少更名证明' });
  });

  it('refuses the approval when another organization was verified under the proposed name meanwhile', async () => {
    const b = await verifiedBank();
    await updateBankProfile(t.db, b.actor, b.input({ orgName: '抢注测试银行' }));
    const other = await insertOrg(t.db, { kind: 'bank', name: '抢注测试银行', region: '410400', status: 'pending' });
    await decideVerification(t.db, organizer, other, { intent: 'verify' });
    const e = await rejection(approveIdentityChange(t.db, organizer, b.orgId));
    expect(e.status).toBe(409);
    expect(e.messageKey).toMatch(/^change\.nameOfVerified\|/);
    expect((await org(b.orgId)).name).toBe(b.input().orgName);
    expect(await pendingChangeOf(t.db, b.orgId)).toBeDefined();
  });

  it('revoking the organization closes its waiting change with the reason', async () => {
    const b = await verifiedBank();
    await updateBankProfile(t.db, b.actor, b.input({ orgName: '撤销测试银行' }));
    await decideVerification(t.db, organizer, b.orgId, { intent: 'reject', reason: '冒用他行名称' });
    expect(await pendingChangeOf(t.db, b.orgId)).toBeUndefined();
    expect((await organizationAudit(t.db, b.orgId)).find((a) => a.action === 'change.rejected')).toMatchObject({ reason: '冒用他行名称' });
  });
});

describe('unverified organizations', () => {
  function enterpriseInput(overrides: Partial<EnterpriseProfileInput> = {}): EnterpriseProfileInput {
    return {
      orgName: '待审企业',
      creditCode: withCheckChar('91410481MA4000088'),
      regionCode: '410481',
      industry: 'C',
      size: 'small',
      foundedYear: 2012,
      registeredCapital: 1_000_000,
      annualRevenue: 2_000_000,
      employees: 10,
      contactName: '张伟',
      contactPhone: '13912345678',
      contactEmail: undefined,
      description: undefined,
      ...overrides,
    };
  }

  it('change their identity directly, but not to a verified organization’s name, and are not verified under one', async () => {
    const orgId = await insertOrg(t.db, { kind: 'enterprise', name: '待审企业', region: '410481', status: 'pending' });
    const actor = { orgId, userId: await insertUser(t.db, { role: 'enterprise', organizationId: orgId }) };
    expect(await updateEnterpriseProfile(t.db, actor, enterpriseInput({ orgName: '待审企业（更正）' }))).toBe('saved');
    expect((await org(orgId)).name).toBe('待审企业（更正）');
    expect(await pendingChangeOf(t.db, orgId)).toBeUndefined();
    const e = await rejection(updateEnterpriseProfile(t.db, actor, enterpriseInput({ orgName: '中国工商银行平顶山分行' })));
    expect(e.fieldErrors?.orgName).toHaveLength(1);

    await t.db.updateTable('organizations').set({ name: '中国工商银行平顶山分行' }).where('id', '=', orgId).execute();
    const v = await rejection(decideVerification(t.db, organizer, orgId, { intent: 'verify' }));
    expect(v.status).toBe(409);
    expect((await org(orgId)).status).toBe('pending');
  });
});
