/**
 * `npm run demo` (after `npm run build`): the production build of the app —
 * NODE_ENV=production, React's production server renderer — with the demo data
 * and the demo accounts (FINMATCH_DEMO=1) on SQLite (data/finmatch.db unless
 * DATABASE_URL says otherwise), on http://localhost:3000.
 *
 * A demo, not a deployment: without SESSION_SECRET it uses a fixed, public demo
 * secret, and cookies are not marked Secure (plain http on localhost or the LAN).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  NODE_ENV: 'production',
  FINMATCH_DEMO: '1',
  SESSION_SECRET: process.env.SESSION_SECRET || 'finmatch-demo-secret-public-not-for-production',
  COOKIE_SECURE: process.env.COOKIE_SECURE || 'false',
};
// the compiled start script of `npm run build`, as `npm start` runs it
const child = spawn(process.execPath, [path.join(root, 'build/start.js')], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
