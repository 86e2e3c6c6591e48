/**
 * Sign-up verifies the mobile number (issue 14): a sign-up form goes with the SMS
 * code sent to its number. `signupPoster(db)` gives a `post(client, path, form)`
 * that first presses 获取验证码 (`intent=sendCode`), reads the code back from the
 * outbox row (the demo provider keeps the text there, as /admin/outbox shows it)
 * and then sends the form with it. A number the server refuses gets no code; the
 * form then goes without one (its answer is what the test is about).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { HttpClient } from './http-client';

type Form = Record<string, string | string[]>;

/** The code of the latest sign-up SMS to `phone`, or null. */
export async function signupCodeSentTo(db: Kysely<Database>, phone: string): Promise<string | null> {
  const row = await db
    .selectFrom('outbox_messages')
    .select('params')
    .where('recipient', '=', phone.replace(/[\s-]/g, ''))
    .where('kind', '=', 'code.signup')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? (JSON.parse(row.params ?? '{}').code ?? null) : null;
}

export function signupPoster(db: () => Promise<Kysely<Database>>) {
  return async (client: HttpClient, path: string, form: Form): Promise<Response> => {
    if (form.code !== undefined) return client.post(path, form);
    const phone = String(form.phone ?? '');
    const sent = await client.post(path, { intent: 'sendCode', phone });
    if (sent.status !== 200) return client.post(path, form);
    const code = await signupCodeSentTo(await db(), phone);
    return client.post(path, { ...form, code: code ?? '' });
  };
}
