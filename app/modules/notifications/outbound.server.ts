/**
 * Outbound copies of a notification (decision 033a): for each addressee, an
 * e-mail and/or an SMS per their channel choice for the kind, queued in the
 * outbox with the same `db` — the caller's transaction — so the copies exist if
 * and only if the change and its in-app notification commit. Delivery happens
 * later in the outbox job; its failures never reach the caller.
 *
 * The text is rendered now, in Chinese (the platform's language; accounts carry
 * no language of their own), from the same message keys as the in-app text.
 */
import { makeTranslator } from '~/i18n/translate';
import { queueEmail, queueSms } from '~/modules/outbox/outbox.server';
import type { DB } from '~/utils/db.server';
import { effectiveChannels, isOutboundKind } from './channels';
import { notificationMessageKey } from './display';

export type Payload = Record<string, string | number>;

/** The app's address for links in messages (APP_URL); a path alone when unset. */
export function appUrl(path: string): string {
  const base = (process.env.APP_URL ?? '').replace(/\/+$/, '');
  return `${base}${path}`;
}

/** Template parameters: the payload as strings, each within the 35 characters SMS templates allow. */
export function smsParams(payload: Payload): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, [...String(v)].slice(0, 35).join('')]));
}

export async function queueOutboundCopies(
  db: DB,
  userIds: readonly string[],
  kind: string,
  payload: Payload,
  link: string | null,
): Promise<number> {
  if (!isOutboundKind(kind) || userIds.length === 0) return 0;
  const t = makeTranslator('zh-CN');
  const text = t(notificationMessageKey(kind, payload), payload);
  let queued = 0;
  const ids = [...new Set(userIds)];
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    const [users, prefs] = await Promise.all([
      db.selectFrom('users').select(['id', 'email', 'phone', 'name']).where('id', 'in', chunk).where('active', '=', 1).execute(),
      db
        .selectFrom('notification_preferences')
        .select(['user_id', 'email', 'sms'])
        .where('user_id', 'in', chunk)
        .where('kind', '=', kind)
        .execute(),
    ]);
    for (const user of users) {
      const channels = effectiveChannels(
        user,
        prefs.find((p) => p.user_id === user.id),
      );
      if (channels.email) {
        const lines = [t('outbound.email.greeting', { name: user.name }), '', text];
        if (link) lines.push('', t('outbound.email.details', { url: appUrl(link) }));
        lines.push('', '——', t('outbound.email.footer', { url: appUrl('/account/notifications') }));
        await queueEmail(db, {
          userId: user.id,
          to: user.email,
          kind,
          subject: t('outbound.email.subject', { text }),
          text: lines.join('\n'),
        });
        queued++;
      }
      if (channels.sms) {
        await queueSms(db, { userId: user.id, to: user.phone, kind, text: t('outbound.sms.text', { text }), params: smsParams(payload) });
        queued++;
      }
    }
  }
  return queued;
}
