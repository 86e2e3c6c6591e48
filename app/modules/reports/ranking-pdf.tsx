/**
 * The monthly 通报 as a PDF in the layout of a 公文 (GB/T 9704-2012 proportions,
 * decision 030c): A4 portrait, margins 37 / 26 / 35 / 28 mm, an optional red 版头
 * (发文机关 + 文件 in red over a red rule) with the 文号, the title, 主送, the body
 * written from the data (./bulletin-text.ts), the 附件 note, the 落款 (signature and
 * the date in Chinese), 抄送, and page numbers “— 1 —”. The ranking tables follow
 * as the annex on landscape pages, with the 口径说明. Noto Sans SC is embedded as a
 * subset (app/modules/pdf/font.server.ts).
 *
 * The tables have a few dozen rows at most (banks of one region, its districts):
 * plain react-pdf layout renders them in well under a second (decision 019).
 */
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '~/modules/pdf/react-pdf.server';
import type { Locale } from '~/i18n/locale';
import { makeTranslator, type Translate } from '~/i18n/translate';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { PDF_FONT } from '~/modules/pdf/font.server';
import { followThroughTable } from '~/modules/followup/outcomes-report';
import { OUTCOME_NOTES } from '~/modules/followup/outcomes';
import type { FollowThroughOutcomes } from '~/modules/followup/outcomes.server';
import { toWan } from '~/utils/money';
import { chineseDate } from './bulletin-schema';
import type { BulletinSettings, IssuedBulletin } from './bulletin.server';
import { bulletinBody, monthDisplay } from './bulletin-text';
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
  const rankColor = (r: RankingRow) =>
    r.change.kind !== 'moved' ? undefined : r.change.places > 0 ? COLORS.up : r.change.places < 0 ? COLORS.down : undefined;
  return [
    { header: t('ranking.col.rank'), width: 7, right: true, value: (r) => rankText(r, t('ranking.tied')) },
    { header: nameHeader, width: 22, value: name },
    { header: t('ranking.col.signedWan'), width: 13, right: true, value: (r) => toWan(r.signed) },
    { header: t('ranking.col.count'), width: 8, right: true, value: (r) => String(r.signedCount) },
    { header: t('ranking.col.signedChangeWan'), width: 11, right: true, value: (r) => wanChange(r.signedChange) },
    {
      header: t('ranking.col.rankChange'),
      width: 9,
      right: true,
      value: (r) => changeText(r.change, { same: t('ranking.change.same'), new: t('ranking.change.new') }),
      color: rankColor,
    },
    { header: t('ranking.col.fulfilment'), width: 10, right: true, value: (r) => formatPercentBp(r.fulfilmentBp) },
    {
      header: t('ranking.col.timeliness'),
      width: 15,
      right: true,
      value: (r) => `${formatPercentBp(r.timelinessBp)} (${r.timely}/${r.due})`,
    },
    {
      header: t('ranking.col.satisfaction'),
      width: 15,
      right: true,
      value: (r) => `${formatPercentBp(r.satisfactionBp)} (${r.satisfied}/${r.rated})`,
    },
  ];
}

/** The units with nothing signed: listed apart, not ranked (decision 030a). */
export function idleText(t: Translate, rows: RankingRow[], name: (r: RankingRow) => string): string {
  const idle = rows.filter((r) => r.rank === null);
  const list =
    idle.length === 0
      ? t('ranking.idle.none')
      : idle.map((r) => (r.prevRank !== null ? t('ranking.idle.prev', { name: name(r), rank: r.prevRank }) : name(r))).join('、');
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
      {rows
        .filter((r) => r.rank !== null)
        .map((r) => (
          <View key={r.key} style={styles.row} wrap={false}>
            {cols.map((c) => (
              <Text
                key={c.header}
                style={[styles.cell, { width: `${c.width}%` }, c.right ? styles.right : {}, c.color?.(r) ? { color: c.color(r) } : {}]}
              >
                {c.value(r)}
              </Text>
            ))}
          </View>
        ))}
    </View>
  );
}

export { monthDisplay };

export function districtDisplayName(t: Translate, r: Pick<RankingRow, 'name' | 'cityLevel'>): string {
  return r.cityLevel ? t('ranking.cityLevel', { name: r.name }) : r.name;
}

