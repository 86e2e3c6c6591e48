/**
 * The size of V8's young generation for the worker processes (decision 049a).
 *
 * A page allocates a few megabytes that die young (Remix's request objects, the rows,
 * React's elements, the HTML). Under load a worker holds dozens of pages in flight, and
 * each scavenge copies everything still alive: with V8's default semi-space (16 MB) a
 * worker scavenged about 1,500 times in a benchmark run, 7 ms each. A 64 MB semi-space
 * scavenges a quarter as often and promotes less to the old generation.
 * The flag only takes effect on the command line (V8 sizes the heap before any code runs),
 * so the primary passes it to the workers it forks; a single process takes it from
 * `NODE_OPTIONS` (docs/deploy.md).
 */

/** Megabytes per semi-space when NODE_SEMI_SPACE_MB is unset. */
export const DEFAULT_SEMI_SPACE_MB = 64;

const FLAG = /(^|\s)--max-semi-space-size(=|\s|$)/;

/**
 * The arguments a forked worker adds to the primary's own: the semi-space flag, unless
 * the primary's command line or NODE_OPTIONS already names it, or NODE_SEMI_SPACE_MB is 0
 * (V8's default). A value that is not a whole number of megabytes up to 1024 falls back
 * to the default.
 */
export function youngGenerationArgs(
  execArgv: readonly string[] = process.execArgv,
  env: Record<string, string | undefined> = process.env,
): string[] {
  if (execArgv.some((a) => FLAG.test(a)) || FLAG.test(env.NODE_OPTIONS ?? '')) return [];
  const raw = env.NODE_SEMI_SPACE_MB?.trim();
  const n = raw ? Number(raw) : DEFAULT_SEMI_SPACE_MB;
  if (n === 0) return [];
  const mb = Number.isInteger(n) && n > 0 && n <= 1024 ? n : DEFAULT_SEMI_SPACE_MB;
  return [`--max-semi-space-size=${mb}`];
}
