/**
 * The monthly bulletin (一月一通报) as a PDF: title, the month at a glance with
 * the news line, the bank and district rankings (rank, signed amount, change,
 * fulfilment, response timeliness) and the definitions. Noto Sans SC is embedded
 * as a subset (app/modules/pdf/font.server.ts), so it reads on any reader.
 *
 * The tables have a few dozen rows at most (banks of one region, its districts):
 * plain react-pdf layout renders them in well under a second (decision 019).
 */
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import type { Locale } from '~/i18n/locale';
import { makeTranslator, type Translate } from '~/i18n/translate';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { PDF_FONT, registerPdfFont } from '~/modules/pdf/font.server';
import { formatTotal, toWan } from '~/utils/money';
import { newsSentence } from './news';
import { changeText, rankText } from './rank';
import { formatPercentBp } from './ranking-month';
import { RANKING_NOTES } from './ranking-notes';
import type { MonthlyRanking, RankingRow } from './ranking.server';

const COLORS = { text: '#0f172a', muted: '#475569', rule: '#cbd5e1', header: '#e2e8f0', up: '#166534', down: '#991b1b' };

const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT, fontSize: 9, color: COLORS.text, paddingTop: 36, paddingBottom: 44, paddingHorizontal: 40 },
  title: { fontSize: 17, fontWeight: 'bold', textAlign: 'center' },
  subtitle: { fontSize: 11, textAlign: 'center', marginTop: 4 },
  generated: { fontSize: 8, color: COLORS.muted, textAlign: 'center', marginTop: 4, marginBottom: 12 },
  heading: { fontSize: 12, fontWeight: 'bold', marginTop: 14, marginBottom: 6 },
  paragraph: { fontSize: 10, lineHeight: 1.6, marginBottom: 4 },
  table: { borderTopWidth: 1, borderTopColor: COLORS.rule },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: COLORS.rule },
  headerRow: { flexDirection: 'row', backgroundColor: COLORS.header, borderBottomWidth: 0.5, borderBottomColor: COLORS.rule },
  cell: { paddingVertical: 3, paddingHorizontal: 3 },
  th: { fontWeight: 'bold' },
  right: { textAlign: 'right' },
  note: { fontSize: 8, color: COLORS.muted, lineHeight: 1.5, marginBottom: 2 },
  footer: { position: 'absolute', bottom: 20, left: 40, right: 40, fontSize: 8, color: COLORS.muted, textAlign: 'center' },
});

interface Column {
  header: string;
  width: number;
  right?: boolean;
  value: (r: RankingRow) => string;
  color?: (r: RankingRow) => string | undefined;
}

/** 2 000 000 元 → "+200" (万元), signed. */
function wanChange(yuan: number): string {
  if (yuan === 0) return '0';
  return `${yuan > 0 ? '+' : '-'}${toWan(Math.abs(yuan))}`;
}

function columns(t: Translate, nameHeader: string, name: (r: RankingRow) => string): Column[] {
  const rankColor = (r: RankingRow) => (r.change.kind !== 'moved' ? undefined : r.change.places > 0 ? COLORS.up : r.change.places < 0 ? COLORS.down : undefined);
  return [
    { header: t('ranking.col.rank'), width: 7, right: true, value: (r) => rankText(r, t('ranking.tied')) },
    { header: nameHeader, width: 27, value: name },
    { header: t('ranking.col.signedWan'), width: 13, right: true, value: (r) => toWan(r.signed) },
    { header: t('ranking.col.count'), width: 8, right: true, value: (r) => String(r.signedCount) },
    { header: t('ranking.col.signedChangeWan'), width: 11, right: true, value: (r) => wanChange(r.signedChange) },
    { header: t('ranking.col.rankChange'), width: 9, right: true, value: (r) => changeText(r.change, { same: t('ranking.change.same'), new: t('ranking.change.new') }), color: rankColor },
    { header: t('ranking.col.fulfilment'), width: 10, right: true, value: (r) => formatPercentBp(r.fulfilmentBp) },
    { header: t('ranking.col.timeliness'), width: 15, right: true, value: (r) => `${formatPercentBp(r.timelinessBp)} (${r.timely}/${r.due})` },
  ];
}

