/** `npm run db:backup [-- out-file]`: online backup of DATABASE_URL. */
import { DEFAULT_DATABASE_URL } from '../db/connection';
import { backupDatabase, backupFiles, defaultBackupPath, filesBackupPath } from '../db/ops/backup';
import { storageDir } from '../app/modules/documents/storage.server';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const out = process.argv[2] || defaultBackupPath(url);
const { file, bytes } = await backupDatabase(url, out);
console.log(`backup written: ${file} (${(bytes / 1024).toFixed(0)} KiB)`);
const files = backupFiles(storageDir(url), file);
if (files) console.log(`uploaded files copied: ${filesBackupPath(file)} (${files} files)`);
