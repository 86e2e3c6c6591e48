/** `npm run db:migrate`: apply pending migrations to DATABASE_URL. */
import { createDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';

const handle = await createDatabase();
try {
  const applied = await migrateToLatest(handle.db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await handle.db.destroy();
}
