/**
 * Online backup and restore for both databases.
 * SQLite: the SQLite online backup API (consistent while the app keeps writing).
 * PostgreSQL: pg_dump in custom format, restored with pg_restore --clean.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { databaseKind, sqlitePath } from '../connection';

const run = promisify(execFile);

export function defaultBackupPath(url: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.resolve('backups', `finmatch-${stamp}.${databaseKind(url) === 'postgres' ? 'dump' : 'db'}`);
}

export async function backupDatabase(url: string, outFile = defaultBackupPath(url)): Promise<{ file: string; bytes: number }> {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  if (databaseKind(url) === 'postgres') {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${outFile}`, url]);
  } else {
    const Database = (await import('better-sqlite3')).default;
    const source = new Database(sqlitePath(url), { fileMustExist: true, readonly: true });
    try {
      await source.backup(outFile);
    } finally {
      source.close();
    }
  }
  return { file: outFile, bytes: fs.statSync(outFile).size };
}

/**
 * Restores a backup over the database at `url`. For SQLite, stop the app first
 * (or point `url` at a new file); the copy is written through the backup API so
 * the target is never half-written.
 */
export async function restoreDatabase(url: string, backupFile: string): Promise<void> {
  if (!fs.existsSync(backupFile)) throw new Error(`backup file not found: ${backupFile}`);
  if (databaseKind(url) === 'postgres') {
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${url}`, backupFile]);
    return;
  }
  const Database = (await import('better-sqlite3')).default;
  const target = sqlitePath(url);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const source = new Database(backupFile, { fileMustExist: true, readonly: true });
  try {
    const check = source.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`backup failed its integrity check: ${String(check)}`);
    await source.backup(target);
  } finally {
    source.close();
  }
}

/** The uploaded files' directory beside a backup file: `<backup>.files`. */
export function filesBackupPath(backupFile: string): string {
  return `${backupFile}.files`;
}

/**
 * Copies the local file storage (uploaded documents) beside the database backup.
 * Files are written once and never changed (a new upload is a new file), so a copy
 * taken after the database backup holds every file the backup's rows name.
 * Returns the number of files copied (0 when there is no storage directory yet).
 */
export function backupFiles(storageDir: string, backupFile: string): number {
  if (!fs.existsSync(storageDir)) return 0;
  const target = filesBackupPath(backupFile);
  fs.cpSync(storageDir, target, { recursive: true, filter: (src) => !src.endsWith('.tmp') });
  let count = 0;
  for (const entry of fs.readdirSync(target, { recursive: true, withFileTypes: true })) if (entry.isFile()) count++;
  return count;
}

/** Puts the files saved by backupFiles back into the storage directory (nothing when the backup has none). */
export function restoreFiles(storageDir: string, backupFile: string): number {
  const source = filesBackupPath(backupFile);
  if (!fs.existsSync(source)) return 0;
  fs.mkdirSync(storageDir, { recursive: true });
  fs.cpSync(source, storageDir, { recursive: true });
  let count = 0;
  for (const entry of fs.readdirSync(source, { recursive: true, withFileTypes: true })) if (entry.isFile()) count++;
  return count;
}
