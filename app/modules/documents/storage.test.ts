/**
 * The S3-compatible file storage (issue 14, decision 036g) against a local S3
 * server (s3rver) started here: put, get, delete, a missing key, the key prefix,
 * and the STORAGE_URL forms.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from '../../../tests/support/s3';
import { parseS3Url, s3Storage, storageFromEnv } from './storage.server';

let s3: LocalS3;

beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3?.stop();
});

describe('STORAGE_URL', () => {
  it('reads endpoint, bucket, prefix, region and credentials', () => {
    expect(parseS3Url('s3://AK:S%2FK@oss-cn-hangzhou.aliyuncs.com/finmatch/prod/docs?region=oss-cn-hangzhou&style=virtual')).toEqual({
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
      bucket: 'finmatch',
      prefix: 'prod/docs/',
      region: 'oss-cn-hangzhou',
      forcePathStyle: false,
      credentials: { accessKeyId: 'AK', secretAccessKey: 'S/K' },
    });
    expect(parseS3Url('s3+http://minio.lan:9000/files')).toMatchObject({
      endpoint: 'http://minio.lan:9000',
      bucket: 'files',
      prefix: '',
      forcePathStyle: true,
      credentials: undefined,
    });
  });

  it('refuses a URL without bucket, a half credential or an unknown scheme, without echoing the secret', () => {
    expect(() => parseS3Url('s3://AK:SECRET@host')).toThrow(/bucket/);
    expect(() => parseS3Url('s3://AK@host/b')).toThrow(/access key and the secret/);
    expect(() => parseS3Url('ftp://host/b')).toThrow(/scheme/);
    try {
      parseS3Url('s3://AK:VERYSECRET@host');
    } catch (e) {
      expect(String(e)).not.toContain('VERYSECRET');
    }
  });

  it('chooses the store by STORAGE_URL: a local directory by default or for file:, S3 otherwise', () => {
    expect(storageFromEnv({ DATABASE_URL: 'file:/tmp/x/app.db' }).name).toBe('local');
    expect(storageFromEnv({ STORAGE_URL: 'file:/tmp/finmatch-files' }).name).toBe('local');
    expect(storageFromEnv({ STORAGE_URL: s3.url() }).name).toBe('s3');
  });
});

describe('S3 storage', () => {
  it('puts, gets and deletes an object under the prefix; a missing key reads as null', async () => {
    const store = s3Storage(parseS3Url(s3.url('documents')));
    const bytes = new Uint8Array(Buffer.from('营业执照 %PDF-1.4 bytes'));
    await store.put('ab/ab12cd34ef56', bytes);
    expect(await store.get('ab/ab12cd34ef56')).toEqual(Buffer.from(bytes));
    // the object is in the bucket under the prefix, as another server would read it
    const client = new S3Client({
      endpoint: `http://127.0.0.1:${s3.port}`,
      region: 'cn-north-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const raw = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'documents/ab/ab12cd34ef56' }));
    expect(Buffer.from(await raw.Body!.transformToByteArray())).toEqual(Buffer.from(bytes));
    await store.delete('ab/ab12cd34ef56');
    expect(await store.get('ab/ab12cd34ef56')).toBeNull();
    expect(await store.get('zz/zz00000000')).toBeNull();
    await store.delete('zz/zz00000000'); // deleting what is not there is no error
  });

  it('never sends a key the app did not make', async () => {
    const store = s3Storage(parseS3Url(s3.url()));
    await expect(store.put('../etc/passwd', new Uint8Array([1]))).rejects.toThrow(/bad storage key/);
    await expect(store.get('AB/../x')).rejects.toThrow(/bad storage key/);
  });

  it('fails a put loudly when the bucket does not exist (the upload is then refused, nothing half-written)', async () => {
    const store = s3Storage(parseS3Url(`s3+http://S3RVER:S3RVER@127.0.0.1:${s3.port}/no-such-bucket`));
    await expect(store.put('ab/ab12cd34ef56', new Uint8Array([1, 2, 3]))).rejects.toThrow();
  });
});
