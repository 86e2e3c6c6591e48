/**
 * Where uploaded files live (issue 14, decisions 035g and 036g): outside the
 * database, behind one small interface.
 * - Local directory (default): `STORAGE_DIR` or `STORAGE_URL=file:/path`, else
 *   `files/` beside the SQLite database (data/files for the default database;
 *   data/files under the working directory on PostgreSQL). Backups copy the
 *   directory (db:backup writes `<backup>.files/`, db:restore puts it back).
 * - S3-compatible object store (several app servers): `STORAGE_URL=
 *   s3://KEY:SECRET@endpoint[:port]/bucket[/prefix][?region=…&style=virtual]`
 *   (`s3+http://` for an endpoint without TLS, e.g. MinIO on the local network;
 *   without KEY:SECRET the SDK's usual credentials, AWS_ACCESS_KEY_ID …). The
 *   bucket's own versioning or replication backs its files up (db:backup says so).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
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

/** Keys are made by the app; anything else never reaches the disk or the bucket. */
function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`bad storage key: ${key}`);
  return key;
}

export function localStorage(root: string): FileStorage {
  const at = (key: string) => path.join(root, checkedKey(key));
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

/** An S3-compatible store, parsed from STORAGE_URL (see the module comment). */
export interface S3Location {
  endpoint: string;
  bucket: string;
  prefix: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Parses an `s3://` or `s3+http://` STORAGE_URL; throws with what is wrong (never echoes the secret). */
export function parseS3Url(value: string): S3Location {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('STORAGE_URL: not a URL (s3://KEY:SECRET@host/bucket)');
  }
  const tls = url.protocol === 's3:' || url.protocol === 's3+https:';
  if (!tls && url.protocol !== 's3+http:') throw new Error(`STORAGE_URL: unknown scheme ${url.protocol}`);
  const [bucket, ...rest] = url.pathname.split('/').filter(Boolean);
  if (!url.hostname || !bucket) throw new Error('STORAGE_URL: the endpoint and the bucket are needed (s3://KEY:SECRET@host/bucket)');
  const user = decodeURIComponent(url.username);
  const secret = decodeURIComponent(url.password);
  if (Boolean(user) !== Boolean(secret)) throw new Error('STORAGE_URL: give both the access key and the secret, or neither');
  return {
    endpoint: `${tls ? 'https' : 'http'}://${url.host}`,
    bucket,
    prefix: rest.length ? `${rest.join('/')}/` : '',
    region: url.searchParams.get('region') || process.env.AWS_REGION || 'us-east-1',
    forcePathStyle: url.searchParams.get('style') !== 'virtual',
    credentials: user ? { accessKeyId: user, secretAccessKey: secret } : undefined,
  };
}

/**
 * Files as objects `<prefix><key>` of one bucket. Written whole by one PUT (an
 * object is there entire or not at all), the media type kept as the object's
 * Content-Type; a missing object reads as null.
 */
export function s3Storage(location: S3Location): FileStorage {
  const client = new S3Client({
    endpoint: location.endpoint,
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    credentials: location.credentials,
    maxAttempts: 3,
  });
  const Bucket = location.bucket;
  const objectKey = (key: string) => location.prefix + checkedKey(key);
  return {
    name: 's3',
    async put(key, bytes) {
      await client.send(new PutObjectCommand({ Bucket, Key: objectKey(key), Body: bytes, ContentLength: bytes.byteLength }));
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
        if (!res.Body) return null;
        return Buffer.from(await res.Body.transformToByteArray());
      } catch (e) {
        if (e instanceof NoSuchKey || (e instanceof S3ServiceException && e.$metadata.httpStatusCode === 404)) return null;
        throw e;
      }
    },
    async delete(key) {
      // S3 answers a delete of a missing object with success too
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },
  };
}

/** Which storage a STORAGE_URL / STORAGE_DIR setting names (for the app, db:backup and the docs). */
export function storageFromEnv(env: Partial<Record<string, string>> = process.env): FileStorage {
  const url = env.STORAGE_URL;
  if (!url) return localStorage(storageDir(env.DATABASE_URL || DEFAULT_DATABASE_URL));
  if (url.startsWith('file:')) return localStorage(path.resolve(url.slice('file:'.length).replace(/^\/\/(?=\/)/, '')));
  return s3Storage(parseS3Url(url));
}

let current: FileStorage | null = null;

/** The app's storage (STORAGE_URL or the local directory), made once. */
export function fileStorage(): FileStorage {
  current ??= storageFromEnv();
  return current;
}
