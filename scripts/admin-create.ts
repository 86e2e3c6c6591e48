/**
 * `npm run admin:create -- --email EMAIL --name NAME [--password-stdin | --link [--base-url URL]]`
 *
 * Creates an administrator in DATABASE_URL (SQLite or PostgreSQL; migrates first,
 * so it works on an empty database before the first start). The password is
 * - typed at a prompt (not echoed) when standard input is a terminal;
 * - read from standard input with --password-stdin (for scripts: `printf %s "$PW" | …`);
 * - or not set at all with --link: a one-time set-password link valid 24 h is printed
 *   (its host from --base-url, else APP_URL, else http://localhost:PORT).
 * A weak password is refused. Exit status 0 on success, 1 on any refusal, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { createDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { makeTranslator } from '../app/i18n/translate';
import { createAdministrator } from '../app/modules/admin/administrators.server';
import { passwordWeakness } from '../app/modules/auth/password-policy';
import { isAppError } from '../app/utils/errors';

const zh = makeTranslator('zh-CN');
const en = makeTranslator('en');
/** Both languages on one line: operators read either. */
const say = (key: string, params?: Record<string, string | number>) => `${zh(key, params)} / ${en(key, params)}`;

function fail(text: string, code = 1): never {
  process.stderr.write(`${text}\n`);
  process.exit(code);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // one trailing line break belongs to `echo`, not to the password
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    // raw (no echo) before the question shows: typing ahead is not echoed either
    stdin.setRawMode(true);
    process.stdout.write(question);
    stdin.resume();
    let value = '';
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.stdout.write('\n');
          reject(new Error('interrupted'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

function readArgs() {
  return parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      link: { type: 'boolean', default: false },
      'base-url': { type: 'string' },
    },
    strict: true,
  }).values;
}

async function main() {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs();
  } catch (error) {
    fail(`${(error as Error).message}\n${say('cli.usage')}`, 2);
  }
  if (!args.email || !args.name || (args['password-stdin'] && args.link)) fail(say('cli.usage'), 2);

  let password: string | null = null;
  if (args['password-stdin']) {
    password = await readStdin();
    if (!password) fail(say('cli.passwordEmpty'));
  } else if (!args.link) {
    if (!process.stdin.isTTY) fail(say('cli.notTty'), 2);
    password = await promptHidden(say('cli.passwordPrompt'));
    const weak = passwordWeakness(password, [args.email, args.name]);
    if (weak) fail(say(weak));
    if ((await promptHidden(say('cli.passwordConfirmPrompt'))) !== password) fail(say('v.passwordMismatch'));
  }

  const handle = await createDatabase();
  try {
    await migrateToLatest(handle.db);
    const result = await createAdministrator(handle.db, { email: args.email, name: args.name }, password).catch((e: unknown) => {
      if (isAppError(e)) return fail(say(e.messageKey));
      throw e;
    });
    console.log(say('cli.adminCreated', { email: args.email.trim().toLowerCase() }));
    if (result.setPasswordToken) {
      const base = (args['base-url'] || process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '');
      console.log(say('cli.setPasswordLink'));
      console.log(`${base}/set-password/${result.setPasswordToken}`);
    }
  } finally {
    await handle.db.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error) => fail(`admin:create failed: ${(error as Error).message}`),
);
