/** `npm run db:restore -- backup-file`: restore a backup into DATABASE_URL. */
import { DEFAULT_DATABASE_URL } from '../db/connection';
import { restoreDatabase, restoreFiles } from '../db/ops/backup';
import { storageDir } from '../app/modules/documents/storage.server';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const file = process.argv[2];
if (!file) {
  console.error('usage: npm run db:restore -- <backup-file>');
  process.exit(2);
}
await restoreDatabase(url, file);
console.log(`restored ${file} into ${url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@')}`);
const files = restoreFiles(storageDir(url), file);
if (files) console.log(`uploaded files restored: ${files} files`);
