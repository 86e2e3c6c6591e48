#!/usr/bin/env node
// Adds up vitest JSON reports (one per project run) and prints one plain line:
//   tests: N passed, N failed, N skipped
// preceded by one line per failed test (file, name, first line of the message).
// Exits 1 when a test failed, a test file failed to load, a report is missing,
// or no test ran at all.
//
// usage: node scripts/summarize-tests.mjs REPORT.json [REPORT.json …]
import fs from 'node:fs';
import path from 'node:path';

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const file of files) {
  const label = path.basename(file, '.json');
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(`${label}: no readable report (${err.code ?? err.message}) — the run did not finish`);
    failed += 1;
    continue;
  }
  let p = 0;
  let f = 0;
  let s = 0;
  for (const suite of report.testResults ?? []) {
    const results = suite.assertionResults ?? [];
    for (const t of results) {
      if (t.status === 'passed') p += 1;
      else if (t.status === 'failed') {
        f += 1;
        // named here so the last lines of a long log (all some CI views keep) say what failed
        const message = (t.failureMessages?.[0] ?? '').split('\n').find((line) => line.trim() !== '') ?? '';
        problems.push(`${label}: FAILED ${path.relative(process.cwd(), suite.name)} > ${t.fullName ?? t.title}: ${message.slice(0, 300)}`);
      } else s += 1; // pending, skipped, todo, disabled
    }
    // a file that failed to load or whose hooks failed has no failed test of its own
    if (suite.status === 'failed' && !results.some((t) => t.status === 'failed')) {
      f += 1;
      problems.push(`${label}: ${path.relative(process.cwd(), suite.name)} failed outside a test: ${(suite.message ?? '').split('\n')[0]}`);
    }
  }
  console.log(`  ${label}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}

for (const p of problems) console.log(`  ! ${p}`);
if (files.length === 0) console.log('  ! no reports given');
if (passed + failed === 0) console.log('  ! no test ran');
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed + failed === 0 ? 1 : 0);
