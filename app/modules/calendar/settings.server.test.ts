import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../../../tests/support/temp-db';
import { DEFAULT_RESPONSE_DUE_DAYS, getResponseDueDays, setResponseDueDays } from './settings.server';

let t: TempDatabase;
beforeAll(async () => {
  t = await createTempDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

describe('response deadline per region', () => {
  it('falls back from county to city to province to the platform default', async () => {
    expect(await getResponseDueDays(t.db, '410481')).toBe(DEFAULT_RESPONSE_DUE_DAYS);
    await setResponseDueDays(t.db, 7, null);
    expect(await getResponseDueDays(t.db, '410481')).toBe(7);
    await setResponseDueDays(t.db, 5, null, '410000');
    expect(await getResponseDueDays(t.db, '410481')).toBe(5);
    await setResponseDueDays(t.db, 4, null, '410400');
    expect(await getResponseDueDays(t.db, '410481')).toBe(4);
    expect(await getResponseDueDays(t.db, '410402')).toBe(4);
    await setResponseDueDays(t.db, 2, null, '410481');
    expect(await getResponseDueDays(t.db, '410481')).toBe(2);
  });

  it('keeps one region’s setting out of another', async () => {
    await setResponseDueDays(t.db, 10, null, '410100');
    expect(await getResponseDueDays(t.db, '410100')).toBe(10);
    expect(await getResponseDueDays(t.db, '410400')).toBe(4);
    expect(await getResponseDueDays(t.db, '410102')).toBe(10);
  });

  it('refuses out-of-range values', async () => {
    await expect(setResponseDueDays(t.db, 0, null, '410400')).rejects.toThrow(RangeError);
    await expect(setResponseDueDays(t.db, 31, null, '410400')).rejects.toThrow(RangeError);
  });
});
