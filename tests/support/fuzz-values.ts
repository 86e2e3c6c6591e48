/**
 * Hostile input for the fuzz test (tests/integration/fuzz.test.ts): a catalogue
 * of values that break careless code, fast-check arbitraries over them and over
 * random text, and the plans that turn a page's form into a hostile request.
 */
import fc from 'fast-check';
import type { ScrapedForm } from './fuzz-forms';
import { plausibleValues } from './fuzz-forms';

/** 100 KB of text in three shapes (ASCII, CJK, astral emoji). */
export const HUGE = ['A'.repeat(100_000), '中'.repeat(34_000), '😀'.repeat(25_000)];

/** HTML fragments carrying the run's marker; none may come back unescaped. */
export function htmlPayloads(marker: string): string[] {
  return [
    `<xss-${marker}>`,
    `"><xss-${marker} x="`,
    `'><xss-${marker} x='`,
    `</textarea><xss-${marker}>`,
    `</title></script><xss-${marker}>`,
    `<script>xss_${marker}()</script>`,
    `<img src=x onerror=xss_${marker}()>`,
    `<svg/onload=xss_${marker}()>`,
    `javascript:xss_${marker}()`,
    `<!--<xss-${marker}>-->`,
    `<a href="javascript:xss_${marker}()">点击</a>`,
  ];
}

/**
 * Why `body` shows the marker unescaped (null when it does not): a raw tag,
 * an event-handler attribute or a javascript: URL built from the payloads.
 */
export function unescapedMarker(body: string, marker: string): string | null {
  // the payloads' tags with a raw "<": escaped they read &lt;… in HTML and \u003c… in the hydration JSON
  const raw = [
    `<xss-${marker}`,
    `<script>xss_${marker}`,
    `<img src=x onerror=xss_${marker}`,
    `<svg/onload=xss_${marker}`,
    `<a href="javascript:xss_${marker}`,
  ];
  for (const r of raw) if (body.includes(r)) return r;
  const js = new RegExp(`(?:href|src|action|formaction)\\s*=\\s*["']?\\s*javascript:xss_${marker}`, 'i');
  const m = js.exec(body);
  return m ? m[0] : null;
}

export const NUMBERS = [
  '-1',
  '0',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '-Infinity',
  '9223372036854775808',
  '9223372036854775807',
  '-9223372036854775809',
  '9007199254740993',
  '1.5',
  '0.0000001',
  '1e-7',
  '0x1F',
  '１２',
  '1,000',
  ' 12 ',
  '12abc',
  '+1',
  '--1',
  '3.177亿',
  '-300万',
  '1e21',
  '4294967296',
];
export const DATES = [
  '2026-02-30',
  '0000-01-01',
  '9999-12-31',
  '2026-13-01',
  '2026-1-1',
  '20261126',
  'tomorrow',
  '1970-01-01T00:00:00Z',
  '25:61',
];
export const CONTROL = [
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0003',
  '\u001b[31m红\u001b[0m',
  '\r\n\r\n',
  '\t',
  '\u007f',
  '\u0085',
  '\u2028\u2029',
  '\u0000'.repeat(50),
];
export const BIDI = ['\u202Eevil.exe\u202C', '\u2066x\u2069', '\u200B', '\uFEFF', '\u200F', '\u061C', '\u202Dabc'];
/** Redirect targets: non-ASCII (a 500 before issue 13), NUL, and ones a browser reads as another host. */
export const REDIRECT_TARGETS = [
  '/需求',
  '/需求?q=纺织#第一',
  '/a\u0000b',
  '/%00',
  '/\\evil.example',
  '//evil.example',
  '/\t/evil.example',
  '/\u200e/x',
  'https://evil.example',
  '/\u202e/x',
];
export const ASTRAL = ['😀', '👨‍👩‍👧‍👦', '𠀀𪚥', '🏳️‍🌈', 'e\u0301', '\uD800', '\uDFFF', 'ｆｕｌｌ'];
export const SQL = [
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '1; select pg_sleep(3)',
  '%',
  '_',
  '\\',
  "%' union select password_hash from users --",
  "') or ('1'='1",
  '$1',
  '?',
  "'",
  '%%%%',
];
export const ODD = [
  '',
  ' ',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  '[object Object]',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal template-injection probe is the point of this value
  '${7*7}',
  '../../etc/passwd',
  'C:\\con\\aux',
];

/** Values for `intent` no form offers. */
export const UNKNOWN_INTENTS = [
  'delete',
  'drop',
  'admin',
  '__proto__',
  'constructor',
  'toString',
  'publish ',
  'PUBLISH',
  'verify\u0000',
  '',
  '0',
  'undefined',
];

/** Odd field names: structured paths conform would build objects or huge arrays from, reserved words. */
export function oddNames(name: string): string[] {
  return [`${name}[0]`, `${name}.x`, `${name}[]`, `${name}[99999999]`, `${name}]`, `__proto__`, `constructor.prototype.x`, `${name}..x`];
}

export interface FuzzPools {
  marker: string;
  /** ids of records the actor must not reach (other tenants, other regions), and nonsense ids */
  ids: string[];
}

export function catalogue(p: FuzzPools): string[] {
  return [...NUMBERS, ...DATES, ...CONTROL, ...BIDI, ...ASTRAL, ...SQL, ...ODD, ...REDIRECT_TARGETS, ...htmlPayloads(p.marker), ...p.ids];
}

/** One hostile value: mostly from the catalogue, sometimes random text, rarely 100 KB. */
export function hostileValue(p: FuzzPools): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...catalogue(p)) },
    { weight: 3, arbitrary: fc.constantFrom(...htmlPayloads(p.marker)) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  );
}

