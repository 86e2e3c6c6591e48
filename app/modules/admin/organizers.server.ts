/**
 * Organizer accounts, managed by the administrator. Each organizer belongs to a
 * government department: an organization of kind `government` (verified), found
 * by name + region or created; the user's region_code is the region it acts in.
 * Deactivating an account ends all its sessions at once.
 */
import type { DB } from '~/utils/db.server';
import { uniqueViolation } from '~/utils/db-errors';
import { AppError } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import { hashPassword } from '~/modules/auth/password.server';
import { invalidateUserSessions } from '~/modules/auth/auth-session.server';
import type { OrganizerCreateInput, OrganizerUpdateInput } from './schema';

export async function listOrganizers(db: DB, q: { page: number; pageSize: number }) {
  const totalRow = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'organizer')
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['u.id', 'u.name', 'u.email', 'u.phone', 'u.region_code', 'u.active', 'u.created_at', 'o.name as department'])
    .where('u.role', '=', 'organizer')
    .orderBy('u.created_at', 'desc')
    .orderBy('u.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows, total: Number(totalRow.n) };
}

export async function getOrganizer(db: DB, userId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['u.id', 'u.name', 'u.email', 'u.phone', 'u.region_code', 'u.active', 'u.created_at', 'o.name as department'])
    .where('u.id', '=', userId)
    .where('u.role', '=', 'organizer')
    .executeTakeFirst();
}

/** The government department of that name in that region, created when missing. */
async function departmentId(
  db: DB,
  name: string,
  regionCode: string,
  contact: { name: string; phone: string; email: string | null },
  adminId: string,
): Promise<string> {
  const existing = await db
    .selectFrom('organizations')
    .select('id')
    .where('kind', '=', 'government')
    .where('name', '=', name)
    .where('region_code', '=', regionCode)
    .orderBy('created_at')
    .executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  const now = nowIso();
  await db
    .insertInto('organizations')
    .values({
      id,
      kind: 'government',
      name,
      status: 'verified',
      status_reason: null,
      status_changed_by: adminId,
      status_changed_at: now,
      credit_code: null,
      region_code: regionCode,
      industry: null,
      size: null,
      founded_year: null,
      registered_capital: null,
      employees: null,
      annual_revenue: null,
      bank_type: null,
      branch_level: null,
      contact_name: contact.name,
      contact_phone: contact.phone,
      contact_email: contact.email,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function createOrganizer(db: DB, adminId: string, input: OrganizerCreateInput): Promise<{ userId: string }> {
  const taken = await db.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
  if (taken) throw new AppError(400, 'v.emailTaken', { field: 'email' });
  const passwordHash = await hashPassword(input.password);
  const userId = newId();
  const now = nowIso();
  const write = async (trx: DB) => {
    const orgId = await departmentId(
      trx,
      input.departmentName,
      input.regionCode,
      { name: input.name, phone: input.phone, email: input.email },
      adminId,
    );
    await trx
      .insertInto('users')
      .values({
        id: userId,
        email: input.email,
        name: input.name,
        phone: input.phone,
        password_hash: passwordHash,
        role: 'organizer',
        organization_id: orgId,
        region_code: input.regionCode,
        created_at: now,
        updated_at: now,
      })
      .execute();
  };
  try {
    if (db.isTransaction) await write(db);
    else await db.transaction().execute(write);
  } catch (error) {
    if (uniqueViolation(error)?.column === 'email') throw new AppError(400, 'v.emailTaken', { field: 'email' });
    throw error;
  }
  return { userId };
}

/** Changes the organizer's department and region; false when there is no such organizer. */
export async function updateOrganizer(db: DB, adminId: string, userId: string, input: OrganizerUpdateInput): Promise<boolean> {
  const run = async (trx: DB) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'name', 'phone', 'email'])
      .where('id', '=', userId)
      .where('role', '=', 'organizer')
      .executeTakeFirst();
    if (!user) return false;
    const orgId = await departmentId(
      trx,
      input.departmentName,
      input.regionCode,
      { name: user.name, phone: user.phone, email: user.email },
      adminId,
    );
    await trx
      .updateTable('users')
      .set({ organization_id: orgId, region_code: input.regionCode, updated_at: nowIso() })
      .where('id', '=', user.id)
      .where('role', '=', 'organizer')
      .execute();
    return true;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Deactivates (ending every session) or reactivates an organizer; false when there is no such organizer. */
export async function setOrganizerActive(db: DB, userId: string, active: boolean): Promise<boolean> {
  const run = async (trx: DB) => {
    const res = await trx
      .updateTable('users')
      .set({ active: active ? 1 : 0, updated_at: nowIso() })
      .where('id', '=', userId)
      .where('role', '=', 'organizer')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return false;
    if (!active) await invalidateUserSessions(trx, userId);
    return true;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
