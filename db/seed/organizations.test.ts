import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCreditCode } from '~/modules/organizations/credit-code';
import { isKnownRegion, regionCovers } from '~/modules/regions/regions.server';
import { verifyPassword } from '~/modules/auth/password.server';
import { DEMO_PASSWORD } from '~/modules/auth/demo.server';
import { createTempDatabase, type TempDatabase } from '../../tests/support/temp-db';
import { seedFoundation } from '../seed';
import { DEMO_BANKS, DEMO_ENTERPRISES, seedOrganizations } from './organizations';

let handle: TempDatabase;

beforeAll(async () => {
  handle = await createTempDatabase();
  const started = Date.now();
  await seedFoundation(handle.db);
  await seedOrganizations(handle.db);
  expect(Date.now() - started).toBeLessThan(2_000);
});
afterAll(async () => {
  await handle?.cleanup();
});

describe('demo organizations', () => {
  it('has 32 enterprises of every size across industries, 8 banks of every type, 2 departments', async () => {
    const orgs = await handle.db.selectFrom('organizations').selectAll().execute();
    const ents = orgs.filter((o) => o.kind === 'enterprise');
    const banks = orgs.filter((o) => o.kind === 'bank');
    expect(ents.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ents.map((o) => o.size))).toEqual(new Set(['large', 'medium', 'small', 'micro']));
    const industries = ents.map((o) => o.industry);
    for (const code of ['A', 'C', 'E', 'F', 'G', 'I', 'M']) expect(industries).toContain(code);
    const manufacturing = industries.filter((c) => c === 'C').length;
    for (const code of new Set(industries)) expect(manufacturing).toBeGreaterThanOrEqual(industries.filter((c) => c === code).length);
    expect(banks).toHaveLength(8);
    expect(new Set(banks.map((o) => o.bank_type))).toEqual(new Set(['policy', 'state', 'joint_stock', 'city', 'rural', 'village']));
    expect(orgs.filter((o) => o.kind === 'government').every((o) => o.status === 'verified')).toBe(true);
  });

  it('uses valid credit codes, phones and regions within 平顶山市', async () => {
    const orgs = await handle.db.selectFrom('organizations').selectAll().execute();
    for (const o of orgs) {
      expect(isKnownRegion(o.region_code), o.name).toBe(true);
      expect(regionCovers('410400', o.region_code), o.name).toBe(true);
      expect(o.contact_phone, o.name).toMatch(/^1[3-9]\d{9}$/);
      if (o.credit_code) {
        expect(validateCreditCode(o.credit_code), o.name).toMatchObject({ ok: true });
        expect(o.credit_code.slice(2, 8), o.name).toBe(o.region_code);
      }
      if (o.kind === 'enterprise') {
        for (const v of [o.registered_capital, o.annual_revenue, o.employees, o.founded_year])
          expect(Number.isSafeInteger(v), o.name).toBe(true);
      }
    }
    expect(new Set(orgs.map((o) => o.credit_code)).size).toBe(orgs.length);
  });

  it('leaves a verification queue for both organizers and one rejection with a reason', async () => {
    const orgs = await handle.db.selectFrom('organizations').selectAll().execute();
    const pending = orgs.filter((o) => o.status === 'pending');
    expect(pending.some((o) => o.region_code === '410481')).toBe(true);
    expect(pending.some((o) => o.region_code !== '410481')).toBe(true);
    const rejected = orgs.filter((o) => o.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].status_reason).toBeTruthy();
  });

  it('gives every bank and enterprise a login, and organizers their department', async () => {
    const users = await handle.db.selectFrom('users').selectAll().execute();
    const byEmail = new Map(users.map((u) => [u.email, u]));
    for (const b of DEMO_BANKS) expect(byEmail.get(`bank${b.n}@demo.finmatch.cn`)?.role).toBe('bank');
    for (const e of DEMO_ENTERPRISES) expect(byEmail.get(`ent${e.n}@demo.finmatch.cn`)?.role).toBe('enterprise');
    const organizers = users.filter((u) => u.role === 'organizer');
    expect(organizers.map((u) => [u.email, u.region_code]).sort()).toEqual([
      ['organizer-wugang@demo.finmatch.cn', '410481'],
      ['organizer@demo.finmatch.cn', '410400'],
    ]);
    for (const u of organizers) {
      const org = await handle.db
        .selectFrom('organizations')
        .select(['kind', 'region_code'])
        .where('id', '=', u.organization_id!)
        .executeTakeFirstOrThrow();
      expect(org).toEqual({ kind: 'government', region_code: u.region_code });
    }
    expect(await verifyPassword(byEmail.get('ent2@demo.finmatch.cn')!.password_hash, DEMO_PASSWORD)).toBe(true);
  });
});
