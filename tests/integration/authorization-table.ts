/**
 * THE AUTHORIZATION TABLE — who gets what from every route of the app.
 *
 * tests/integration/authorization.test.ts reads app/routes at test time and
 * FAILS when a route file has no entry here (or an entry names a file that no
 * longer exists, or a route with an `action` has no POST check). For every
 * entry it signs in one client per actor and checks the HTTP status each actor
 * gets, for GET and for POST.
 *
 * ─── How to add an entry (new route file `app/routes/foo.$fooId.tsx`) ───
 * 1. Add a key equal to the file name without its extension ('foo.$fooId';
 *    for a folder route `app/routes/foo/route.tsx` the key is the folder name).
 *    The URL is derived from the name with Remix's flat-route rules
 *    (see `routePattern` below): `foo.$fooId` → `/foo/:fooId`.
 * 2. Give one or more cases. Each case may fill URL params from fixtures —
 *    `params: (fx) => ({ fooId: fx.foo.own })` — and should, for tenant data,
 *    have one case with the actor's own record and one with another tenant's
 *    record (expect 404 there: another tenant's record is never data).
 *    Need a record that does not exist yet? Add it to `Fixtures` and create it
 *    in `createFixtures` below (directly through the database handle).
 * 3. `get`: the status every actor gets (use the helpers: `everyone`,
 *    `signedIn`, `onlyActors`). `LOGIN` = 302 to /login (anonymous on a
 *    protected page); `HOME` = 302 to /; `redirect(path)` = 302 elsewhere.
 * 4. `post` (required when the route exports an `action`): a HARMLESS body
 *    that changes nothing — usually `{}` or an invalid value, or a real action
 *    on another tenant's record that must answer 404. Use `SKIP` for an actor
 *    for whom the body would really change data. Set `endsSession: true` when
 *    the POST signs the actor out (e.g. /logout): it then runs on a throw-away
 *    session of that actor.
 * Every POST route is also checked to refuse a foreign Origin with 403.
 *
 * Actors: anonymous; enterprise, bank, organizer (410400 平顶山市), admin —
 * the demo accounts; pendingEnterprise — an enterprise whose organization
 * (410400) awaits verification; otherOrganizer — an organizer of 410100 郑州市.
 */
import type { Kysely } from 'kysely';
import type { Database, NeedStatus, ProductStatus } from '../../db/schema';

import {
  ACTORS,
  HOME,
  LOGIN,
  SKIP,
  everyone,
  onlyActors,
  redirect,
  signedIn,
  ENTERPRISES,
  ORG_MEMBERS,
  ORGANIZERS,
  type Actor,
  type ByActor,
  type Expect,
} from './authorization-helpers';
import { createAgreementFixtures, createEventFixtures, type AgreementFixtures, type EventFixtures } from './authorization-fixtures';
import { AGREEMENT_CASES } from './authorization-areas/agreements';
import { EVENT_CASES } from './authorization-areas/events';
import { createListFixtures, FOLLOWUP_CASES, type ListFixtures } from './authorization-areas/followup';
import { createProblemFixtures, PROBLEM_CASES, type ProblemFixtures } from './authorization-areas/problems';
import { IMPORT_CASES } from './authorization-areas/imports';
import { MEETING_CASES } from './authorization-areas/meetings';
import { OUTCOME_CASES } from './authorization-areas/outcomes';
import { REPORT_CASES } from './authorization-areas/reports';
import { ROSTER_CASES } from './authorization-areas/roster';
import { SESSIONS_FIELD_CASES } from './authorization-areas/sessions-field';
import { ADOPTION_CASES } from './authorization-areas/adoption';
import { createDispatchFixtures, DISPATCH_CASES, type DispatchFixtures } from './authorization-areas/dispatch';
import { AGENDA_CASES } from './authorization-areas/agenda';
import { BADGE_CASES } from './authorization-areas/badges';
import { STAGE_CASES } from './authorization-areas/stage';
import { ADVISOR_CASES, createAdvisorFixtures } from './authorization-areas/advisors';

export { ACTORS, HOME, LOGIN, SKIP, everyone, onlyActors, redirect, signedIn, type Actor, type ByActor, type Expect };

/* ---------------------------------------------------------------- fixtures */

