/**
 * Where uploaded files live (issue 14): outside the database, behind one small
 * interface so that several app servers can share an object store later. The one
 * implementation is a local directory: `STORAGE_DIR`, by default `files/` beside
 * the SQLite database (data/files for the default database; data/files under the
 * working directory on PostgreSQL). Backups copy the directory
 * (db:backup writes `<backup>.files/`, db:restore puts it back).
 */
import fs from 'node:fs';
import path from 'node:path';
import { databaseKind, DEFAULT_DATABASE_URL, sqlitePath } from '#db/connection';

export interface FileStorage {
  readonly name: string;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** the bytes, or null when there is no such file */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

/** The local storage directory for a database URL (see the module comment). */
export function storageDir(databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): string {
  if (process.env.STORAGE_DIR) return path.resolve(process.env.STORAGE_DIR);
  if (databaseKind(databaseUrl) === 'sqlite') {
    const file = sqlitePath(databaseUrl);
    if (file !== ':memory:') return path.join(path.dirname(path.resolve(file)), 'files');
  }
  return path.resolve('data', 'files');
}

const KEY = /^[a-z0-9]{2}\/[a-z0-9]{8,64}$/;

export function localStorage(root: string): FileStorage {
  const at = (key: string) => {
    // keys are made by the app; anything else never touches the disk
    if (!KEY.test(key)) throw new Error(`bad storage key: ${key}`);
    return path.join(root, key);
  };
  return {
    name: 'local',
    async put(key, bytes) {
      const file = at(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // written whole or not at all: a temporary name, then a rename
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, bytes, { mode: 0o640 });
      await fs.promises.rename(tmp, file);
    },
    async get(key) {
      try {
        return await fs.promises.readFile(at(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async delete(key) {
      await fs.promises.rm(at(key), { force: true });
    },
  };
}

let current: FileStorage | null = null;

/** The app's storage (STORAGE_URL with another scheme is not implemented yet: refused at first use). */
export function fileStorage(): FileStorage {
  if (current) return current;
  const url = process.env.STORAGE_URL;
  if (url && !url.startsWith('file:')) throw new Error(`STORAGE_URL ${url.split(':')[0]}: only a local directory is implemented`);
  current = localStorage(url ? path.resolve(url.slice('file:'.length).replace(/^\/\/(?=\/)/, '')) : storageDir());
  return current;
}
