import { parseWithZod } from '@conform-to/zod';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { FORM_LIMITS, fieldNameProblem, formDataProblem, readFormData } from './form-guard';

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

const conformAccepts = (name: string) => {
  try {
    parseWithZod(form([[name, 'x']]), { schema: z.any() });
    return true;
  } catch {
    return false;
  }
};

describe('fieldNameProblem', () => {
  it('accepts the names our forms use', () => {
    for (const name of [
      'title',
      'guarantees',
      'positions[0].title',
      'positions[4].wage_max',
      'agenda[2].starts_at',
      'a[]',
      'a.b.c',
      'a[0]b',
      '中文',
      '',
    ]) {
      expect(fieldNameProblem(name), name).toBeNull();
    }
  });

  it('refuses what conform cannot parse, reserved segments and huge indices', () => {
    expect(fieldNameProblem('a]')).toBe('syntax');
    expect(fieldNameProblem('a..b')).toBe('syntax');
    expect(fieldNameProblem('a[x]')).toBe('syntax');
    expect(fieldNameProblem('__proto__.polluted')).toBe('reserved');
    expect(fieldNameProblem('a.constructor')).toBe('reserved');
    expect(fieldNameProblem(`a[${FORM_LIMITS.maxIndex + 1}]`)).toBe('index');
    expect(fieldNameProblem('positions[99999999].title')).toBe('index');
    expect(fieldNameProblem(`a[${FORM_LIMITS.maxIndex}]`)).toBeNull();
  });

  it('never passes a name on which conform throws (generated names)', () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'b', '.', '[', ']', '0', '1', '9', '_'), maxLength: 12 });
    fc.assert(
      fc.property(name, (n) => {
        if (fieldNameProblem(n) === null) expect(conformAccepts(n), n).toBe(true);
      }),
      { seed: 20261126, numRuns: 3000 },
    );
  });
});

describe('formDataProblem', () => {
  it('checks conform intents and state', () => {
    expect(formDataProblem(form([['__intent__', '{not json']]))).toBe('intent-json');
    expect(formDataProblem(form([['__intent__', '"validate"']]))).toBe('intent-shape');
    expect(
      formDataProblem(form([['__intent__', JSON.stringify({ type: 'update', payload: { name: 'rows[99999999]', value: 'x' } })]])),
    ).toBe('intent-name');
    expect(formDataProblem(form([['__intent__', JSON.stringify({ type: 'insert', payload: { name: 'rows', index: 1e9 } })]]))).toBe(
      'intent-index',
    );
    expect(formDataProblem(form([['__state__', '{']]))).toBe('state-json');
    // an insert aimed at a plain text field: conform's own parse throws
    expect(
      formDataProblem(
        form([
          ['title', 'x'],
          ['__intent__', JSON.stringify({ type: 'insert', payload: { name: 'title' } })],
        ]),
      ),
    ).toBe('conform');
    // what the session form's "add agenda row" button really sends
    expect(
      formDataProblem(
        form([
          ['agenda[0].title', 'x'],
          ['__intent__', JSON.stringify({ type: 'insert', payload: { name: 'agenda' } })],
        ]),
      ),
    ).toBeNull();
  });

  it('limits the number of fields', () => {
    const many = Array.from({ length: FORM_LIMITS.maxFields + 1 }, (_, i): [string, string] => [`f${i}`, '1']);
    expect(formDataProblem(form(many))).toBe('too-many-fields');
    expect(formDataProblem(form(many.slice(1)))).toBeNull();
  });
});

describe('readFormData', () => {
  const rejected: string[] = [];
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation((line: string) => void rejected.push(JSON.parse(line).problem));
  });

  const post = (body: BodyInit | null, type?: string) =>
    new Request('http://localhost/x', { method: 'POST', body, headers: type ? { 'Content-Type': type } : {} });

  async function status(p: Promise<unknown>): Promise<number | 'ok'> {
    try {
      await p;
      return 'ok';
    } catch (e) {
      if (e instanceof Response) return e.status;
      throw e;
    }
  }

  it('turns unreadable bodies into a 400 Response', async () => {
    expect(await status(readFormData(post('{"a":1}', 'application/json')))).toBe(400);
    expect(await status(readFormData(post('a=1', 'text/plain')))).toBe(400);
    expect(await status(readFormData(post(null)))).toBe(400);
    expect(await status(readFormData(post('garbage', 'multipart/form-data; boundary=xyz')))).toBe(400);
    expect(rejected).toContain('unreadable-body');
  });

  it('turns hostile names into a 400 Response, at once', async () => {
    const started = performance.now();
    expect(await status(readFormData(post('title=x&positions%5B99999999%5D.title=a', 'application/x-www-form-urlencoded')))).toBe(400);
    expect(await status(readFormData(post('a%5D=1', 'application/x-www-form-urlencoded')))).toBe(400);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('hands ordinary forms through unchanged', async () => {
    const f = await readFormData(
      post('title=%E4%B8%AD&positions%5B0%5D.title=a&guarantees=credit&guarantees=pledge', 'application/x-www-form-urlencoded'),
    );
    expect(f.getAll('guarantees')).toEqual(['credit', 'pledge']);
    expect(f.get('title')).toBe('中');
  });
});

describe('the routes', () => {
  it('read form bodies only through readFormData (no route calls request.formData() itself)', () => {
    const dir = path.resolve(__dirname, '../routes');
    const offenders = fs.readdirSync(dir).filter((f) => /\.formData\(\)/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
