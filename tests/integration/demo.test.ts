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
});
