/**
 * What a page costs after its loaders (decision 039b): the production build's request
 * handler in this process, as app/server/server.ts calls it (route matching cached,
 * domain errors, who is asking resolved per request), on the benchmark data set in a
 * fresh SQLite file, signed in as the demo organizer. Each URL is measured twice, one
 * request at a time: live, and with every route loader's answer fixed (the first
 * answer, cloned), which leaves the React render, Remix's JSON round trip of the loader
 * data and the document's bytes — the part that grows with the page, apart from the SQL.
 * CPU time of this process (`process.cpuUsage`). Needs a build (`npm run build`).
 *
 *   npx tsx scripts/bench/render-cost.ts [--paths /dashboard,/notifications] [--requests 300] [--as organizer|bank]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDirectory } from './build-dir';

const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const N = Number(option('requests') || 300);
const PATHS = (option('paths') || '/dashboard').split(',');
const AS = option('as') === 'bank' ? 'bank@demo.finmatch.cn' : 'organizer@demo.finmatch.cn';

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-render-cost-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  // the server's environment, before the build and React are loaded
  Object.assign(process.env, {
    NODE_ENV: 'production',
    SESSION_SECRET: 'render-cost-secret-not-for-production',
    COOKIE_SECURE: 'false',
    DEMO_SEED: 'off',
    DATABASE_URL: url,
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
  });
  const { createDatabase } = await import('../../db/connection');
  const { migrateToLatest } = await import('../../db/migrate');
  const { seedDemo } = await import('../../db/seed');
  const { generateCatalog } = await import('./generate-catalog');
  const { createSession, generateSessionToken } = await import('../../app/modules/auth/auth-session.server');
  const { db } = await createDatabase(url);
  await migrateToLatest(db);
  await seedDemo(db);
  await generateCatalog(db);
  const user = await db.selectFrom('users').select('id').where('email', '=', AS).executeTakeFirstOrThrow();
  const token = generateSessionToken();
  await createSession(db, token, user.id);
  await db.destroy();
  const cookie = `finmatch_session=${token}`;

  const buildDir = buildDirectory();
  const build = await import(pathToFileURL(path.join(buildDir, 'index.js')).href);
  const { createRouteMatchingHandler } = await import('../../app/server/route-cache');
  const { withDomainErrors } = await import('../../app/utils/errors.server');
  let fixed = false;
  const answers = new Map<string, Response>();
  const routes: typeof build.routes = {};
  for (const [id, route] of Object.entries(build.routes) as [string, { module: { loader?: (a: { request: Request }) => unknown } }][]) {
    const loader = route.module.loader;
    routes[id] = loader
      ? {
          ...route,
          module: {
            ...route.module,
            loader: async (args: { request: Request }) => {
              const key = `${id} ${args.request.url}`;
              const known = answers.get(key);
              if (fixed && known) return known.clone();
              const answer = await loader(args);
              if (answer instanceof Response && !answers.has(key)) answers.set(key, answer.clone());
              return answer;
            },
          },
        }
      : route;
  }
  const remix = createRouteMatchingHandler(withDomainErrors({ ...build, routes }), 'production');
  const hooks = build.entry.module.serverHooks;
  const get = async (p: string) => {
    const { who } = await hooks.resolveWho(cookie);
    const context = { requestId: 'render-cost', cspNonce: 'render-cost', clientIp: null, who };
    const res: Response = await remix.handle(new Request(`http://localhost${p}`, { headers: { cookie } }), context, p.split('?')[0]);
    // the held bytes of the page (app/server/document-body.ts): arrayBuffer() answers from them
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
    return bytes;
  };
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  console.log(
    `render-cost: ${os.cpus().length} cpu(s), node ${process.version}, ${AS}, ${N} requests per figure; load average ${os.loadavg()[0].toFixed(1)}`,
  );
  for (const p of PATHS) {
    const figures: string[] = [];
    let page: Buffer = Buffer.alloc(0);
    for (const mode of ['live', 'after loaders'] as const) {
      fixed = mode !== 'live';
      for (let i = 0; i < 30; i++) page = await get(p);
      const c0 = cpu();
      for (let i = 0; i < N; i++) await get(p);
      figures.push(`${mode} ${((cpu() - c0) / N).toFixed(2)} ms`);
    }
    const html = page.toString('utf8');
    const data = /window\.__remixContext = (.*?);<\/script>/s.exec(html)?.[1] ?? '';
    const kb = (n: number) => (n / 1024).toFixed(1);
    console.log(`  ${p.padEnd(24)} ${figures.join(', ')}; page ${kb(page.length)} KB, loader data ${kb(Buffer.byteLength(data))} KB`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
