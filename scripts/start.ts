/**
 * `npm start`: open the database from DATABASE_URL, migrate, seed demo data
 * (outside production, into an empty database), then serve on PORT.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { createApp, logger } from './server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const production = process.env.NODE_ENV === 'production';
  if (production && !process.env.SESSION_SECRET) {
    logger.fatal('SESSION_SECRET must be set in production; refusing to start');
    process.exit(1);
  }
  const handle = await createDatabase();
  const applied = await migrateToLatest(handle.db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const seedMode = process.env.DEMO_SEED ?? (production ? 'off' : 'on');
  if (!production && seedMode !== 'off') {
    const { seedDemoIfEmpty } = await import('../db/seed');
    const seeded = await seedDemoIfEmpty(handle.db);
    if (seeded) logger.info('demo data seeded');
  }
  await handle.db.destroy();

  // FINMATCH_BUILD_DIR: see remix.config.js
  const buildDir = process.env.FINMATCH_BUILD_DIR ? path.resolve(root, process.env.FINMATCH_BUILD_DIR) : null;
  const buildPath = path.join(buildDir ?? path.join(root, 'build'), 'index.js');
  if (!fs.existsSync(buildPath)) {
    logger.fatal('build/index.js is missing: run `npm run build` first');
    process.exit(1);
  }
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createApp(build, { publicDir: path.join(root, 'public'), assetsDir: buildDir ? path.join(buildDir, 'assets') : undefined });
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || '0.0.0.0';
  const server = app.listen(port, host, () => {
    logger.info({ port, database: handle.kind }, `Finmatch listening on http://localhost:${port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  logger.fatal({ err }, 'failed to start');
  process.exit(1);
});
