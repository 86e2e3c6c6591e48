// A test fails on any unexpected console.error (tests that expect one stub it themselves).
import { afterEach, beforeEach, vi } from 'vitest';

let errors: unknown[][] = [];
let original: typeof console.error;

beforeEach(() => {
  errors = [];
  original = console.error;
  console.error = (...args: unknown[]) => {
    errors.push(args);
    original(...args);
  };
});

afterEach(() => {
  console.error = original;
  if (errors.length) {
    const first = errors[0].map((a) => (a instanceof Error ? a.stack : String(a))).join(' ');
    errors = [];
    throw new Error(`unexpected console.error: ${first}`);
  }
  vi.restoreAllMocks();
});
