/** `npm run db:backup [-- out-file]`: online backup of DATABASE_URL. */
import { DEFAULT_DATABASE_URL } from '../db/connection';
import { backupDatabase, backupFiles, defaultBackupPath, filesBackupPath } from '../db/ops/backup';
import { storageDir } from '../app/modules/documents/storage.server';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const out = process.argv[2] || defaultBackupPath(url);
const { file, bytes } = await backupDatabase(url, out);
console.log(`backup written: ${file} (${(bytes / 1024).toFixed(0)} KiB)`);
if (process.env.STORAGE_URL && !process.env.STORAGE_URL.startsWith('file:')) {
  // an object store keeps the files: its versioning or a bucket copy backs them up (docs/deploy.md)
  console.log('uploaded files: in the object store of STORAGE_URL, not copied — keep the bucket versioned or copy it (docs/deploy.md)');
} else {
  const files = backupFiles(storageDir(url), file);
  if (files) console.log(`uploaded files copied: ${filesBackupPath(file)} (${files} files)`);
}
