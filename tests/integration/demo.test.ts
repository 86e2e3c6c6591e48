/**
 * `npm run demo` (scripts/demo.mjs, issue 19): the production build of the server
 * (NODE_ENV=production) with the demo data and the demo accounts on SQLite.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { freePort, ROOT, tempSqliteUrl } from '../support/server';

describe('npm run demo', () => {
  let url = '';
  let child: ReturnType<typeof spawn>;
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    // the environment of a fresh shell: no NODE_ENV, no SESSION_SECRET
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['NODE_ENV', 'SESSION_SECRET', 'COOKIE_SECURE', 'DEMO_SEED']) delete env[name];
    child = spawn(process.execPath, [path.join(ROOT, 'scripts/demo.mjs')], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: tempSqliteUrl('demo'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`demo exited (${child.exitCode}):\n${output}`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`demo did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
    }
  });

  it('serves in production mode, with the demo accounts listed and usable over plain http', async () => {
    const login = await fetch(`${url}/login`);
    expect(login.status).toBe(200);
    // production mode: the server's production-only header
    expect(login.headers.get('strict-transport-security')).toContain('max-age=');
    const html = await login.text();
    expect(html).toContain(DEMO.organizer);
    expect(html).toContain(DEMO.password);

    const client = new HttpClient(url);
    await client.login(DEMO.enterprise, DEMO.password);
    expect([...client.cookies.keys()]).toContain('finmatch_session');
    const home = await client.get('/enterprise/needs');
    expect(home.status).toBe(200);
  });

  it('shows a living platform: the demo enterprise has an application in every stage, the bank and the organizer have some to handle', async () => {
    const enterprise = new HttpClient(url);
    await enterprise.login(DEMO.enterprise, DEMO.password);
    const page = await enterprise.get('/enterprise/applications');
    expect(page.status).toBe(200);
    const html = await page.text();
    // the current step of each on-track application, and the off-track ones by their label
    const current = [...html.matchAll(/aria-current="step"[^>]*><span[^>]*>([^<]+)<\/span>/g)].map((m) => m[1]);
    for (const stage of ['已提交', '已受理', '审批中', '已授信', '已放款']) expect(current, stage).toContain(stage);
    expect(html).toContain('银行请您补充材料'); // 需补充材料
    expect(html).toMatch(/data-testid="application-stage">未获批准</);

    // the to-do items on the homes have applications in them
    const todo = (body: string, key: string) => {
      const at = body.indexOf(`data-testid="todo-${key}"`);
      expect(at, key).toBeGreaterThan(-1);
      const next = body.slice(at + 10).search(/data-testid="todo-(?!count|entry)/);
      return body.slice(at, next < 0 ? undefined : at + 10 + next);
    };
    const enterpriseHome = await (await enterprise.get('/')).text();
    expect(todo(enterpriseHome, 'applications')).toContain('/enterprise/applications');

    const bank = new HttpClient(url);
    await bank.login(DEMO.bank, DEMO.password);
    const bankHome = await (await bank.get('/')).text();
    for (const key of ['applicationsToHandle', 'overdueApplications']) expect(todo(bankHome, key)).toContain('/bank/applications');
    const bankList = await (await bank.get('/bank/applications')).text();
    for (const status of ['待受理', '已受理', '待补充材料', '已拒绝', '已批准']) expect(bankList, status).toContain(status);

    const organizer = new HttpClient(url);
    await organizer.login(DEMO.organizer, DEMO.password);
    const organizerHome = await (await organizer.get('/')).text();
    expect(todo(organizerHome, 'overdueApplications')).toContain('/needs/financing/');
  });
});
