/**
 * Production mode: refuses to start without SESSION_SECRET, never seeds demo data,
 * never lists demo accounts, and marks the session cookie Secure.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/modules/auth/password.server';
import { HttpClient } from '../support/http-client';
import { freePort, ROOT, serverCommand, startServer, tempSqliteUrl } from '../support/server';
import { insertUser } from '../support/temp-db';

// Each test starts its own server (migrations on a fresh database first); on a busy
// 2-core machine running both databases' suites side by side that alone can pass the
// default 30 s, so these tests get the hook's allowance.
const SERVER_TEST_TIMEOUT = 120_000;

describe('production mode', () => {
  it('refuses to start without SESSION_SECRET, saying why', { timeout: SERVER_TEST_TIMEOUT }, async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(await freePort()),
      DATABASE_URL: tempSqliteUrl('prod'),
    };
    delete env.SESSION_SECRET;
    const [command, args] = serverCommand();
    const child = spawn(command, args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('SESSION_SECRET must be set in production');
  });

  it('starts with a secret, seeds nothing and shows no demo accounts', { timeout: SERVER_TEST_TIMEOUT }, async () => {
    const server = await startServer({ env: { NODE_ENV: 'production', SESSION_SECRET: 'a-long-random-production-secret-for-tests' } });
    try {
      const { db } = await server.database();
      const users = await db.selectFrom('users').select('id').execute();
      expect(users).toHaveLength(0);
      const login = await (await fetch(`${server.url}/login`)).text();
      expect(login).toContain('name="email"');
      expect(login).not.toContain('demo.finmatch.cn');
      const health = await (await fetch(`${server.url}/healthz`)).json();
      expect(health.status).toBe('ok');
    } finally {
      await server.stop();
    }
  });
});

describe('production session cookie (issue 13, point 5)', () => {
  it('is named with the __Host- prefix (Secure, Path=/, no Domain) and a cookie without the prefix is not read', {
    timeout: SERVER_TEST_TIMEOUT,
  }, async () => {
    const server = await startServer({ env: { NODE_ENV: 'production', SESSION_SECRET: 'a-long-random-production-secret-for-tests' } });
    try {
      const { db } = await server.database();
      const email = 'prod-owner@test.finmatch.cn';
      await insertUser(db, { role: 'admin', email, passwordHash: await hashPassword('Prod-password-2026') });
      const client = new HttpClient(server.url);
      const res = await client.login(email, 'Prod-password-2026');
      const cookie = res.headers.getSetCookie().find((c) => c.includes('finmatch_session='))!;
      expect(cookie).toMatch(/^__Host-finmatch_session=[^;]+/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
      const token = client.cookies.get('__Host-finmatch_session')!;
      expect((await client.get('/account/sessions')).status).toBe(200);
      // the same token under the plain name (as a sibling subdomain could set it) does not sign in
      const plain = await fetch(`${server.url}/account/sessions`, { headers: { Cookie: `finmatch_session=${token}` }, redirect: 'manual' });
      expect(plain.status).toBe(302);
    } finally {
      await server.stop();
    }
  });
});
