/**
 * The formal monthly 通报 (decision 030c): the region's issuing-office settings
 * and the issued bulletins, numbered per region and calendar year of issue.
 */
import { sql } from 'kysely';
import { chinaDate } from '~/modules/calendar/working-days';
import { regionName } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { formatDocumentNo, type BulletinSettingsInput } from './bulletin-schema';
import { computeMonthlyRanking } from './ranking.server';

export interface BulletinSettings {
  issuer: string;
  numberPattern: string;
  mainTo: string;
  cc: string;
  signature: string;
  redHeader: boolean;
  /** false: not saved yet, these are the defaults */
  saved: boolean;
}

export interface IssuedBulletin {
  documentNo: string;
  year: number;
  number: number;
  issuedOn: string;
}

export function defaultBulletinSettings(regionCode: string): BulletinSettings {
  const name = regionName(regionCode);
  const issuer = `${name}地方金融管理局`;
  return {
    issuer,
    numberPattern: `${name.slice(0, 1)}金融〔{year}〕{no}号`,
    mainTo: '各县（市、区）金融工作部门，各银行业金融机构：',
    cc: '',
    signature: issuer,
    redHeader: true,
    saved: false,
  };
}

export async function getBulletinSettings(db: DB, regionCode: string): Promise<BulletinSettings> {
  const r = await db.selectFrom('bulletin_settings').selectAll().where('region_code', '=', regionCode).executeTakeFirst();
  if (!r) return defaultBulletinSettings(regionCode);
  return {
    issuer: r.issuer,
    numberPattern: r.number_pattern,
    mainTo: r.main_to,
    cc: r.cc,
    signature: r.signature,
    redHeader: Number(r.red_header) === 1,
    saved: true,
  };
}

export async function saveBulletinSettings(
  db: DB,
  regionCode: string,
  userId: string,
  v: Omit<BulletinSettingsInput, 'intent'>,
): Promise<void> {
  const row = {
    issuer: v.issuer,
    number_pattern: v.numberPattern,
    main_to: v.mainTo,
    cc: v.cc ?? '',
    signature: v.signature,
    red_header: v.redHeader ? 1 : 0,
    updated_by: userId,
    updated_at: nowIso(),
  };
  await db
    .insertInto('bulletin_settings')
    .values({ region_code: regionCode, ...row })
    .onConflict((oc) => oc.column('region_code').doUpdateSet(row))
    .execute();
}

export async function getIssuedBulletin(db: DB, regionCode: string, month: string): Promise<IssuedBulletin | null> {
  const r = await db
    .selectFrom('bulletins')
    .selectAll()
    .where('region_code', '=', regionCode)
    .where('month', '=', month)
    .executeTakeFirst();
  return r ? { documentNo: r.document_no, year: Number(r.year), number: Number(r.number), issuedOn: r.issued_on } : null;
}

/**
 * Gives the month's 通报 its number: the next in the region's year of issue
 * (1, 2, 3 …), once — issuing it again returns the same number. Two offices
 * issuing at once: the unique indexes refuse the second insert, which retries.
 */
export async function issueBulletin(
  db: DB,
  regionCode: string,
  month: string,
  userId: string,
  today = chinaDate(new Date()),
): Promise<IssuedBulletin> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await getIssuedBulletin(db, regionCode, month);
    if (existing) return existing;
    const settings = await getBulletinSettings(db, regionCode);
    const year = Number(today.slice(0, 4));
    const max = await db
      .selectFrom('bulletins')
      .select(sql<number | null>`max(number)`.as('n'))
      .where('region_code', '=', regionCode)
      .where('year', '=', year)
      .executeTakeFirst();
    const number = Number(max?.n ?? 0) + 1;
    const documentNo = formatDocumentNo(settings.numberPattern, year, number);
    try {
      await db
        .insertInto('bulletins')
        .values({
          id: newId(),
          region_code: regionCode,
          month,
          year,
          number,
          document_no: documentNo,
          issued_on: today,
          issued_by: userId,
          created_at: nowIso(),
        })
        .execute();
      return { documentNo, year, number, issuedOn: today };
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
  throw new Error('unreachable');
}

/** Everything the 通报 of a month needs: the ranking, the office's settings, its number if issued. */
export async function loadBulletin(db: DB, regionCode: string, month: string, today = chinaDate(new Date())) {
  const [ranking, settings, issued] = await Promise.all([
    computeMonthlyRanking(db, { regionCode, month, today }),
    getBulletinSettings(db, regionCode),
    getIssuedBulletin(db, regionCode, month),
  ]);
  return { ranking, settings, issued, today };
}
