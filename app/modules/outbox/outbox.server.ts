/**
 * The durable outbox (docs/decisions/027c). A message that leaves the app is
 * queued with `queueEmail(trx, …)` inside the transaction of the change that
 * caused it: the row and its delivery job commit together, or neither does. The
 * `outbox.deliver` job sends it; a failure (SMTP server down, provider error) is
 * recorded on the row and retried with growing delays — it never fails the
 * user's action and never loses the message. After the last retry the row stays
 * `failed`, with its last error, for an administrator to see.
 *
 * E-mail goes through SMTP (`SMTP_URL`, e.g. smtp://user:pass@mail.example:587;
 * `MAIL_FROM` the sender). Without SMTP_URL messages are kept as `held`.
 */
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { defineJob, enqueue } from '~/modules/jobs/jobs.server';

export const OUTBOX_RETRIES = 8;

export interface EmailMessage {
  /** the addressee's account, when there is one */
  userId?: string | null;
  to: string;
  /** what it is about, e.g. 'interest.new', 'password.reset' */
  kind: string;
  subject: string;
  text: string;
}

/** Writes the message and its delivery job with `db` (pass the change's transaction). Returns the message id. */
export async function queueEmail(db: DB, message: EmailMessage): Promise<string> {
  const id = newId();
  await db
    .insertInto('outbox_messages')
    .values({
      id, user_id: message.userId ?? null, channel: 'email', recipient: message.to.trim(), kind: message.kind,
      subject: message.subject.slice(0, 300), body: message.text, status: 'pending', last_error: null, created_at: nowIso(), sent_at: null,
    })
    .execute();
  await enqueue(db, deliverOutbox, { id });
  return id;
}

/* ---------------------------------------------------------------- transports */

/** Message-ID of an outbox message: the same on every attempt, so a receiver can spot a repeat. */
export function outboxMessageId(id: string): string {
  return `<${id}.outbox@finmatch>`;
}

type Mailer = { url: string; transport: import('nodemailer').Transporter };
let mailer: Mailer | null = null;

async function smtpTransport(url: string) {
  if (mailer?.url === url) return mailer.transport;
  const nodemailer = (await import('nodemailer')).default;
  mailer?.transport.close();
  const transport = nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as object);
  mailer = { url, transport };
  return transport;
}

async function sendEmail(row: { id: string; recipient: string; subject: string; body: string }): Promise<'sent' | 'held'> {
  const url = process.env.SMTP_URL;
  if (!url) return 'held';
  const transport = await smtpTransport(url);
  await transport.sendMail({
    from: process.env.MAIL_FROM || '政银企对接平台 <no-reply@finmatch.invalid>',
    to: row.recipient,
    subject: row.subject,
    text: row.body,
    messageId: outboxMessageId(row.id),
  });
  return 'sent';
}

/* ---------------------------------------------------------------- the job */

export const deliverOutbox = defineJob<{ id: string }>({
  name: 'outbox.deliver',
  retries: OUTBOX_RETRIES,
  retryDelaySeconds: Math.max(1, Number(process.env.OUTBOX_RETRY_DELAY_S) || 30),
  timeoutSeconds: 120,
  run: async ({ id }, { db, attempt }) => {
    const row = await db.selectFrom('outbox_messages').select(['id', 'channel', 'recipient', 'subject', 'body', 'status']).where('id', '=', id).executeTakeFirst();
    // already delivered (a repeated run) or gone: nothing to do
    if (!row || row.status === 'sent' || row.status === 'held') return;
    try {
      const outcome = await sendEmail(row);
      await db
        .updateTable('outbox_messages')
        .set((eb) => ({ status: outcome, attempts: eb('attempts', '+', 1), last_error: null, sent_at: outcome === 'sent' ? nowIso() : null }))
        .where('id', '=', id)
        .execute();
    } catch (error) {
      const final = attempt > OUTBOX_RETRIES;
      await db
        .updateTable('outbox_messages')
        .set((eb) => ({ status: final ? 'failed' : 'pending', attempts: eb('attempts', '+', 1), last_error: String((error as Error)?.message ?? error).slice(0, 500) }))
        .where('id', '=', id)
        .execute();
      throw error;
    }
  },
});

export const OUTBOX_JOBS = [deliverOutbox];
