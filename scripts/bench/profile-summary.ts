/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, e.g. `npm run bench:http -- --cpu-prof dir`):
 * self time by package / file and the hottest functions, over every profile given.
 *
 *   npx tsx scripts/bench/profile-summary.ts dir/*.cpuprofile [--top 25] [--skip-s 30] [--until-s 40]
 */
import fs from 'node:fs';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const args = process.argv.slice(2);
const topIdx = args.indexOf('--top');
const TOP = topIdx >= 0 ? Number(args[topIdx + 1]) : 25;
const skipIdx = args.indexOf('--skip-s');
/** --skip-s N: leave out the first N seconds of each profile (start-up, module loading) */
const SKIP_US = skipIdx >= 0 ? Number(args[skipIdx + 1]) * 1e6 : 0;
const untilIdx = args.indexOf('--until-s');
/** --until-s N: leave out what follows the first N seconds (one page of request-cost's several) */
const UNTIL_US = untilIdx >= 0 ? Number(args[untilIdx + 1]) * 1e6 : Number.POSITIVE_INFINITY;
const files = args.filter((a) => a.endsWith('.cpuprofile'));

/** node_modules/<pkg>, the app build, or the file itself. */
function bucket(url: string): string {
  if (!url) return '(native/v8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return url;
  if (/\/(build|\.builds\/[^/]+)\/index\.js$/.test(url)) return 'app (server build)';
  return path.relative(process.cwd(), url.replace(/^file:\/\//, ''));
}

const byBucket = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const file of files) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = 0;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    if (at < SKIP_US || at > UNTIL_US) continue;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  for (const [id, us] of self) {
    const n = nodes.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)') continue;
    total += us;
    const b = bucket(n.callFrame.url);
    byBucket.set(b, (byBucket.get(b) ?? 0) + us);
    const f = `${name} ${b}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(f, (byFunction.get(f) ?? 0) + us);
  }
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms`;
console.log(`busy CPU in ${files.length} profile(s): ${(total / 1000).toFixed(0)} ms (idle excluded)\n\nby package / file:`);
for (const [b, us] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${pct(us)}  ${b}`);
console.log('\nhottest functions (self time):');
for (const [f, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${pct(us)}  ${f}`);
