/**
 * The body of the formal 通报, written from the data with the honest ranking
 * (decisions 030a, 030c). Pure: the PDF and the DOCX say exactly the same.
 */
import type { Locale } from '~/i18n/locale';
import type { Translate } from '~/i18n/translate';
import { formatTotal, formatWan } from '~/utils/money';
import { newsSentence } from './news';
import { formatPercentBp } from './ranking-month';
import type { MonthlyRanking, RankingRow } from './ranking.server';

/** How many ranked units the body names (the annex lists them all). */
const NAMED = 5;

export function monthDisplay(t: Translate, month: string): string {
  const [year, m] = month.split('-');
  return t('ranking.month.display', { year, month: String(Number(m)) });
}

function unitsParagraph(t: Translate, lead: string, rows: RankingRow[], name: (r: RankingRow) => string): string {
  const ranked = rows.filter((r) => r.rank !== null);
  const parts: string[] = [];
  if (ranked.length === 0) parts.push(t('bulletin.body.noneRanked'));
  else {
    const named = ranked.filter((r) => r.rank! <= NAMED);
    parts.push(
      t('bulletin.body.top', {
        list: named
          .map((r) =>
            t(r.tied ? 'bulletin.body.unitTied' : 'bulletin.body.unit', { name: name(r), rank: r.rank!, amount: formatWan(r.signed) }),
          )
          .join('、'),
      }),
    );
  }
  const fresh = ranked.filter((r) => r.change.kind === 'new');
  if (fresh.length) parts.push(t('bulletin.body.new', { list: fresh.map(name).join('、') }));
  const up = ranked.filter((r) => r.change.kind === 'moved' && r.change.places > 0);
  if (up.length)
    parts.push(
      t('bulletin.body.up', { list: up.map((r) => `${name(r)}（↑${r.change.kind === 'moved' ? r.change.places : 0}）`).join('、') }),
    );
  const idle = rows.filter((r) => r.rank === null);
  if (idle.length) parts.push(t('bulletin.body.idle', { list: idle.map(name).join('、') }));
  return `${lead}${parts.join('')}`;
}

/** Extra paragraphs (targets, decision 030d) are passed in by the caller. */
export function bulletinBody(t: Translate, locale: Locale, ranking: MonthlyRanking, extra: string[] = []): string[] {
  const month = monthDisplay(t, ranking.month);
  const totals = ranking.totals;
  const out = [
    `${t('ranking.pdf.overview', {
      month,
      region: ranking.regionName,
      count: totals.signedCount,
      amount: formatTotal(totals.signed, locale),
      prev: formatTotal(totals.prevSigned, locale),
      fulfilment: formatPercentBp(totals.fulfilmentBp),
      timeliness: formatPercentBp(totals.timelinessBp),
    })}${totals.signedCount > 0 ? newsSentence(ranking.news, locale) : ''}`,
    unitsParagraph(t, t('bulletin.body.banks'), ranking.banks, (r) => r.name),
  ];
  if (ranking.showDistricts)
    out.push(
      unitsParagraph(t, t('bulletin.body.districts'), ranking.districts, (r) =>
        r.cityLevel ? t('ranking.cityLevel', { name: r.name }) : r.name,
      ),
    );
  out.push(...extra);
  if (ranking.asOf) out.push(t('ranking.asOf', { date: ranking.asOf }));
  out.push(t('bulletin.body.closing'));
  return out;
}