const MM = 72 / 25.4;
const RED = '#d0021b';
const official = StyleSheet.create({
  // no lineHeight on the page: inherited by the absolute page number, it keeps that from being drawn
  page: {
    fontFamily: PDF_FONT,
    fontSize: 16,
    color: '#000000',
    paddingTop: 37 * MM,
    paddingBottom: 35 * MM,
    paddingLeft: 28 * MM,
    paddingRight: 26 * MM,
  },
  redIssuer: { color: RED, fontSize: 30, fontWeight: 'bold', textAlign: 'center', letterSpacing: 2, lineHeight: 1.3 },
  docNo: { fontSize: 16, textAlign: 'center', marginTop: 18 },
  docNoPlain: { fontSize: 16, textAlign: 'right' },
  redRule: { borderBottomWidth: 1.5, borderBottomColor: RED, marginTop: 6, marginBottom: 24 },
  title: { fontSize: 22, fontWeight: 'bold', textAlign: 'center', lineHeight: 1.5 },
  subtitle: { fontSize: 16, textAlign: 'center', marginBottom: 16 },
  mainTo: { fontSize: 16, lineHeight: 1.8 },
  body: { fontSize: 16, lineHeight: 1.8, textIndent: 32, textAlign: 'justify' },
  annexNote: { fontSize: 16, lineHeight: 1.8, marginTop: 16, textIndent: 32 },
  signature: { fontSize: 16, lineHeight: 1.8, textAlign: 'right', marginRight: 32, marginTop: 32 },
  date: { fontSize: 16, lineHeight: 1.8, textAlign: 'right', marginRight: 32 },
  cc: {
    fontSize: 14,
    lineHeight: 1.6,
    marginTop: 28,
    borderTopWidth: 0.75,
    borderBottomWidth: 0.75,
    borderColor: '#000000',
    paddingVertical: 4,
    paddingHorizontal: 14,
  },
  pageNo: { position: 'absolute', bottom: 20 * MM, left: 28 * MM, right: 26 * MM, fontSize: 14, textAlign: 'center' },
});

export interface BulletinOptions {
  settings: BulletinSettings;
  issued: IssuedBulletin | null;
  /** China-local date of a draft (not issued yet) */
  today: string;
  /** paragraphs added to the body (targets, decision 030d) */
  extra?: string[];
  /** 跟进成效 of the month: an annex table and its definitions (decision 037d) */
  followThrough?: FollowThroughOutcomes;
}

/** The 文号 shown: the issued number, or the pattern with □ for a draft. */
export function documentNoText(o: Pick<BulletinOptions, 'settings' | 'issued' | 'today'>): string {
  return o.issued ? o.issued.documentNo : o.settings.numberPattern.replaceAll('{year}', o.today.slice(0, 4)).replaceAll('{no}', '□');
}

