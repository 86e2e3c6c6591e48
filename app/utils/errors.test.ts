import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { errorReply } from './errors.server';

/** A conform submission that hands back what it was asked to reply. */
const submission = { reply: (options?: object) => ({ status: 'error' as const, ...options }) };

describe('errorReply (the one form adapter)', () => {
  it('puts field errors on their fields, with the status', () => {
    const e = new AppError(400, 'v.emailTaken', { fieldErrors: { email: ['v.emailTaken'] } });
    expect(errorReply(e, submission, { hideFields: ['password'] })).toEqual({
      status: 400,
      reply: { status: 'error', fieldErrors: { email: ['v.emailTaken'] }, hideFields: ['password'] },
    });
  });

  it('puts every form message of an error that has several on the form, else its message key', () => {
    const several = new AppError(409, 'meetings.conflict.a', { formErrors: ['meetings.conflict.a', 'meetings.conflict.b'] });
    expect(errorReply(several, submission).reply).toMatchObject({ formErrors: ['meetings.conflict.a', 'meetings.conflict.b'] });
    expect(errorReply(new AppError(409, 'x.stale'), submission)).toMatchObject({ status: 409, reply: { formErrors: ['x.stale'] } });
  });

  it('throws on a 404 (unless the form is about a link the visitor holds) and on anything that is not an AppError', () => {
    expect(() => errorReply(new AppError(404, 'error.notFound'), submission)).toThrow(AppError);
    expect(errorReply(new AppError(404, 'error.notFound'), submission, { notFoundOnForm: true }).status).toBe(404);
    const bug = new TypeError('bug');
    expect(() => errorReply(bug, submission)).toThrow(bug);
  });
});

/** Every file under `dir` whose name matches `pattern`, relative to `dir`. */
function filesUnder(dir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(path.basename(f)))
    .sort();
}

describe('the modules', () => {
  it('throw AppError for a refusal: no module server file returns an `{ ok: false }` result', () => {
    const dir = path.resolve(__dirname, '../modules');
    const files = filesUnder(dir, /\.server\.tsx?$/).filter((f) => !/\.test\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    // /healthz's JSON carries `database.ok` for monitors and load balancers: a field of
    // the report they read, kept as it is, not a result returned to other modules
    const report = (f: string, line: string) => f === path.join('health', 'health.server.ts') && /database = \{/.test(line);
    const offenders = files.flatMap((f) =>
      fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bok\s*:\s*false\b/.test(line) && !report(f, line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