export interface Fixtures {
  db: Kysely<Database>;
  users: Record<Exclude<Actor, 'anonymous'>, { id: string; email: string }>;
  orgs: {
    enterprise: string;
    bank: string;
    pendingEnterprise: string;
    /** a verified enterprise in 410400 none of the actors belongs to */
    otherEnterprise: string;
    /** a verified bank none of the actors belongs to */
    otherBank: string;
    /** a pending enterprise in 410100 (otherOrganizer's region) */
    otherRegionPending: string;
    /** a verified enterprise in 410102 (inside otherOrganizer's 410100) */
    otherRegionEnterprise: string;
  };
  /** a user who is none of the actors, with a session and a notification */
  stranger: { userId: string; sessionId: string; notificationId: string };
  needs: Record<'financing' | 'hiring', { own: string; ownDraft: string; otherTenant: string; otherRegion: string }>;
  products: { ownPublished: string; ownDraft: string; otherDraft: string; otherPublished: string };
  /** sessions 对接会 (authorization-fixtures.ts) */
  events: EventFixtures;
  /** letters of intent 合作意向书 (authorization-fixtures.ts) */
  agreements: AgreementFixtures;
  /** 推荐清单 (authorization-areas/followup.ts) */
  lists: ListFixtures;
  /** 派单 (authorization-areas/dispatch.ts) */
  dispatches: DispatchFixtures;
  /** 问题诉求台账 (authorization-areas/problems.ts) */
  problems: ProblemFixtures;
}

const nowIso = () => new Date().toISOString();
let seq = 0;
const fixtureId = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;

