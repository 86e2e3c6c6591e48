// When a test fails while test servers run, the end of each server's log goes to stderr: a
// browser test that meets the error page (a 500) otherwise leaves no trace of the cause,
// since the servers' output is kept in memory only.
import { beforeEach } from 'vitest';
import { runningServers } from './server';

const TAIL_CHARS = 6_000;

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    for (const s of runningServers()) {
      const log = s.logs();
      if (!log.trim()) continue;
      const tail = log.length > TAIL_CHARS ? `…${log.slice(-TAIL_CHARS)}` : log;
      process.stderr.write(`\n--- log of the test server at ${s.url} (the test failed) ---\n${tail}\n--- end of log ---\n`);
    }
  });
});
