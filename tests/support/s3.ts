/**
 * A local S3 server for tests (s3rver): a bucket in a temporary directory,
 * signed requests checked with its fixed key S3RVER/S3RVER. `url(prefix)` is the
 * STORAGE_URL that names it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';

export interface LocalS3 {
  port: number;
  directory: string;
  bucket: string;
  url: (prefix?: string) => string;
  stop: () => Promise<void>;
}

export async function startLocalS3(bucket = 'finmatch-files'): Promise<LocalS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = (await server.run()) as { port: number };
  return {
    port,
    directory,
    bucket,
    url: (prefix = '') => `s3+http://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}${prefix ? `/${prefix}` : ''}?region=cn-north-1`,
    stop: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
