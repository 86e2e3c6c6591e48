/** Where the benchmarks find the build they run: the one helper for the bench scripts. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** FINMATCH_BUILD_DIR's build (given, or the environment's; relative to the repository), or build/ (remix.config.js). */
export function buildDirectory(given = process.env.FINMATCH_BUILD_DIR): string {
  return given ? path.resolve(ROOT, given) : path.join(ROOT, 'build');
}
