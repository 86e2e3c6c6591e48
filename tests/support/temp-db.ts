/**
 * A fresh, migrated SQLite database in a temporary directory, for unit tests
 * that need real SQL (never a mock of the database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type DatabaseHandle } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import type { OrgKind, OrgStatus, Role } from '../../db/schema';
import { register } from 'tsx/esm/api';

// Kysely's FileMigrationProvider loads db/migrations/*.ts with Node's own import():
// let Node read TypeScript through tsx (`npm start` runs the compiled copies in
// build/migrations instead; decision 040d).
let tsxRegistered = false;
function allowTypeScriptImports() {
  if (tsxRegistered) return;
  register();
  tsxRegistered = true;
}

export interface TempDatabase extends DatabaseHandle {
  url: string;
  /** closes the connection and removes the file */
  cleanup: () => Promise<void>;
}

export function tempDatabaseUrl(label = 'unit'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `finmatch-${label}-`));
  return `file:${path.join(dir, 'finmatch.db')}`;
}

export async function createTempDatabase(url = tempDatabaseUrl()): Promise<TempDatabase> {
  allowTypeScriptImports();
  const handle = await createDatabase(url);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    cleanup: async () => {
      await handle.db.destroy();
      fs.rmSync(path.dirname(handle.location), { recursive: true, force: true });
    },
  };
}

/**
 * A fresh, migrated PostgreSQL database on TEST_PG_URL for a unit test's PostgreSQL part;
 * `close` drops it.
 */
export async function createTempPostgresDatabase(label: string): Promise<{ db: DatabaseHandle['db']; close: () => Promise<void> }> {
  allowTypeScriptImports();
  const { freshDatabaseUrl } = await import('./server');
  const fresh = await freshDatabaseUrl(label);
  const { db } = await createDatabase(fresh.url);
  await migrateToLatest(db);
  return {
    db,
    close: async () => {
      await db.destroy();
      await fresh.drop();
    },
  };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.padEnd(16, '0').slice(0, 16);

/** Inserts an organization; returns its id. */
export async function insertOrg(
  db: DatabaseHandle['db'],
  o: { kind: OrgKind; status?: OrgStatus; region?: string; name?: string; id?: string },
): Promise<string> {
  const id = o.id ?? `org${unique()}`.slice(0, 16);
  const now = new Date().toISOString();
  await db
    .insertInto('organizations')
    .values({
      id,
      kind: o.kind,
      name: o.name ?? `测试机构${id}`,
      status: o.status ?? 'verified',
      status_reason: null,
      status_changed_by: null,
      status_changed_at: null,
      credit_code: null,
      region_code: o.region ?? '410400',
      industry: null,
      size: null,
      founded_year: null,
      registered_capital: null,
      employees: null,
      annual_revenue: null,
      bank_type: null,
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

/** Inserts a user; returns its id. `passwordHash` defaults to a value no password matches. */
export async function insertUser(
  db: DatabaseHandle['db'],
  u: {
    role: Role;
    email?: string;
    organizationId?: string | null;
    regionCode?: string | null;
    passwordHash?: string;
    active?: boolean;
    id?: string;
  },
): Promise<string> {
  const id = u.id ?? `usr${unique()}`.slice(0, 16);
  const now = new Date().toISOString();
  await db
    .insertInto('users')
    .values({
      id,
      email: u.email ?? `${id}@test.finmatch.cn`,
      name: `用户${id.slice(-4)}`,
      phone: '13800000008',
      password_hash: u.passwordHash ?? 'no-password',
      role: u.role,
      organization_id: u.organizationId ?? null,
      region_code: u.regionCode ?? null,
      active: u.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Inserts a matchmaking session (对接会) of `region` made by `createdBy`; returns its id. */
export async function insertEvent(
  db: DatabaseHandle['db'],
  e: { region: string; createdBy: string; id?: string; title?: string; eventDate?: string },
): Promise<string> {
  const id = e.id ?? `evt${unique()}`.slice(0, 16);
  const now = new Date().toISOString();
  await db
    .insertInto('events')
    .values({
      id,
      region_code: e.region,
      created_by: e.createdBy,
      title: e.title ?? `对接会${id}`,
      theme: '专场',
      event_date: e.eventDate ?? '2026-01-15',
      start_time: '09:00',
      venue: '会展中心',
      capacity: 50,
      registration_deadline: '2026-01-10',
      open_registration: 0,
      slot_count: 6,
      slot_minutes: 20,
      table_count: 5,
      first_slot_time: '10:00',
      description: null,
      status: 'open',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Inserts a financing need of `organizationId` in `region`, published at `publishedAt` (null: a draft); returns its id. */
export async function insertFinancingNeed(
  db: DatabaseHandle['db'],
  n: {
    organizationId: string;
    region: string;
    publishedAt: string | null;
    id?: string;
    createdAt?: string;
    title?: string;
    /** 元 */
    amount?: number;
  },
): Promise<string> {
  const id = n.id ?? `fn${unique()}`.slice(0, 16);
  const at = n.createdAt ?? '2026-01-01T00:00:00.000Z';
  await db
    .insertInto('financing_needs')
    .values({
      id,
      organization_id: n.organizationId,
      title: n.title ?? '需求',
      amount: n.amount ?? 1_000_000,
      term_months: 12,
      purpose: 'working_capital',
      guarantee_mask: 1,
      max_rate_bp: null,
      wanted_by: null,
      description: null,
      attachments: '[]',
      status: n.publishedAt ? 'published' : 'draft',
      region_code: n.region,
      search_text: '',
      published_at: n.publishedAt,
      closed_at: null,
      status_reason: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

/** Every rollup row, in key order: for comparing the kept rollups with a rebuild. */
export function rollupRowsInKeyOrder(db: DatabaseHandle['db']) {
  return db
    .selectFrom('report_rollups')
    .selectAll()
    .orderBy('grain')
    .orderBy('event_id')
    .orderBy('bank_org_id')
    .orderBy('region_code')
    .orderBy('signed_month')
    .orderBy('industry')
    .orderBy('product_category')
    .execute();
}
