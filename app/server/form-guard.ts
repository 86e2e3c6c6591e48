/**
 * Hostile form bodies must end in a 400, never in a 500 or an exhausted process.
 *
 * Every action reads its body with `request.formData()` and most hand it to
 * conform's `parseWithZod`, which turns field names into paths
 * (`positions[2].title`). Left alone:
 * - a body that is not a form (JSON, text/plain, no Content-Type, broken
 *   multipart) makes `formData()` throw a TypeError → 500;
 * - a name conform cannot parse (`a]`, `x..y`, `__proto__.x`) or a malformed
 *   `__intent__` / `__state__` value makes conform throw → 500;
 * - `positions[99999999].title` makes conform build an array of a hundred
 *   million slots: one small request takes gigabytes of memory.
 *
 * Actions read their body with `readFormData(request)` (below), which turns each
 * of these into a thrown 400 Response (`error.badRequest`, shown by the route's
 * error view): checked once here for every route instead of in each action, and
 * explicitly, without patching `Request.prototype`. See docs/security.md.
 */
import { parseWithZod } from '@conform-to/zod';
import { z } from 'zod';

export const FORM_LIMITS = {
  /** highest array index a field name or a conform intent may use (forms have a handful of rows) */
  maxIndex: 999,
  /** fields per body (the largest form has well under a hundred) */
  maxFields: 2_000,
};

const INTENT = '__intent__';
const STATE = '__state__';
const TOKEN = /([^.[\]]+)|\[(\d*)\]/g;

/** Why conform would fail on (or blow up with) this field name; null when the name is fine. */
export function fieldNameProblem(name: string, limits = FORM_LIMITS): string | null {
  if (name === '') return null;
  let last = 0;
  for (const m of name.matchAll(TOKEN)) {
    // conform allows a single "." between tokens and nothing else
    if (m.index !== last && !(m.index === last + 1 && name[last] === '.')) return 'syntax';
    const [, key, index] = m;
    if (key !== undefined && (key === '__proto__' || key === 'constructor' || key === 'prototype')) return 'reserved';
    if (index !== undefined && index !== '' && (index.length > 6 || Number(index) > limits.maxIndex)) return 'index';
    last = m.index + m[0].length;
  }
  return last === name.length ? null : 'syntax';
}

function intentProblem(raw: string, limits: typeof FORM_LIMITS): string | null {
  let intent: unknown;
  try {
    intent = JSON.parse(raw);
  } catch {
    return 'intent-json';
  }
  if (!intent || typeof intent !== 'object') return 'intent-shape';
  const { type, payload } = intent as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string' || payload === undefined) return 'intent-shape';
  if (payload && typeof payload === 'object') {
    const p = payload as Record<string, unknown>;
    if (p.name !== undefined && (typeof p.name !== 'string' || fieldNameProblem(p.name, limits))) return 'intent-name';
    for (const k of ['index', 'from', 'to'] as const) {
      if (p[k] !== undefined && !(Number.isInteger(p[k]) && (p[k] as number) >= 0 && (p[k] as number) <= limits.maxIndex))
        return 'intent-index';
    }
  }
  return null;
}

/** What is wrong with a parsed body (null when conform and the routes can take it). */
export function formDataProblem(form: FormData, limits = FORM_LIMITS): string | null {
  let count = 0;
  for (const [name, value] of form.entries()) {
    if (++count > limits.maxFields) return 'too-many-fields';
    if (name === INTENT || name === STATE) {
      if (typeof value !== 'string') return 'reserved-file';
      if (name === INTENT && value && intentProblem(value, limits)) return intentProblem(value, limits);
      if (name === STATE && value) {
        try {
          JSON.parse(value);
        } catch {
          return 'state-json';
        }
      }
      continue;
    }
    const problem = fieldNameProblem(name, limits);
    if (problem) return problem;
  }
  // Whatever else conform refuses (e.g. an insert intent aimed at a plain field) is
  // found by running its own structural parse once, with a schema that accepts anything.
  try {
    parseWithZod(form, { schema: z.any() });
  } catch {
    return 'conform';
  }
  return null;
}

function badRequest(): Response {
  return new Response(JSON.stringify({ message: 'error.badRequest' }), {
    status: 400,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

/**
 * The one way actions read a form body: `await readFormData(request)` instead of
 * `request.formData()`. Unreadable or hostile bodies throw a 400 Response
 * (`error.badRequest`, shown by the route's error view) and a warning line.
 * (tests/integration/fuzz.test.ts sends such bodies to every action;
 * app/server/form-guard.test.ts keeps `request.formData()` out of app/routes.)
 */
export async function readFormData(request: Request, limits = FORM_LIMITS): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    reject('unreadable-body');
    throw badRequest();
  }
  const problem = formDataProblem(form, limits);
  if (problem) {
    reject(problem);
    throw badRequest();
  }
  return form;
}

function reject(problem: string): void {
  console.warn(JSON.stringify({ level: 'warn', problem, msg: 'rejected form body' }));
}
