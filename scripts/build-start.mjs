// The last step of `npm run build`: the start script (app/server/start.ts) and the
// migrations (db/migrations/*.ts) compiled to plain JavaScript next to the Remix server
// build — build/start.js and build/migrations/*.js (or under FINMATCH_BUILD_DIR) — so
// `npm start` and the test servers run them with plain node, without TypeScript's
// loader hooks on every module the server imports (decision 040d).
//
// The packages stay imports of node_modules (not bundled); the app's own modules that
// start.ts imports (the database, the express layer, the demo seed) are bundled in.
// db/migrate.ts reads the migrations from `migrations/` beside the module it is in:
// db/migrations for the source, build/migrations for the bundle.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.env.FINMATCH_BUILD_DIR ? path.resolve(root, process.env.FINMATCH_BUILD_DIR) : path.join(root, 'build');

const common = {
  platform: 'node',
  format: 'esm',
  target: 'node20',
  bundle: true,
  packages: 'external',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: [path.join(root, 'app/server/start.ts')],
  outfile: path.join(outDir, 'start.js'),
  // where the repository is, seen from the compiled file (see `root` in start.ts)
  define: { FINMATCH_ROOT_FROM_START: JSON.stringify(path.relative(outDir, root) || '.') },
});

// a migration removed or renamed since the last build must not stay behind
const migrationsOut = path.join(outDir, 'migrations');
fs.rmSync(migrationsOut, { recursive: true, force: true });
const migrations = fs
  .readdirSync(path.join(root, 'db/migrations'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('.test.'))
  .map((f) => path.join(root, 'db/migrations', f));
await build({ ...common, entryPoints: migrations, outdir: migrationsOut });

console.log(`start script and ${migrations.length} migrations compiled into ${path.relative(root, outDir) || '.'}`);
