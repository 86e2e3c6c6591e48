/**
 * No secrets in the logs, and every line can be traced. The server runs at the
 * most verbose level (trace) while a user fails to log in, logs in, uses the
 * session cookie and changes the password; its whole stdout and stderr are then
 * searched for the passwords, the session tokens and the cookie values. Every
 * request line carries the request id the response announced (X-Request-Id),
 * and an unexpected server error shows the user an error reference that leads
 * to the matching error line in the log.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zh } from '../../app/i18n/messages/common';
import { seedFoundation } from '../../db/seed';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

const WRONG_PASSWORD = 'Wrong-pass-7Qz!x';
const NEW_PASSWORD = 'Changed-pass-2026-Kx9';
const SESSION_COOKIE = 'finmatch_session';

let server: TestServer;
/** X-Request-Id of every response the test received */
const responseIds: string[] = [];
const secrets = new Map<string, string>();

interface LogLine {
  level?: number | string;
  msg?: string;
  requestId?: string;
  [k: string]: unknown;
}

function logLines(): LogLine[] {
  return server
    .logs()
    .split('\n')
    .filter(Boolean)
    .map((line): LogLine => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        return { level: 'text', msg: line };
      }
    });
}

/** HttpClient that remembers the request id of each response. */
class TracingClient extends HttpClient {
  override async request(...args: Parameters<HttpClient['request']>): Promise<Response> {
    const res = await super.request(...args);
    const id = res.headers.get('x-request-id');
    if (id) responseIds.push(id);
    return res;
  }
}

/** Log lines reach the test through a pipe a moment after the response: wait for them. */
async function waitForLog(predicate: (lines: LogLine[]) => boolean, ms = 5_000): Promise<LogLine[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const lines = logLines();
    if (predicate(lines) || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  // production mode, as deployed (error pages without internals); it seeds nothing,
  // so the demo logins are added here
  server = await startServer({
    env: { NODE_ENV: 'production', SESSION_SECRET: 'logs-test-secret-not-for-production-use', COOKIE_SECURE: 'false', LOG_LEVEL: 'trace' },
  });
  await seedFoundation((await server.database()).db);
});
afterAll(async () => {
  await server?.stop();
});

