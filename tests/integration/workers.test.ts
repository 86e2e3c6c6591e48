/**
 * WEB_CONCURRENCY: the primary forks one worker per count, each with the larger young
 * generation (decision 049a) on its command line unless NODE_SEMI_SPACE_MB=0; the workers
 * serve pages, and SIGTERM stops them all. Linux: the workers are found through /proc.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

/** The processes whose parent is `pid`. */
function childPids(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      // the parent id is the 4th field, after the command name in parentheses
      const stat = readStat(Number(e));
      return stat !== '' && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    })
    .map(Number);
}

/** The command lines of the processes whose parent is `pid`. */
function childCommandLines(pid: number): string[][] {
  const out: string[][] = [];
  for (const child of childPids(pid)) {
    try {
      out.push(fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').filter(Boolean));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

async function workersOf(server: TestServer, count: number): Promise<string[][]> {
  const pid = server.process.pid!;
  for (let i = 0; i < 100; i++) {
    const found = childCommandLines(pid).filter((c) => c.some((a) => a.endsWith('start.js')));
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  return childCommandLines(pid);
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe.skipIf(process.platform !== 'linux')('worker processes', () => {
  it('forks two workers with a 64 MB semi-space that serve signed-in pages, and stops them on SIGTERM', async () => {
    server = await startServer({ env: { WEB_CONCURRENCY: '2' } });
    const workers = await workersOf(server, 2);
    expect(workers).toHaveLength(2);
    for (const argv of workers) expect(argv).toContain('--max-semi-space-size=64');
    // the primary itself runs without it (it serves nothing)
    expect(fs.readFileSync(`/proc/${server.process.pid}/cmdline`, 'utf8')).not.toContain('--max-semi-space-size');

    const client = new HttpClient(server.url);
    await client.login(DEMO.enterprise, DEMO.password);
    for (let i = 0; i < 6; i++) {
      const res = await client.get('/products');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('</html>');
    }

    const pids = childPids(server.process.pid!);
    await server.stop();
    server = null;
    expect(pids).toHaveLength(2);
    // every worker has ended (gone, or a zombie waiting for its reaper)
    for (const pid of pids) expect(fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(readStat(pid))).toBe(false);
  }, 120_000);

  it('keeps V8’s default when NODE_SEMI_SPACE_MB=0', async () => {
    server = await startServer({ env: { WEB_CONCURRENCY: '2', NODE_SEMI_SPACE_MB: '0' } });
    const plain = await workersOf(server, 2);
    expect(plain).toHaveLength(2);
    for (const argv of plain) expect(argv.some((a) => a.startsWith('--max-semi-space-size'))).toBe(false);
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
  }, 120_000);
});

function readStat(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}