export type Step =
  | { op: 'replace'; field: number; value: string }
  | { op: 'drop'; field: number }
  | { op: 'duplicate'; field: number; value: string }
  | { op: 'rename'; field: number; variant: number }
  | { op: 'extra'; name: string; value: string }
  /** the body sent as something other than a form: JSON, plain text, no type at all, broken multipart */
  | { op: 'encoding'; kind: Encoding };

export const ENCODINGS = ['json', 'text', 'none', 'broken-multipart'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface PostPlan {
  submitter: number;
  steps: Step[];
}

export function postPlan(form: ScrapedForm, p: FuzzPools): fc.Arbitrary<PostPlan> {
  const fieldCount = Math.max(1, form.fields.length);
  const field = fc.nat({ max: fieldCount - 1 });
  const value = hostileValue(p);
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), field, value }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), field }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate' as const), field, value }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('rename' as const), field, variant: fc.nat({ max: 7 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('encoding' as const), kind: fc.constantFrom(...ENCODINGS) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('extra' as const),
        name: fc.constantFrom('intent', 'version', 'id', '_action', 'status', 'organization_id', 'role'),
        value: fc.oneof(fc.constantFrom(...UNKNOWN_INTENTS), value),
      }),
    },
  );
  const submitter = fc.nat({ max: Math.max(0, form.submitters.length - 1) });
  const tampering = fc.record({ submitter, steps: fc.array(step, { minLength: 1, maxLength: 4 }) });
  // what a person can do in the browser: type anything into the typed fields
  const typed = form.fields.map((f, i) => (TYPED.has(f.type) ? i : -1)).filter((i) => i >= 0);
  if (!typed.length) return tampering;
  const typing = fc.record({
    submitter,
    steps: fc.array(fc.record({ op: fc.constant('replace' as const), field: fc.constantFrom(...typed), value }), {
      minLength: 1,
      maxLength: 3,
    }),
  });
  return fc.oneof({ weight: 1, arbitrary: typing }, { weight: 2, arbitrary: tampering });
}

/** Field types a person can type anything into (a browser sends hidden, select, checkbox and file values as the page set them). */
const TYPED = new Set(['text', 'textarea', 'email', 'tel', 'search', 'url', 'password', 'number', 'date', 'time', 'month']);

/**
 * A plan a person could produce with the page in a browser: only typed fields
 * replaced, nothing dropped, duplicated, renamed or added, the page's own submit button.
 */
export function isUserLike(form: ScrapedForm, plan: PostPlan): boolean {
  return plan.steps.every((s) => s.op === 'replace' && TYPED.has(form.fields[s.field]?.type ?? ''));
}

/** The body of a plan: the plausible form, then the hostile steps. */
export function planBody(form: ScrapedForm, plan: PostPlan): [string, string][] {
  let entries = plausibleValues(form);
  const sub = form.submitters[plan.submitter];
  if (sub) entries.push([sub.name, sub.value]);
  const names = form.fields.map((f) => f.name);
  for (const s of plan.steps) {
    if (s.op === 'encoding') continue; // applied when sending (see encodingOf)
    if (s.op === 'extra') {
      entries = entries.filter(([k]) => k !== s.name);
      entries.push([s.name, s.value]);
      continue;
    }
    const name = names[s.field] ?? 'intent';
    if (s.op === 'replace') {
      entries = entries.filter(([k]) => k !== name);
      entries.push([name, s.value]);
    } else if (s.op === 'drop') entries = entries.filter(([k]) => k !== name);
    else if (s.op === 'duplicate') entries.push([name, s.value]);
    else {
      const odd = oddNames(name)[s.variant % 8];
      entries = entries.map(([k, v]): [string, string] => (k === name ? [odd, v] : [k, v]));
    }
  }
  return entries;
}

/** How the plan's body goes on the wire: a form (default), or one of the hostile encodings. */
export function encodingOf(plan: PostPlan): Encoding | null {
  const e = plan.steps.find((s): s is Extract<Step, { op: 'encoding' }> => s.op === 'encoding');
  return e ? e.kind : null;
}

/** The raw body and Content-Type header of a hostile encoding. */
export function encodedBody(kind: Encoding, entries: [string, string][]): { body: string; type: string | null } {
  switch (kind) {
    case 'json':
      return { body: JSON.stringify(Object.fromEntries(entries)), type: 'application/json' };
    case 'text':
      return { body: entries.map(([k, v]) => `${k}=${v}`).join('\n'), type: 'text/plain;charset=UTF-8' };
    case 'none':
      return { body: new URLSearchParams(entries).toString(), type: null };
    default:
      return {
        body: `--fz\r\nContent-Disposition: form-data; name="${entries[0]?.[0] ?? 'x'}"\r\n\r\nunterminated`,
        type: 'multipart/form-data; boundary=fz',
      };
  }
}

/** Filters a GET form or a loader reads: the form's own names plus the usual ones. */
export const COMMON_FILTERS = ['page', 'q', 'status', 'sort', 'kind', 'region', 'month', 'tab', 'year', 'from', 'to', 'redirectTo', 'next'];

export function queryPlan(names: string[], p: FuzzPools): fc.Arbitrary<[string, string][]> {
  const all = [...new Set([...names, ...COMMON_FILTERS])];
  return fc.array(fc.tuple(fc.constantFrom(...all), hostileValue(p)), { minLength: 1, maxLength: 5 });
}

/** Short, printable description of a body for failure messages. */
export function describeBody(entries: [string, string][]): string {
  const short = (s: string) => (s.length > 60 ? `${JSON.stringify(s.slice(0, 40))}…(${s.length} chars)` : JSON.stringify(s));
  return entries.map(([k, v]) => `${short(k)}=${short(v)}`).join('&');
}