function RankingDocument({ ranking, locale, options }: { ranking: MonthlyRanking; locale: Locale; options: BulletinOptions }) {
  const t = makeTranslator(locale);
  const month = monthDisplay(t, ranking.month);
  const { settings, issued } = options;
  const body = bulletinBody(t, locale, ranking, options.extra);
  const docNo = documentNoText(options);
  const pageNo = ({ pageNumber }: { pageNumber: number }) => `— ${pageNumber} —`;
  return (
    <Document title={`${t('ranking.pdf.title', { region: ranking.regionName })} ${month}`} author={settings.issuer} language={locale}>
      <Page size="A4" style={official.page}>
        {settings.redHeader ? (
          <>
            <Text style={official.redIssuer}>{t('bulletin.redHeader', { issuer: settings.issuer })}</Text>
            <Text style={official.docNo}>{docNo}</Text>
            <View style={official.redRule} />
          </>
        ) : (
          <Text style={[official.docNoPlain, { marginBottom: 24 }]}>{docNo}</Text>
        )}
        <Text style={official.title}>{t('ranking.pdf.title', { region: ranking.regionName })}</Text>
        <Text style={official.subtitle}>{t('ranking.pdf.subtitle', { month })}</Text>
        <Text style={official.mainTo}>{settings.mainTo}</Text>
        {body.map((p, i) => (
          <Text key={i} style={official.body}>
            {p}
          </Text>
        ))}
        <Text style={official.annexNote}>{t(ranking.showDistricts ? 'bulletin.annex.both' : 'bulletin.annex.banks')}</Text>
        <View wrap={false}>
          {settings.signature.split('\n').map((line, i) => (
            <Text key={i} style={[official.signature, i > 0 ? { marginTop: 0 } : {}]}>
              {line}
            </Text>
          ))}
          <Text style={official.date}>{chineseDate(issued?.issuedOn ?? options.today)}</Text>
        </View>
        {settings.cc ? (
          <Text style={official.cc} wrap={false}>
            {t('bulletin.cc', { cc: settings.cc })}
          </Text>
        ) : null}
        <Text style={official.pageNo} fixed render={pageNo} />
      </Page>
      <Page size="A4" orientation="landscape" style={styles.page}>
        <Text style={styles.heading}>{t('bulletin.annex.title', { n: 1 })}</Text>
        <Text style={styles.title}>
          {t('ranking.banks')}（{month}）
        </Text>
        <RankingTable rows={ranking.banks} cols={columns(t, t('ranking.col.bank'), (r) => r.name)} />
        <Text style={styles.paragraph}>{idleText(t, ranking.banks, (r) => r.name)}</Text>

        {ranking.showDistricts ? (
          <View break>
            <Text style={styles.heading}>{t('bulletin.annex.title', { n: 2 })}</Text>
            <Text style={styles.title}>
              {t('ranking.districts')}（{month}）
            </Text>
            <RankingTable rows={ranking.districts} cols={columns(t, t('ranking.col.district'), (r) => districtDisplayName(t, r))} />
            <Text style={styles.paragraph}>{idleText(t, ranking.districts, (r) => districtDisplayName(t, r))}</Text>
          </View>
        ) : null}

        {options.followThrough ? (
          <FollowThroughAnnex t={t} f={options.followThrough} n={ranking.showDistricts ? 3 : 2} month={month} />
        ) : null}

        <View wrap={false}>
          <Text style={styles.heading}>{t('ranking.notes.title')}</Text>
          {ranking.asOf ? <Text style={styles.note}>{t('ranking.asOf', { date: ranking.asOf })}</Text> : null}
          {RANKING_NOTES.map((k) => (
            <Text key={k} style={styles.note}>
              {t(k)}
            </Text>
          ))}
          {options.followThrough
            ? [t('followThrough.asOf', { date: options.followThrough.asOf }), ...OUTCOME_NOTES.map((k) => t(k))].map((line) => (
                <Text key={line} style={styles.note}>
                  {line}
                </Text>
              ))
            : null}
          <Text style={styles.note}>{t('ranking.pdf.generated', { time: chinaDateTime(ranking.generatedAt) })}</Text>
        </View>

        <Text style={styles.footer} fixed render={pageNo} />
      </Page>
    </Document>
  );
}

/** 跟进成效 as an annex table: districts, then banks and departments, each rate with numerator/denominator. */
function FollowThroughAnnex({ t, f, n, month }: { t: Translate; f: FollowThroughOutcomes; n: number; month: string }) {
  const table = followThroughTable(t, f, (code, label) => districtDisplayName(t, { name: label, cityLevel: code === f.regionCode }));
  const widths = [30, 14, 14, 14, 14, 14];
  return (
    <View break>
      <Text style={styles.heading}>{t('bulletin.annex.title', { n })}</Text>
      <Text style={styles.title}>
        {t('followThrough.annex.title')}（{month}）
      </Text>
      <View style={styles.table}>
        <View style={styles.headerRow} fixed>
          {table.header.map((h, i) => (
            <Text key={h} style={[styles.cell, styles.th, { width: `${widths[i]}%` }, i > 0 ? styles.right : {}]}>
              {h}
            </Text>
          ))}
        </View>
        {table.rows.map((row) => (
          <View key={row[0]} style={styles.row} wrap={false}>
            {row.map((cell, i) => (
              <Text key={i} style={[styles.cell, { width: `${widths[i]}%` }, i > 0 ? styles.right : {}]}>
                {cell}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </View>
  );
}

/** The bulletin as PDF bytes. */
export async function renderRankingPdf(ranking: MonthlyRanking, locale: Locale, options: BulletinOptions): Promise<Buffer> {
  return renderToBuffer(<RankingDocument ranking={ranking} locale={locale} options={options} />);
}