describe('logs', () => {
  it('record a login with a wrong and a right password, cookie use and a password change', async () => {
    const client = new TracingClient(server.url);
    const wrong = await client.post('/login', { email: DEMO.enterprise, password: WRONG_PASSWORD });
    expect(wrong.status).toBe(401);

    const right = await client.post('/login', { email: DEMO.enterprise, password: DEMO.password });
    expect(right.status).toBe(302);
    const token = client.cookies.get(SESSION_COOKIE);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    secrets.set('first session token', token!);

    const page = await client.get('/account/password');
    expect(page.status).toBe(200);
    await page.arrayBuffer();

    const wrongCurrent = await client.post('/account/password', {
      currentPassword: WRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(wrongCurrent.status).toBe(400);
    const changed = await client.post('/account/password', {
      currentPassword: DEMO.password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(changed.status).toBe(302);
    // the current device stays signed in; its cookie is sent once more
    expect((await client.get('/account/sessions')).status).toBe(200);

    const again = new TracingClient(server.url);
    await again.login(DEMO.enterprise, NEW_PASSWORD);
    secrets.set('second session token', again.cookies.get(SESSION_COOKIE)!);
    for (const [name, value] of again.cookies) secrets.set(`cookie ${name}`, value);
    for (const [name, value] of client.cookies) secrets.set(`cookie ${name} (first client)`, value);
    expect((await again.get('/')).status).toBe(200);
    secrets.set('old password', DEMO.password);
    secrets.set('wrong password', WRONG_PASSWORD);
    secrets.set('new password', NEW_PASSWORD);
  });

  it('contain none of the passwords, session tokens or cookie values', async () => {
    await waitForLog((lines) => responseIds.every((id) => lines.some((l) => l.msg === 'request' && l.requestId === id)));
    const output = server.logs();
    expect(output.length).toBeGreaterThan(0);
    const found = [...secrets].filter(([, value]) => output.includes(value)).map(([name]) => name);
    expect(found, 'secrets found in the server output').toEqual([]);
    // nor any cookie header or the URL-encoded form of a password
    expect(output).not.toMatch(/finmatch_session=/i);
    expect(output).not.toContain(encodeURIComponent(NEW_PASSWORD));
    expect(output).not.toMatch(/password_hash|\$argon2/);
  });

  it('give every request line the request id its response announced', async () => {
    const ids = (lines: LogLine[]) => new Set(lines.filter((l) => l.msg === 'request').map((l) => l.requestId));
    await waitForLog((lines) => responseIds.every((id) => ids(lines).has(id)));
    const requests = logLines().filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(responseIds.length);
    for (const line of requests) expect(line.requestId, JSON.stringify(line)).toMatch(/^[\w-]{8,64}$/);
    const logged = new Set(requests.map((l) => l.requestId));
    expect(
      responseIds.filter((id) => !logged.has(id)),
      'responses whose request id is not in the log',
    ).toEqual([]);
    // ids are unique per request
    expect(new Set(responseIds).size).toBe(responseIds.length);
  });

  it('keep a hostile X-Request-Id from writing its own log lines', async () => {
    // a page (the liveness probes /ping and /healthz write no request line when they succeed)
    const res = await fetch(`${server.url}/login`, { headers: { 'X-Request-Id': 'abc\\n{"level":60,"msg":"forged"}' } });
    await res.arrayBuffer();
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[\w-]+$/);
    const lines = await waitForLog((ls) => ls.some((l) => l.msg === 'request' && l.requestId === id));
    expect(lines.some((l) => l.msg === 'request' && l.requestId === id)).toBe(true);
    expect(lines.some((l) => l.msg === 'forged')).toBe(false);
  });

  it('log a page that is not there as a request, not as an error', async () => {
    const res = await fetch(`${server.url}/no-such-page-${Date.now()}`);
    await res.arrayBuffer();
    expect(res.status).toBe(404);
    const id = res.headers.get('x-request-id')!;
    const lines = (await waitForLog((ls) => ls.some((l) => l.msg === 'request' && l.requestId === id))).filter((l) => l.requestId === id);
    expect(lines.some((l) => l.msg === 'request' && l.status === 404)).toBe(true);
    const errors = lines.filter((l) => l.level === 'error' || (typeof l.level === 'number' && l.level >= 50));
    expect(errors, 'error lines for a 404').toEqual([]);
  });

  it('show an error reference on a server error that leads to the error in the log', async () => {
    const client = new TracingClient(server.url);
    await client.login(DEMO.bank, DEMO.password);
    expect((await client.get('/bank/interests')).status).toBe(200);
    // the database fails under the page: a table the page reads is gone
    const { db } = await server.database();
    await sql`alter table need_interests rename to need_interests_away`.execute(db);
    let res: Response;
    let html: string;
    try {
      res = await client.get('/bank/interests');
      html = await res.text();
    } finally {
      await sql`alter table need_interests_away rename to need_interests`.execute(db);
    }
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[\w-]{8,}$/);
    const reference = zh['error.traceId'].replace('{id}', id);
    expect(html).toContain(reference);
    // no internals on the page
    expect(html).not.toMatch(/need_interests|SqliteError|error: relation|at [\w.]+ \(/);

    // the same id on the request line (status 500) and on the error line with the cause
    const lines = (await waitForLog((ls) => ls.some((l) => l.msg === 'request' && l.requestId === id))).filter((l) => l.requestId === id);
    expect(lines.some((l) => l.msg === 'request' && l.status === 500)).toBe(true);
    const errors = lines.filter((l) => l.level === 'error' || (typeof l.level === 'number' && l.level >= 50));
    expect(errors.length, `error lines with requestId ${id}`).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).toMatch(/need_interests/);
    // the page works again once the table is back
    expect((await client.get('/bank/interests')).status).toBe(200);
  });
});
