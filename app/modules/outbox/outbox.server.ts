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
 * SMS goes through the provider SMS_PROVIDER names (./sms.server.ts, decision 033a).
 */
import type { OutboxChannel, OutboxStatus } from '#db/schema';
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { DEFAULT_PAGE_SIZE } from '~/utils/pagination';
import { offsetPage } from '~/utils/offset-page.server';
import { defineJob, enqueue } from '~/modules/jobs/jobs.server';
import { PermanentDeliveryError, smsProviderFromEnv } from './sms.server';

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
      id,
      user_id: message.userId ?? null,
      channel: 'email',
      recipient: message.to.trim(),
      kind: message.kind,
      subject: message.subject.slice(0, 300),
      body: message.text,
      status: 'pending',
      last_error: null,
      created_at: nowIso(),
      sent_at: null,
      params: null,
      provider: null,
    })
    .execute();
  await enqueue(db, deliverOutbox, { id });
  return id;
}

export interface SmsMessage {
  userId?: string | null;
  /** mainland mobile number, 11 digits */
  to: string;
  kind: string;
  /** the whole text, as the demo provider and the administrators see it */
  text: string;
  /** the provider template's parameters */
  params: Record<string, string>;
}

/** Like queueEmail, for an SMS. */
export async function queueSms(db: DB, message: SmsMessage): Promise<string> {
  const id = newId();
  await db
    .insertInto('outbox_messages')
    .values({
      id,
      user_id: message.userId ?? null,
      channel: 'sms',
      recipient: message.to.trim(),
      kind: message.kind,
      subject: message.kind,
      body: message.text,
      status: 'pending',
      last_error: null,
      created_at: nowIso(),
      sent_at: null,
      params: JSON.stringify(message.params),
      provider: null,
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
  if (!/^[^\s@]+@[^\s@]+$/.test(row.recipient)) throw new PermanentDeliveryError(`not an e-mail address: ${row.recipient}`);
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

type Delivery = { status: 'sent' | 'held'; provider: string | null; note: string | null };

async function deliver(row: {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  kind: string;
  subject: string;
  body: string;
  params: string | null;
}): Promise<Delivery> {
  if (row.channel === 'sms') {
    const provider = smsProviderFromEnv();
    const params = row.params ? (JSON.parse(row.params) as Record<string, string>) : {};
    const outcome = await provider.send({ id: row.id, to: row.recipient, kind: row.kind, text: row.body, params });
    return { status: 'sent', provider: outcome.provider, note: null };
  }
  const status = await sendEmail(row);
  return { status, provider: status === 'sent' ? 'smtp' : null, note: null };
}

export const deliverOutbox = defineJob<{ id: string }>({
  name: 'outbox.deliver',
  retries: OUTBOX_RETRIES,
  retryDelaySeconds: Math.max(1, Number(process.env.OUTBOX_RETRY_DELAY_S) || 30),
  // a run that takes longer is taken for dead (its process was killed) and runs again
  timeoutSeconds: Math.max(2, Number(process.env.OUTBOX_TIMEOUT_S) || 120),
  concurrency: 4,
  run: async ({ id }, { db, attempt }) => {
    const row = await db
      .selectFrom('outbox_messages')
      .select(['id', 'channel', 'recipient', 'kind', 'subject', 'body', 'params', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
    // already delivered (a repeated run), given up on, or gone: nothing to do
    if (!row || row.status === 'sent' || row.status === 'held' || row.status === 'failed') return;
    try {
      const outcome = await deliver(row);
      await db
        .updateTable('outbox_messages')
        .set((eb) => ({
          status: outcome.status,
          provider: outcome.provider,
          attempts: eb('attempts', '+', 1),
          last_error: outcome.note,
          sent_at: outcome.status === 'sent' ? nowIso() : null,
        }))
        .where('id', '=', id)
        .execute();
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryError;
      const final = permanent || attempt > OUTBOX_RETRIES;
      await db
        .updateTable('outbox_messages')
        .set((eb) => ({
          status: final ? 'failed' : 'pending',
          attempts: eb('attempts', '+', 1),
          last_error: String((error as Error)?.message ?? error).slice(0, 500),
        }))
        .where('id', '=', id)
        .execute();
      // a permanent failure is recorded and not retried
      if (!permanent) throw error;
    }
  },
});

/* ---------------------------------------------------------------- the administrators' page */

export interface OutboxListRow {
  id: string;
  channel: OutboxChannel;
  /** partly masked */
  recipient: string;
  kind: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  provider: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** 13812345678 → 138****5678; zhang.san@example.cn → zh******@example.cn */
export function maskRecipient(channel: OutboxChannel, recipient: string): string {
  if (channel === 'sms') return recipient.length >= 7 ? `${recipient.slice(0, 3)}****${recipient.slice(-4)}` : '****';
  const at = recipient.lastIndexOf('@');
  if (at < 1) return '****';
  const local = recipient.slice(0, at);
  return `${local.slice(0, Math.min(2, Math.max(1, local.length - 1)))}${'*'.repeat(Math.max(3, local.length - 2))}${recipient.slice(at)}`;
}

/** One-time links are the addressee's alone: an administrator reading the outbox never sees their tokens. */
export function redactLinks(body: string): string {
  return body.replace(/\/set-password\/[a-z2-7]+/g, '/set-password/••••••');
}

/** Newest first; `status` filters. */
export async function listOutbox(
  db: DB,
  opts: { page: number; status?: OutboxStatus | null; pageSize?: number },
): Promise<{ rows: OutboxListRow[]; total: number }> {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  let q = db.selectFrom('outbox_messages');
  if (opts.status) q = q.where('status', '=', opts.status);
  const { rows, total } = await offsetPage(
    q,
    (q) =>
      q
        .select([
          'id',
          'channel',
          'recipient',
          'kind',
          'subject',
          'body',
          'status',
          'attempts',
          'last_error',
          'provider',
          'created_at',
          'sent_at',
        ])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc'),
    { page: opts.page, pageSize },
  );
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      recipient: maskRecipient(r.channel, r.recipient),
      kind: r.kind,
      subject: r.subject,
      body: redactLinks(r.body),
      status: r.status,
      attempts: Number(r.attempts),
      lastError: r.last_error,
      provider: r.provider,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    })),
  };
}

export const OUTBOX_JOBS = [deliverOutbox];
