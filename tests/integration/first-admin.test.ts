/**
 * The first administrator of an empty production database (issue 14):
 * `npm run admin:create` with --password-stdin, at a terminal prompt, or with a
 * one-time set-password link; then the administrator signs in and creates an
 * organizer. Runs on SQLite, and on PostgreSQL with TEST_PG_URL.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { uniqueEmail } from '../support/org-fixtures';
import { ROOT, startServer, type TestServer } from '../support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    env: { NODE_ENV: 'production', SESSION_SECRET: 'first-admin-test-secret-0123456789', COOKIE_SECURE: 'false', DEMO_SEED: 'off' },
  });
});
afterAll(async () => {
  await server?.stop();
});

const CLI = path.join(ROOT, 'scripts/admin-create.ts');

/** Runs admin:create against the server's database; `input` goes to standard input. */
function adminCreate(args: string[], input = '', opts: { tty?: boolean } = {}): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'warn' };
  const command = [process.execPath, '--import', 'tsx', CLI, ...args];
  // `script` gives the command a pseudo-terminal, as an operator's shell would
  const child: ChildProcessWithoutNullStreams = opts.tty
    ? spawn('script', ['-qec', command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null'], {
        cwd: ROOT,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    : spawn(command[0], command.slice(1), { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  if (opts.tty) {
    // type line by line once the prompt shows
    const lines = input.split('\n');
    const timer = setInterval(() => {
      const prompts = (out.match(/密码：/g) ?? []).length;
      const typed = lines.length - remaining.length;
      if (prompts > typed && remaining.length) child.stdin.write(`${remaining.shift()}\r`);
    }, 50);
    const remaining = [...lines];
    child.on('exit', () => clearInterval(timer));
  } else {
    child.stdin.end(input);
  }
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

async function users() {
  return (await server.database()).db.selectFrom('users').select(['email', 'role', 'password_hash']).execute();
}

describe('npm run admin:create on an empty production database', () => {
  it('starts empty: nobody can sign in', async () => {
    expect(await users()).toHaveLength(0);
  });

  it('refuses a weak password, a bad e-mail and a missing password source, writing nothing', async () => {
    const weak = await adminCreate(['--email', 'chief@jrb.gov.cn', '--name', '王主任', '--password-stdin'], 'password1\n');
    expect(weak.code).toBe(1);
    expect(weak.out).toContain('密码至少 10 位');
    const badEmail = await adminCreate(['--email', 'not-an-email', '--name', '王主任', '--password-stdin'], 'Strong-pass-2026!\n');
    expect(badEmail.code).toBe(1);
    expect(badEmail.out).toContain('请输入有效的电子邮箱');
    const notTty = await adminCreate(['--email', 'chief@jrb.gov.cn', '--name', '王主任']);
    expect(notTty.code).toBe(2);
    expect(notTty.out).toContain('标准输入不是终端');
    expect(await users()).toHaveLength(0);
  });

  it('creates the administrator from standard input; the administrator signs in and creates an organizer', async () => {
    const password = 'Jinrong-ban-2026!';
    const run = await adminCreate(['--email', 'Chief@JRB.gov.cn', '--name', '王主任', '--password-stdin'], `${password}\n`);
    expect(run.out).toContain('已创建管理员账户：chief@jrb.gov.cn');
    expect(run.code).toBe(0);
    const again = await adminCreate(['--email', 'chief@jrb.gov.cn', '--name', '王主任', '--password-stdin'], `${password}\n`);
    expect(again.code).toBe(1);
    expect(again.out).toContain('该邮箱已注册');

    const admin = new HttpClient(server.url);
    await admin.login('chief@jrb.gov.cn', password);
    const organizerEmail = uniqueEmail('organizer');
    const created = await admin.post('/admin/organizers', {
      name: '赵敏',
      email: organizerEmail,
      phone: '13700002222',
      password: 'Organizer-2026-ok',
      departmentName: '平顶山市地方金融管理局',
      regionCode: '410400',
    });
    expect(created.status).toBe(302);
    const organizer = new HttpClient(server.url);
    await organizer.login(organizerEmail, 'Organizer-2026-ok');
    expect((await organizer.get('/organizer/verifications')).status).toBe(200);
  });

  it('prompts for the password at a terminal without echoing it', async () => {
    const password = 'Terminal-typed-2026';
    const run = await adminCreate(['--email', 'tty-admin@jrb.gov.cn', '--name', '李科长'], `${password}\n${password}`, { tty: true });
    expect(run.out).toContain('已创建管理员账户：tty-admin@jrb.gov.cn');
    expect(run.out).not.toContain(password);
    expect(run.code).toBe(0);
    await new HttpClient(server.url).login('tty-admin@jrb.gov.cn', password);
  });

  it('prints a one-time set-password link valid 24 hours; the page sets the password once', async () => {
    const run = await adminCreate(['--email', 'deputy@jrb.gov.cn', '--name', '陈副主任', '--link', '--base-url', server.url]);
    expect(run.code).toBe(0);
    const link = /http:\/\/\S+\/set-password\/([a-z2-7]{32})/.exec(run.out);
    expect(link, run.out).not.toBeNull();
    const pathName = new URL(link![0]).pathname;
    const { db } = await server.database();
    const row = await db.selectFrom('password_tokens').selectAll().executeTakeFirstOrThrow();
    const hours = (new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()) / 3_600_000;
    expect(hours).toBe(24);
    expect(row.id).not.toContain(link![1]); // only the hash is kept

    const visitor = new HttpClient(server.url);
    // no password works before the link is used
    expect((await visitor.post('/login', { email: 'deputy@jrb.gov.cn', password: '!no-password' })).status).toBe(401);
    const page = await visitor.get(pathName);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('deputy@jrb.gov.cn');
    const mismatch = await visitor.post(pathName, { password: 'Deputy-chief-2026', confirmPassword: 'Deputy-chief-2027' });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('两次输入的密码不一致');
    const weak = await visitor.post(pathName, { password: 'deputy12345', confirmPassword: 'deputy12345' });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('密码不能包含您的邮箱名或姓名');
    const set = await visitor.post(pathName, { password: 'Fuzhuren-2026-ok', confirmPassword: 'Fuzhuren-2026-ok' });
    expect(set.status).toBe(302);
    expect(set.headers.get('location')).toBe('/login');
    await new HttpClient(server.url).login('deputy@jrb.gov.cn', 'Fuzhuren-2026-ok');

    const reused = await visitor.post(pathName, { password: 'Another-pass-2026', confirmPassword: 'Another-pass-2026' });
    expect(reused.status).toBe(404);
    expect(await reused.text()).toContain('该链接无效、已使用或已过期');
    const gone = await visitor.get(pathName);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('该链接无效、已使用或已过期');
  });

  it('refuses an expired link', async () => {
    const run = await adminCreate(['--email', 'late@jrb.gov.cn', '--name', '周科员', '--link', '--base-url', server.url]);
    const pathName = new URL(/http:\/\/\S+\/set-password\/[a-z2-7]{32}/.exec(run.out)![0]).pathname;
    const { db } = await server.database();
    const user = await db.selectFrom('users').select('id').where('email', '=', 'late@jrb.gov.cn').executeTakeFirstOrThrow();
    await db
      .updateTable('password_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', user.id)
      .execute();
    const res = await new HttpClient(server.url).post(pathName, { password: 'Too-late-2026-x', confirmPassword: 'Too-late-2026-x' });
    expect(res.status).toBe(404);
    const row = await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe('!no-password');
  });
});
