/**
 * A user's channel choices per kind of outbound message (/account/notifications,
 * decision 033a). Stored only once saved; before that the defaults hold.
 */
import type { Role } from '#db/schema';
import { inTransaction, type DB } from '~/utils/db.server';
import { nowIso } from '~/utils/ids';
import { effectiveChannels, KINDS_BY_ROLE, MOBILE, type OutboundKind } from './channels';

export interface PreferenceRow {
  kind: OutboundKind;
  email: boolean;
  sms: boolean;
}

export interface PreferenceAccount {
  id: string;
  role: Role;
  email: string;
  phone: string;
}

export async function channelPreferences(
  db: DB,
  user: PreferenceAccount,
): Promise<{ rows: PreferenceRow[]; canEmail: boolean; canSms: boolean }> {
  const saved = await db.selectFrom('notification_preferences').select(['kind', 'email', 'sms']).where('user_id', '=', user.id).execute();
  const rows = KINDS_BY_ROLE[user.role].map((kind) => ({
    kind,
    ...effectiveChannels(
      user,
      saved.find((s) => s.kind === kind),
    ),
  }));
  return { rows, canEmail: /@/.test(user.email), canSms: MOBILE.test(user.phone) };
}

/** Saves a choice for every kind of the user's role (kinds not listed are off). SMS stays off without a mobile number. */
export async function saveChannelPreferences(
  db: DB,
  user: PreferenceAccount,
  chosen: { email: ReadonlySet<string>; sms: ReadonlySet<string> },
): Promise<void> {
  const canSms = MOBILE.test(user.phone);
  const now = nowIso();
  const values = KINDS_BY_ROLE[user.role].map((kind) => ({
    user_id: user.id,
    kind,
    email: chosen.email.has(kind) ? 1 : 0,
    sms: canSms && chosen.sms.has(kind) ? 1 : 0,
    updated_at: now,
  }));
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('notification_preferences').where('user_id', '=', user.id).execute();
    await trx.insertInto('notification_preferences').values(values).execute();
  });
}