async function insertOrg(
  db: Kysely<Database>,
  kind: 'enterprise' | 'bank',
  status: 'pending' | 'verified',
  region: string,
): Promise<string> {
  const id = fixtureId(kind === 'bank' ? 'authzbank' : 'authzent');
  const now = nowIso();
  await db
    .insertInto('organizations')
    .values({
      id,
      kind,
      name: `权限测试${kind === 'bank' ? '银行' : '企业'}${id.slice(-3)}`,
      status,
      status_reason: null,
      status_changed_by: null,
      status_changed_at: null,
      credit_code: null,
      region_code: region,
      industry: kind === 'enterprise' ? 'C' : null,
      size: kind === 'enterprise' ? 'small' : null,
      founded_year: kind === 'enterprise' ? 2015 : null,
      registered_capital: null,
      employees: null,
      annual_revenue: null,
      bank_type: kind === 'bank' ? 'city' : null,
      branch_level: null,
      contact_name: '测试',
      contact_phone: '13800000009',
      contact_email: null,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

async function insertUser(
  db: Kysely<Database>,
  u: { role: Database['users']['role']; organizationId?: string; regionCode?: string; passwordHash: string },
) {
  const id = fixtureId('authzusr');
  const email = `${id}@authz.finmatch.test`;
  const now = nowIso();
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: `权限测试${id.slice(-3)}`,
      phone: '13800000008',
      password_hash: u.passwordHash,
      role: u.role,
      organization_id: u.organizationId ?? null,
      region_code: u.regionCode ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, email };
}

async function insertFinancingNeed(db: Kysely<Database>, orgId: string, region: string, status: NeedStatus): Promise<string> {
  const id = fixtureId('authzfin');
  const now = nowIso();
  await db
    .insertInto('financing_needs')
    .values({
      id,
      organization_id: orgId,
      title: '权限测试融资需求',
      amount: 5_000_000,
      term_months: 12,
      purpose: 'working_capital',
      guarantee_mask: 1,
      max_rate_bp: null,
      wanted_by: null,
      description: null,
      attachments: '[]',
      status,
      region_code: region,
      search_text: '权限测试融资需求',
      published_at: status === 'draft' ? null : now,
      closed_at: null,
      status_reason: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

async function insertHiringNeed(db: Kysely<Database>, orgId: string, region: string, status: NeedStatus): Promise<string> {
  const id = fixtureId('authzhir');
  const now = nowIso();
  await db
    .insertInto('hiring_needs')
    .values({
      id,
      organization_id: orgId,
      title: '权限测试用工需求',
      description: null,
      training_support: 0,
      total_headcount: 3,
      wanted_by: null,
      status,
      region_code: region,
      search_text: '权限测试用工需求',
      published_at: status === 'draft' ? null : now,
      closed_at: null,
      status_reason: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('hiring_positions')
    .values({
      id: fixtureId('authzpos'),
      hiring_need_id: id,
      title: '挡车工',
      headcount: 3,
      wage_min: 4000,
      wage_max: 6000,
      skills: null,
      sort_order: 0,
    })
    .execute();
  return id;
}

async function insertProduct(db: Kysely<Database>, orgId: string, status: ProductStatus): Promise<string> {
  const id = fixtureId('authzprd');
  const now = nowIso();
  await db
    .insertInto('loan_products')
    .values({
      id,
      organization_id: orgId,
      name: '权限测试贷',
      category: 'credit',
      amount_min: 100_000,
      amount_max: 5_000_000,
      term_min_months: 3,
      term_max_months: 36,
      rate_type: 'fixed',
      rate_min_bp: 350,
      rate_max_bp: 600,
      guarantee_mask: 1,
      industry_mask: 0,
      size_mask: 0,
      min_years: 0,
      employment_linked: 0,
      min_new_hires: 0,
      materials: null,
      description: null,
      status,
      search_text: '权限测试贷',
      published_at: status === 'published' ? now : null,
      retired_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.insertInto('product_regions').values({ product_id: id, region_code: '410400' }).execute();
  return id;
}

/**
 * Creates the actors that are not demo accounts and the records the cases refer
 * to. `demo` holds the demo accounts' emails; `passwordHash` is the hash of the
 * password every created actor signs in with.
 */
export async function createFixtures(
  db: Kysely<Database>,
  demo: { enterprise: string; bank: string; organizer: string; admin: string },
  passwordHash: string,
): Promise<Fixtures> {
  const demoUser = async (email: string) => {
    const u = await db.selectFrom('users').select(['id', 'email', 'organization_id']).where('email', '=', email).executeTakeFirstOrThrow();
    return u;
  };
  const [ent, bank, organizer, admin] = await Promise.all([
    demoUser(demo.enterprise),
    demoUser(demo.bank),
    demoUser(demo.organizer),
    demoUser(demo.admin),
  ]);
  const pendingOrg = await insertOrg(db, 'enterprise', 'pending', '410400');
  const pendingEnterprise = await insertUser(db, { role: 'enterprise', organizationId: pendingOrg, passwordHash });
  const otherOrganizer = await insertUser(db, { role: 'organizer', regionCode: '410100', passwordHash });
  const otherEnterprise = await insertOrg(db, 'enterprise', 'verified', '410400');
  const otherBank = await insertOrg(db, 'bank', 'verified', '410400');
  const otherRegionPending = await insertOrg(db, 'enterprise', 'pending', '410100');
  const otherRegionEnterprise = await insertOrg(db, 'enterprise', 'verified', '410102');

  const stranger = await insertUser(db, { role: 'enterprise', organizationId: otherEnterprise, passwordHash });
  const sessionId = 'a'.repeat(48) + String(seq).padStart(16, '0');
  const now = new Date();
  await db
    .insertInto('auth_sessions')
    .values({
      id: sessionId,
      user_id: stranger.id,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      ip: null,
      user_agent: null,
    })
    .execute();
  const notificationId = fixtureId('authznot');
  await db
    .insertInto('notifications')
    .values({
      id: notificationId,
      user_id: stranger.id,
      kind: 'test',
      payload: '{}',
      link: null,
      read_at: null,
      created_at: now.toISOString(),
    })
    .execute();

  const entOrg = ent.organization_id!;
  const entRegion = (await db.selectFrom('organizations').select('region_code').where('id', '=', entOrg).executeTakeFirstOrThrow())
    .region_code;
  const base = {
    db,
    users: {
      enterprise: { id: ent.id, email: ent.email },
      bank: { id: bank.id, email: bank.email },
      organizer: { id: organizer.id, email: organizer.email },
      admin: { id: admin.id, email: admin.email },
      pendingEnterprise,
      otherOrganizer,
    },
    orgs: {
      enterprise: entOrg,
      bank: bank.organization_id!,
      pendingEnterprise: pendingOrg,
      otherEnterprise,
      otherBank,
      otherRegionPending,
      otherRegionEnterprise,
    },
    stranger: { userId: stranger.id, sessionId, notificationId },
    needs: {
      financing: {
        own: await insertFinancingNeed(db, entOrg, entRegion, 'published'),
        ownDraft: await insertFinancingNeed(db, entOrg, entRegion, 'draft'),
        otherTenant: await insertFinancingNeed(db, otherEnterprise, '410400', 'published'),
        otherRegion: await insertFinancingNeed(db, otherRegionEnterprise, '410102', 'published'),
      },
      hiring: {
        own: await insertHiringNeed(db, entOrg, entRegion, 'published'),
        ownDraft: await insertHiringNeed(db, entOrg, entRegion, 'draft'),
        otherTenant: await insertHiringNeed(db, otherEnterprise, '410400', 'published'),
        otherRegion: await insertHiringNeed(db, otherRegionEnterprise, '410102', 'published'),
      },
    },
    products: {
      ownPublished: await insertProduct(db, bank.organization_id!, 'published'),
      ownDraft: await insertProduct(db, bank.organization_id!, 'draft'),
      otherDraft: await insertProduct(db, otherBank, 'draft'),
      otherPublished: await insertProduct(db, otherBank, 'published'),
    },
  };
  const events = await createEventFixtures(db, base);
  const agreements = await createAgreementFixtures(db, base, events);
  const lists = await createListFixtures(db, base);
  const dispatches = await createDispatchFixtures(db, base);
  const problems = await createProblemFixtures(db, base);
  await createAdvisorFixtures(db, base, passwordHash);
  return { ...base, events, agreements, lists, dispatches, problems };
}

/* ------------------------------------------------------------------- table */

export interface PostCheck {
  /** form fields to send (URL-encoded); default: none */
  body?: (fx: Fixtures) => Record<string, string>;
  expect: ByActor;
  /** the POST signs the actor out: run it on a throw-away session */
  endsSession?: boolean;
}

export interface Case {
  /** what the case shows, e.g. 'own record', 'another tenant’s record' */
  label?: string;
  params?: (fx: Fixtures) => Record<string, string>;
  /** appended to the URL, e.g. '?page=2' */
  search?: string;
  get?: ByActor;
  post?: PostCheck;
}

const financing = (pick: keyof Fixtures['needs']['financing']) => (fx: Fixtures) => ({
  kind: 'financing',
  needId: fx.needs.financing[pick],
});
const hiring = (pick: keyof Fixtures['needs']['hiring']) => (fx: Fixtures) => ({ kind: 'hiring', needId: fx.needs.hiring[pick] });

/** Keyed by route file name without extension. */
export const AUTHORIZATION_TABLE: Record<string, Case[]> = {
  /* ---- public and sign-in ---- */
  _index: [{ get: everyone(200) }],
  healthz: [{ get: everyone(200) }],
  ping: [{ get: everyone(200) }],
  // the messages of one language for the browser: public, the same for everyone
  'i18n.$locale[.]json': [
    { label: 'a language', params: () => ({ locale: 'zh-CN' }), get: everyone(200) },
    { label: 'no such language', params: () => ({ locale: 'xx' }), get: everyone(404) },
  ],
  // the regions a directory's filter offers (decision 038c): public reference data, the same for everyone
  'regions[.]json': [{ get: everyone(200) }],
  lang: [{ get: everyone(HOME), post: { body: () => ({ locale: 'xx' }), expect: everyone(HOME) } }],
  // a signed-in user's POST: the action answers 400, then the page's loader sends them home
  login: [{ get: everyone(HOME, { anonymous: 200 }), post: { expect: everyone(HOME, { anonymous: 400 }) } }],
  logout: [{ get: everyone(HOME), post: { endsSession: true, expect: everyone(redirect('/login')) } }],
  'signup._index': [{ get: everyone(HOME, { anonymous: 200 }) }],
  'signup.enterprise': [{ get: everyone(HOME, { anonymous: 200 }), post: { expect: everyone(HOME, { anonymous: 400 }) } }],
  'signup.bank': [{ get: everyone(HOME, { anonymous: 200 }), post: { expect: everyone(HOME, { anonymous: 400 }) } }],
  // issue 14: one-time set-password links (admin:create --link, password reset)
  'set-password.$token': [
    { label: 'a link nobody was given', params: () => ({ token: 'a'.repeat(32) }), get: everyone(404), post: { expect: everyone(400) } },
  ],
  // issue 14: 忘记密码 — the same answer for every address; a bad address is a 400 (signed-in users are sent home by the page's loader)
  'forgot-password': [{ get: everyone(HOME, { anonymous: 200 }), post: { expect: everyone(HOME, { anonymous: 400 }) } }],
  'products._index': [{ get: everyone(200) }],
  'products.$productId': [
    { label: 'published product', params: (fx) => ({ productId: fx.products.ownPublished }), get: everyone(200) },
    { label: 'the bank’s own draft', params: (fx) => ({ productId: fx.products.ownDraft }), get: everyone(404, { bank: 200 }) },
    { label: 'another bank’s draft', params: (fx) => ({ productId: fx.products.otherDraft }), get: everyone(404) },
    { label: 'no such product', params: () => ({ productId: 'nosuchproduct000' }), get: everyone(404) },
  ],

  /* ---- any signed-in user ---- */
  'account.password': [{ get: signedIn(200), post: { expect: signedIn(400) } }],
  // issue 14: channels per kind of message; a POST without intent=save changes nothing
  'account.notifications': [{ get: signedIn(200), post: { expect: signedIn(400) } }],
  'account.sessions': [
    { get: signedIn(200), post: { expect: signedIn(400) } },
    {
      label: 'another user’s session',
      post: { body: (fx) => ({ intent: 'revoke', sessionId: fx.stranger.sessionId }), expect: signedIn(404) },
    },
  ],
  notifications: [
    { get: signedIn(200), post: { expect: signedIn(400) } },
    {
      label: 'another user’s notification',
      post: { body: (fx) => ({ intent: 'read', id: fx.stranger.notificationId }), expect: signedIn(404) },
    },
  ],

  /* ---- enterprises and banks ---- */
  'org.profile': [{ get: onlyActors(ORG_MEMBERS, 200), post: { expect: onlyActors(ORG_MEMBERS, 400) } }],

  'enterprise.needs._index': [{ get: onlyActors(ENTERPRISES, 200) }],
  'enterprise.needs.$kind.new': [
    {
      label: 'financing',
      params: () => ({ kind: 'financing' }),
      get: onlyActors(ENTERPRISES, 200),
      post: { expect: onlyActors(ENTERPRISES, 400) },
    },
    {
      label: 'hiring',
      params: () => ({ kind: 'hiring' }),
      get: onlyActors(ENTERPRISES, 200),
      post: { expect: onlyActors(ENTERPRISES, 400) },
    },
  ],
  'enterprise.needs.$kind.$needId': [
    {
      label: 'own financing need',
      params: financing('own'),
      get: onlyActors(['enterprise'], 200, { pendingEnterprise: 404 }),
      post: { expect: onlyActors(['enterprise'], 400, { pendingEnterprise: 404 }) },
    },
    {
      label: 'another enterprise’s financing need',
      params: financing('otherTenant'),
      get: onlyActors(ENTERPRISES, 404),
      post: { expect: onlyActors(ENTERPRISES, 404) },
    },
    {
      label: 'own hiring need',
      params: hiring('own'),
      get: onlyActors(['enterprise'], 200, { pendingEnterprise: 404 }),
      post: { expect: onlyActors(['enterprise'], 400, { pendingEnterprise: 404 }) },
    },
    {
      label: 'another enterprise’s hiring need',
      params: hiring('otherTenant'),
      get: onlyActors(ENTERPRISES, 404),
      post: { expect: onlyActors(ENTERPRISES, 404) },
    },
  ],
  'enterprise.needs_.financing.$needId.matches': [
    {
      label: 'own need',
      params: (fx) => ({ needId: fx.needs.financing.own }),
      get: onlyActors(['enterprise'], 200, { pendingEnterprise: 404 }),
    },
    { label: 'another enterprise’s need', params: (fx) => ({ needId: fx.needs.financing.otherTenant }), get: onlyActors(ENTERPRISES, 404) },
  ],
  'enterprise.interests': [{ get: onlyActors(ENTERPRISES, 200), post: { expect: onlyActors(ENTERPRISES, 400) } }],

  'bank.products._index': [{ get: onlyActors(['bank'], 200) }],
  'bank.products.new': [{ get: onlyActors(['bank'], 200), post: { expect: onlyActors(['bank'], 400) } }],
  'bank.products.$productId': [
    {
      label: 'own product',
      params: (fx) => ({ productId: fx.products.ownDraft }),
      get: onlyActors(['bank'], 200),
      post: { expect: onlyActors(['bank'], 400) },
    },
    {
      label: 'another bank’s product',
      params: (fx) => ({ productId: fx.products.otherPublished }),
      get: onlyActors(['bank'], 404),
      post: { body: () => ({ intent: 'retire', version: '1' }), expect: onlyActors(['bank'], 404) },
    },
  ],
  'bank.products_.$productId.matches': [
    { label: 'own product', params: (fx) => ({ productId: fx.products.ownPublished }), get: onlyActors(['bank'], 200) },
    { label: 'another bank’s product', params: (fx) => ({ productId: fx.products.otherPublished }), get: onlyActors(['bank'], 404) },
  ],
  'bank.interests': [{ get: onlyActors(['bank'], 200), post: { expect: onlyActors(['bank'], 400) } }],

  /* ---- applications from a match (一键申请, issue 15) ---- */
  'enterprise.applications': [
    { get: onlyActors(ENTERPRISES, 200), post: { expect: onlyActors(ENTERPRISES, 400) } },
    {
      label: 'a product that does not exist',
      post: {
        body: () => ({ intent: 'apply', productId: 'nosuchproduct000', needId: 'nosuchneed000000' }),
        expect: onlyActors(ENTERPRISES, 400, { pendingEnterprise: 403 }),
      },
    },
  ],
  'bank.applications': [
    { get: onlyActors(['bank'], 200), post: { expect: onlyActors(['bank'], 400) } },
    {
      label: 'an application that does not exist',
      post: { body: () => ({ intent: 'accept', applicationId: 'nosuchapplicat00', version: '1' }), expect: onlyActors(['bank'], 404) },
    },
  ],

  /* ---- needs seen by banks and organizers ---- */
  'needs._index': [{ get: onlyActors(['bank', ...ORGANIZERS], 200) }],
  'needs_.$kind.$needId': [
    {
      label: 'published financing need in 410400',
      params: financing('own'),
      get: onlyActors(['enterprise', 'bank', 'organizer'], 200, { pendingEnterprise: 404, otherOrganizer: 404 }),
      post: { expect: onlyActors(['bank'], 400) },
    },
    {
      label: 'published hiring need in 410400',
      params: hiring('own'),
      get: onlyActors(['enterprise', 'bank', 'organizer'], 200, { pendingEnterprise: 404, otherOrganizer: 404 }),
      post: { expect: onlyActors(['bank'], 400) },
    },
    { label: 'draft need', params: financing('ownDraft'), get: onlyActors([...ORG_MEMBERS, ...ORGANIZERS], 404) },
    {
      label: 'published need of another region',
      params: financing('otherRegion'),
      get: onlyActors(['bank', 'otherOrganizer'], 200, { enterprise: 404, pendingEnterprise: 404, organizer: 404 }),
    },
  ],

  /* ---- organizers ---- */
  'organizer.verifications._index': [{ get: onlyActors(ORGANIZERS, 200) }],
  'organizer.verifications.$orgId': [
    {
      label: 'pending organization in 410400',
      params: (fx) => ({ orgId: fx.orgs.pendingEnterprise }),
      get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }),
      post: { expect: onlyActors(ORGANIZERS, 400) },
    },
    {
      label: 'pending organization in 410100',
      params: (fx) => ({ orgId: fx.orgs.otherRegionPending }),
      get: onlyActors(ORGANIZERS, 200, { organizer: 404 }),
      // a real decision: the organizer of another region must get 404 (the owner of the region is not asked)
      post: { body: () => ({ intent: 'verify' }), expect: onlyActors(ORGANIZERS, 404, { otherOrganizer: SKIP }) },
    },
  ],

  'organizer.needs._index': [{ get: onlyActors(ORGANIZERS, 200) }],
  'organizer.needs.$kind.$needId.matches': [
    { label: 'financing need in 410400', params: financing('own'), get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }) },
    { label: 'hiring need in 410400', params: hiring('own'), get: onlyActors(ORGANIZERS, 200, { otherOrganizer: 404 }) },
    { label: 'financing need in 410100', params: financing('otherRegion'), get: onlyActors(ORGANIZERS, 200, { organizer: 404 }) },
    { label: 'draft need', params: financing('ownDraft'), get: onlyActors(ORGANIZERS, 404) },
  ],
  'organizer.settings': [{ get: onlyActors(ORGANIZERS, 200), post: { expect: onlyActors(ORGANIZERS, 400) } }],

  /* ---- administrator ---- */
  // issue 14: the outbound messages (masked addressees, errors), administrators only
  'admin.outbox': [
    { get: onlyActors(['admin'], 200) },
    { label: 'failed only', search: '?status=failed', get: onlyActors(['admin'], 200) },
  ],
  'admin.organizers._index': [{ get: onlyActors(['admin'], 200), post: { expect: onlyActors(['admin'], 400) } }],
  'admin.organizers.$userId': [
    {
      label: 'an organizer',
      params: (fx) => ({ userId: fx.users.otherOrganizer.id }),
      get: onlyActors(['admin'], 200),
      post: { expect: onlyActors(['admin'], 400) },
    },
    {
      label: 'a user who is not an organizer',
      params: (fx) => ({ userId: fx.users.enterprise.id }),
      get: onlyActors(['admin'], 404),
      post: { body: () => ({ intent: 'deactivate' }), expect: onlyActors(['admin'], 404) },
    },
  ],

  /* ---- areas with their own files (tests/integration/authorization-areas/) ---- */
  ...EVENT_CASES,
  ...MEETING_CASES,
  ...ROSTER_CASES,
  ...BADGE_CASES,
  ...SESSIONS_FIELD_CASES,
  ...ADOPTION_CASES,
  ...STAGE_CASES,
  ...AGREEMENT_CASES,
  ...REPORT_CASES,
  ...IMPORT_CASES,
  ...FOLLOWUP_CASES,
  ...DISPATCH_CASES,
  ...AGENDA_CASES,
  ...OUTCOME_CASES,
  ...PROBLEM_CASES,
  ...ADVISOR_CASES,
};

/* ------------------------------------------------------ route file → URL */

/**
 * The URL pattern of a route file under Remix v2 flat-route naming:
 * `_index` → index, `.` → `/`, `$param` → `:param`, `$` → `*`, a leading `_`
 * marks a pathless layout (no segment), a trailing `_` only opts out of
 * nesting, `[…]` escapes, `(segment)` is optional (kept as `segment?`).
 */
export function routePattern(routeKey: string): string {
  // split on unescaped dots; characters inside [...] are literal (marked with \u0000)
  const segments: string[] = [''];
  let escaped = false;
  for (const ch of routeKey) {
    if (ch === '[' && !escaped) escaped = true;
    else if (ch === ']' && escaped) escaped = false;
    else if (ch === '.' && !escaped) segments.push('');
    else segments[segments.length - 1] += escaped ? `\u0000${ch}` : ch;
  }
  const out: string[] = [];
  for (const raw of segments) {
    if (raw.startsWith('_')) continue; // `_index`, or a pathless layout such as `_auth`
    let seg = raw.endsWith('_') && !raw.endsWith('\u0000_') ? raw.slice(0, -1) : raw; // `needs_`: same URL, no nesting
    const optional = seg.startsWith('(') && seg.endsWith(')');
    if (optional) seg = seg.slice(1, -1);
    if (seg === '$') seg = '*';
    else if (seg.startsWith('$')) seg = `:${seg.slice(1)}`;
    seg = seg.replace(/\u0000(.)/g, '$1');
    out.push(optional ? `${seg}?` : seg);
  }
  return `/${out.join('/')}`;
}

/** Fills `:param` (and drops unfilled optional segments); throws on a missing required param. */
export function fillPattern(pattern: string, params: Record<string, string> = {}): string {
  const parts = pattern.split('/').flatMap((seg) => {
    const optional = seg.endsWith('?');
    const s = optional ? seg.slice(0, -1) : seg;
    if (s.startsWith(':') || s === '*') {
      // a param may carry a literal suffix: `:locale.json` from `$locale[.]json`
      const [, raw, suffix] = s === '*' ? ['', '*', ''] : (/^:(\w+)(.*)$/.exec(s) ?? ['', s.slice(1), '']);
      const name = raw;
      const v = params[name];
      if (v === undefined) {
        if (optional) return [];
        throw new Error(`no value for :${name} in ${pattern}`);
      }
      return [encodeURIComponent(v) + suffix];
    }
    return [s];
  });
  return parts.join('/') || '/';
}