/** The units with nothing signed: listed apart, not ranked (decision 030a). */
export function idleText(t: Translate, rows: RankingRow[], name: (r: RankingRow) => string): string {
  const idle = rows.filter((r) => r.rank === null);
  const list = idle.length === 0 ? t('ranking.idle.none') : idle.map((r) => (r.prevRank !== null ? t('ranking.idle.prev', { name: name(r), rank: r.prevRank }) : name(r))).join('、');
  return `${t('ranking.idle.title')}：${list}`;
}

function RankingTable({ rows, cols }: { rows: RankingRow[]; cols: Column[] }) {
  return (
    <View style={styles.table}>
      <View style={styles.headerRow} fixed>
        {cols.map((c) => (
          <Text key={c.header} style={[styles.cell, styles.th, { width: `${c.width}%` }, c.right ? styles.right : {}]}>
            {c.header}
          </Text>
        ))}
      </View>
      {rows.filter((r) => r.rank !== null).map((r) => (
        <View key={r.key} style={styles.row} wrap={false}>
          {cols.map((c) => (
            <Text key={c.header} style={[styles.cell, { width: `${c.width}%` }, c.right ? styles.right : {}, c.color?.(r) ? { color: c.color(r) } : {}]}>
              {c.value(r)}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

export function monthDisplay(t: Translate, month: string): string {
  const [year, m] = month.split('-');
  return t('ranking.month.display', { year, month: String(Number(m)) });
}

export function districtDisplayName(t: Translate, r: Pick<RankingRow, 'name' | 'cityLevel'>): string {
  return r.cityLevel ? t('ranking.cityLevel', { name: r.name }) : r.name;
}

function RankingDocument({ ranking, locale }: { ranking: MonthlyRanking; locale: Locale }) {
  const t = makeTranslator(locale);
  const month = monthDisplay(t, ranking.month);
  const totals = ranking.totals;
  return (
    <Document title={`${t('ranking.pdf.title', { region: ranking.regionName })} ${month}`} author="Finmatch" language={locale}>
      <Page size="A4" orientation="landscape" style={styles.page}>
        <Text style={styles.title}>{t('ranking.pdf.title', { region: ranking.regionName })}</Text>
        <Text style={styles.subtitle}>{t('ranking.pdf.subtitle', { month })}</Text>
        <Text style={styles.generated}>{t('ranking.pdf.generated', { time: chinaDateTime(ranking.generatedAt) })}</Text>
        {ranking.asOf ? <Text style={styles.generated}>{t('ranking.asOf', { date: ranking.asOf })}</Text> : null}

        <Text style={styles.heading}>{t('ranking.summary')}</Text>
        <Text style={styles.paragraph}>
          {t('ranking.pdf.overview', {
            month,
            region: ranking.regionName,
            count: totals.signedCount,
            amount: formatTotal(totals.signed, locale),
            prev: formatTotal(totals.prevSigned, locale),
            fulfilment: formatPercentBp(totals.fulfilmentBp),
            timeliness: formatPercentBp(totals.timelinessBp),
          })}
        </Text>
        <Text style={styles.paragraph}>{newsSentence(ranking.news, locale)}</Text>

        <Text style={styles.heading} minPresenceAhead={60}>{t('ranking.banks')}</Text>
        <RankingTable rows={ranking.banks} cols={columns(t, t('ranking.col.bank'), (r) => r.name)} />
        <Text style={styles.paragraph}>{idleText(t, ranking.banks, (r) => r.name)}</Text>

        {ranking.showDistricts ? (
          <>
            <Text style={styles.heading} minPresenceAhead={60}>{t('ranking.districts')}</Text>
            <RankingTable rows={ranking.districts} cols={columns(t, t('ranking.col.district'), (r) => districtDisplayName(t, r))} />
            <Text style={styles.paragraph}>{idleText(t, ranking.districts, (r) => districtDisplayName(t, r))}</Text>
          </>
        ) : null}

        <View wrap={false}>
          <Text style={styles.heading}>{t('ranking.notes.title')}</Text>
          {RANKING_NOTES.map((k) => (
            <Text key={k} style={styles.note}>{t(k)}</Text>
          ))}
        </View>

        <Text style={styles.footer} fixed render={({ pageNumber, totalPages }) => t('ranking.pdf.page', { page: pageNumber, pages: totalPages })} />
      </Page>
    </Document>
  );
}

/** The bulletin as PDF bytes. */
export async function renderRankingPdf(ranking: MonthlyRanking, locale: Locale): Promise<Buffer> {
  registerPdfFont();
  return renderToBuffer(<RankingDocument ranking={ranking} locale={locale} />);
}
