/** A real SMTP server (smtp-server) keeping every message it accepts, read back with mailparser. */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  port: number;
  mails: ParsedMail[];
  /** messages to this address */
  to: (address: string) => ParsedMail[];
  close: () => Promise<void>;
}

export async function startSmtp(port: number): Promise<TestSmtp> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const addressOf = (m: ParsedMail) => (m.to && 'text' in m.to ? m.to.text : '');
  return {
    port,
    mails,
    to: (address) => mails.filter((m) => addressOf(m) === address),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function until(check: () => boolean | Promise<boolean>, ms = 30_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
