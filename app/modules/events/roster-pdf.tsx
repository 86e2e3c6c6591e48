/**
 * The organizer's roster PDF (@react-pdf/renderer, Noto Sans SC embedded as a
 * subset): cover with counts, agenda, participants by group with representatives
 * and phones, the enterprises' open needs in brief, the meeting schedule per table
 * and per participant, a sign-in sheet (签到表) with an empty signature column, and
 * each organization's check-in QR code. Every page carries its number.
 *
 * Speed (docs/decisions/016-roster-exports.md): react-pdf lays out every element
 * with yoga and re-lays the remaining content at each automatic page break, which
 * takes seconds for a thousand table rows. Tables are therefore measured and split
 * into pages here (glyph advances from the same font file), and each page's table
 * is painted on one <Canvas> with PDFKit text calls in the same embedded font.
 * The cover, headings, QR images and page numbers stay ordinary react-pdf elements.
 */
import { Canvas, Document, Image, Page, Text, View, renderToBuffer } from '~/modules/pdf/react-pdf.server';
import type { ReactElement } from 'react';
import { loadPdfRenderer, PDF_FONT } from '~/modules/pdf/font.server';
import type { Translate } from '~/i18n/translate';
import type { Locale } from '~/i18n/locale';
import { newsSentence } from '~/modules/reports/news';
import { formatWan } from '~/utils/money';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { formatAverage } from './outcomes';
import { checkinUrl, qrPngDataUrl } from './qr.server';
import { meetingsByOrganization, meetingsByTable, ROSTER_GROUPS, type OrganizerRoster } from './roster.server';

/* ------------------------------------------------------------ geometry */

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN_X = 40;
const MARGIN_TOP = 36;
const MARGIN_BOTTOM = 44;
const CONTENT_W = PAGE_W - 2 * MARGIN_X;
const CONTENT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM;

const FONT_SIZE = 8.5;
const LINE_H = FONT_SIZE * 1.45;
const PAD_X = 3;
const PAD_Y = 3;
const RUNNING_HEAD_H = 18;
const SECTION_TITLE_H = 30;
const MAX_LINES = 4;

const COLORS = { text: '#0f172a', muted: '#475569', rule: '#cbd5e1', header: '#e2e8f0', band1: '#dbeafe', band2: '#f1f5f9' };

/* ---------------------------------------------------------- measuring */

interface FontMetrics {
  postscriptName: string;
  unitsPerEm: number;
  glyphForCodePoint(cp: number): { advanceWidth: number };
}

/** Text widths from the font's glyph advances (cached per code point). */
export class TextMeasure {
  private advances = new Map<number, number>();
  constructor(private readonly font: FontMetrics) {}

  width(text: string, size: number): number {
    let units = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let adv = this.advances.get(cp);
      if (adv === undefined) {
        adv = this.font.glyphForCodePoint(cp).advanceWidth;
        this.advances.set(cp, adv);
      }
      units += adv;
    }
    return (units * size) / this.font.unitsPerEm;
  }

  /**
   * Greedy line breaking: Chinese breaks between any two characters, runs of
   * Latin letters and digits stay whole unless longer than a line. At most
   * `maxLines` lines; an overflowing last line ends with "…".
   */
  wrap(text: string, maxWidth: number, size: number, maxLines = MAX_LINES): string[] {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (!clean) return [''];
    if (this.width(clean, size) <= maxWidth) return [clean];
    const tokens = clean.match(/[A-Za-z0-9@._%+\-/:#()（）×·,，]+|\s|./gu) ?? [];
    const lines: string[] = [];
    let line = '';
    let lineW = 0;
    const push = () => {
      lines.push(line.trimEnd());
      line = '';
      lineW = 0;
    };
    for (const tok of tokens) {
      const w = this.width(tok, size);
      if (lineW + w <= maxWidth) {
        line += tok;
        lineW += w;
        continue;
      }
      if (tok === ' ') {
        push();
        continue;
      }
      if (w <= maxWidth) {
        push();
        line = tok;
        lineW = w;
        continue;
      }
      // a word longer than the space left: split it by characters
      for (const ch of tok) {
        const cw = this.width(ch, size);
        if (lineW + cw > maxWidth && line) push();
        line += ch;
        lineW += cw;
      }
    }
    if (line) push();
    if (lines.length <= maxLines) return lines;
    const kept = lines.slice(0, maxLines);
    let last = kept[maxLines - 1];
    while (last && this.width(`${last}…`, size) > maxWidth) last = Array.from(last).slice(0, -1).join('');
    kept[maxLines - 1] = `${last}…`;
    return kept;
  }
}

/* --------------------------------------------------------- table model */

export interface TableColumn {
  header: string;
  /** share of the table width */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export type TableRow =
  | { kind: 'data'; cells: string[]; minHeight?: number }
  /** a full-width band: level 1 = group (e.g. 金融机构), level 2 = organization / table */
  | { kind: 'band'; level: 1 | 2; text: string };

export interface TableSection {
  id: string;
  title: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** shown when there are no rows */
  empty: string;
}

interface LaidRow {
  kind: 'data' | 'band' | 'header';
  level?: 1 | 2;
  height: number;
  /** lines of each cell (one cell for a band) */
  lines: string[][];
}

export interface TablePage {
  sectionId: string;
  sectionTitle: string;
  /** false on the section's first page (which shows the title) */
  continued: boolean;
  columns: TableColumn[];
  rows: LaidRow[];
  empty?: string;
}

function columnWidths(columns: TableColumn[]): number[] {
  const total = columns.reduce((s, c) => s + c.width, 0);
  return columns.map((c) => (c.width / total) * CONTENT_W);
}

function layRow(m: TextMeasure, row: TableRow, widths: number[]): LaidRow {
  if (row.kind === 'band') {
    const lines = m.wrap(row.text, CONTENT_W - 2 * PAD_X, FONT_SIZE, 2);
    return { kind: 'band', level: row.level, height: lines.length * LINE_H + 2 * PAD_Y, lines: [lines] };
  }
  const lines = row.cells.map((c, i) => m.wrap(c, widths[i] - 2 * PAD_X, FONT_SIZE));
  const h = Math.max(...lines.map((l) => l.length)) * LINE_H + 2 * PAD_Y;
  return { kind: 'data', height: Math.max(h, row.minHeight ?? 0), lines };
}

/**
 * Splits a table into pages: the header row repeats on every page, a band is
 * never left alone at the bottom of a page, and a page that continues an
 * organization or group repeats its bands marked "(continued)".
 */
export function paginateTable(m: TextMeasure, section: TableSection, continuedMark: string): TablePage[] {
  const widths = columnWidths(section.columns);
  const header: LaidRow = layRow(m, { kind: 'data', cells: section.columns.map((c) => c.header) }, widths);
  header.kind = 'header';
  const pages: TablePage[] = [];
  const newPage = (): TablePage => {
    const p: TablePage = {
      sectionId: section.id,
      sectionTitle: section.title,
      continued: pages.length > 0,
      columns: section.columns,
      rows: [],
    };
    pages.push(p);
    return p;
  };
  const capacity = (p: TablePage) => CONTENT_H - RUNNING_HEAD_H - (p.continued ? 0 : SECTION_TITLE_H) - header.height;
  let page = newPage();
  if (section.rows.length === 0) {
    page.empty = section.empty;
    return pages;
  }
  let used = 0;
  const openBands: { 1?: TableRow & { kind: 'band' }; 2?: TableRow & { kind: 'band' } } = {};
  const laid = section.rows.map((r) => layRow(m, r, widths));
  for (let i = 0; i < section.rows.length; i++) {
    const row = section.rows[i];
    const lr = laid[i];
    if (row.kind === 'band') {
      openBands[row.level] = row;
      if (row.level === 1) delete openBands[2];
    }
    // keep a band with the bands after it and the first row under them
    let need = lr.height;
    if (row.kind === 'band') {
      let j = i + 1;
      while (j < laid.length && section.rows[j].kind === 'band') need += laid[j++].height;
      if (j < laid.length) need += laid[j].height;
    }
    if (used + need > capacity(page) && page.rows.length > 0) {
      page = newPage();
      used = 0;
      if (row.kind === 'data') {
        for (const level of [1, 2] as const) {
          const b = openBands[level];
          if (!b) continue;
          const rep = layRow(m, { ...b, text: `${b.text}${continuedMark}` }, widths);
          page.rows.push(rep);
          used += rep.height;
        }
      } else if (row.level === 2 && openBands[1]) {
        const rep = layRow(m, { ...openBands[1], text: `${openBands[1].text}${continuedMark}` }, widths);
        page.rows.push(rep);
        used += rep.height;
      }
    }
    page.rows.push(lr);
    used += lr.height;
  }
  return pages.map((p) => ({ ...p, rows: [header, ...p.rows] }));
}

/* ------------------------------------------------------------ painting */

/** PDFKit's chainable drawing API as react-pdf's Canvas hands it over (only what is used here). */
interface Painter {
  font(font: unknown, size?: number): Painter;
  fontSize(size: number): Painter;
  fillColor(color: string): Painter;
  strokeColor(color: string): Painter;
  lineWidth(w: number): Painter;
  text(text: string, x: number, y: number, options?: Record<string, unknown>): Painter;
  rect(x: number, y: number, w: number, h: number): Painter;
  fill(color?: string): Painter;
  moveTo(x: number, y: number): Painter;
  lineTo(x: number, y: number): Painter;
  stroke(): Painter;
  save(): Painter;
  restore(): Painter;
  translate(x: number, y: number): Painter;
}

interface Fonts {
  regular: FontMetrics;
  bold: FontMetrics;
  measure: TextMeasure;
  measureBold: TextMeasure;
}

/**
 * Hands PDFKit the two font objects once per page; afterwards fonts are switched
 * by PostScript name, which PDFKit finds in its cache (passing the object each time
 * would make it open and compare the font again on every call). PDFKit matches the
 * objects with the fonts react-pdf embedded, so the document keeps one subset per font.
 */
function registeredFontNames(p: Painter, fonts: Fonts): { regular: string; bold: string } {
  p.font(fonts.regular).font(fonts.bold);
  return { regular: fonts.regular.postscriptName, bold: fonts.bold.postscriptName };
}

/** The running head at the top of a page (event title · section) and its rule. */
function paintRunningHead(p: Painter, regularFont: string, runningHead: string) {
  p.font(regularFont, 7.5).fillColor(COLORS.muted).text(runningHead, 0, 0, { lineBreak: false });
  p.moveTo(0, RUNNING_HEAD_H - 6)
    .lineTo(CONTENT_W, RUNNING_HEAD_H - 6)
    .lineWidth(0.5)
    .strokeColor(COLORS.rule)
    .stroke();
}

function paintTablePage(p: Painter, fonts: Fonts, page: TablePage, runningHead: string) {
  const widths = columnWidths(page.columns);
  const f = registeredFontNames(p, fonts);
  let y = 0;
  // running head: event title · section
  paintRunningHead(p, f.regular, runningHead);
  y = RUNNING_HEAD_H;
  if (!page.continued) {
    p.font(f.bold, 14)
      .fillColor(COLORS.text)
      .text(page.sectionTitle, 0, y + 2, { lineBreak: false });
    y += SECTION_TITLE_H;
  }
  for (const row of page.rows) {
    if (row.kind === 'header') {
      p.rect(0, y, CONTENT_W, row.height).fill(COLORS.header);
      p.font(f.bold, FONT_SIZE).fillColor(COLORS.text);
    } else if (row.kind === 'band') {
      p.rect(0, y, CONTENT_W, row.height).fill(row.level === 1 ? COLORS.band1 : COLORS.band2);
      p.font(row.level === 1 ? f.bold : f.regular, FONT_SIZE).fillColor(COLORS.text);
    } else {
      p.font(f.regular, FONT_SIZE).fillColor(COLORS.text);
    }
    if (row.kind === 'band') {
      row.lines[0].forEach((line, li) => p.text(line, PAD_X, y + PAD_Y + li * LINE_H, { lineBreak: false }));
    } else {
      const m = row.kind === 'header' ? fonts.measureBold : fonts.measure;
      let x = 0;
      row.lines.forEach((cellLines, ci) => {
        const w = widths[ci];
        const align = page.columns[ci].align ?? 'left';
        cellLines.forEach((line, li) => {
          if (!line) return;
          const lx =
            align === 'left'
              ? x + PAD_X
              : align === 'right'
                ? x + w - PAD_X - m.width(line, FONT_SIZE)
                : x + (w - m.width(line, FONT_SIZE)) / 2;
          p.text(line, lx, y + PAD_Y + li * LINE_H, { lineBreak: false });
        });
        x += w;
      });
    }
    y += row.height;
    p.moveTo(0, y).lineTo(CONTENT_W, y).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
  }
  if (page.empty) {
    p.font(f.regular, 10)
      .fillColor(COLORS.muted)
      .text(page.empty, PAD_X, y + 8, { lineBreak: false });
  }
}

/* ------------------------------------------------------------ sections */

export interface RosterPdfOptions {
  t: Translate;
  /** scheme://host the check-in QR codes point at */
  origin: string;
  /** the language of the news line on the cover (default zh-CN) */
  locale?: Locale;
}

/** The table sections of the roster, in print order (pure: no fonts involved). */
export function rosterSections(roster: OrganizerRoster, t: Translate): TableSection[] {
  const sections: TableSection[] = [];
  sections.push({
    id: 'agenda',
    title: t('roster.pdf.agenda'),
    empty: t('roster.pdf.noAgenda'),
    columns: [
      { header: t('roster.col.time'), width: 12 },
      { header: t('roster.col.agendaItem'), width: 58 },
      { header: t('roster.col.speaker'), width: 30 },
    ],
    rows: roster.agenda.map((a) => ({ kind: 'data', cells: [a.startsAt, a.title, a.speaker ?? ''] })),
  });

  const participants: TableRow[] = [];
  for (const group of ROSTER_GROUPS) {
    const orgs = roster.organizations.filter((o) => o.role === group);
    if (orgs.length === 0) continue;
    const c = roster.counts[group];
    participants.push({
      kind: 'band',
      level: 1,
      text: t('roster.pdf.groupBand', { group: t(`roster.group.${group}`), orgs: c.organizations, reps: c.representatives }),
    });
    for (const org of orgs) {
      participants.push({ kind: 'band', level: 2, text: t('roster.pdf.orgBand', { name: org.name, reps: org.representatives.length }) });
      if (org.representatives.length === 0) participants.push({ kind: 'data', cells: ['', t('roster.noRepresentatives'), '', ''] });
      org.representatives.forEach((r, i) => participants.push({ kind: 'data', cells: [String(i + 1), r.name, r.title, r.phone] }));
    }
  }
  sections.push({
    id: 'participants',
    title: t('roster.pdf.participants'),
    empty: t('roster.empty'),
    columns: [
      { header: t('roster.col.no'), width: 8, align: 'right' },
      { header: t('roster.col.name'), width: 28 },
      { header: t('roster.col.title'), width: 36 },
      { header: t('roster.col.phone'), width: 28 },
    ],
    rows: participants,
  });

  const needs: TableRow[] = [];
  for (const org of roster.organizations) {
    if (org.financingNeeds.length === 0 && org.hiringNeeds.length === 0) continue;
    needs.push({ kind: 'band', level: 2, text: org.name });
    for (const f of org.financingNeeds) {
      needs.push({
        kind: 'data',
        cells: [
          t('roster.needKind.financing'),
          f.title,
          formatWan(f.amount, t('roster.unit.wan')),
          t('roster.pdf.termMonths', { months: f.termMonths }),
        ],
      });
    }
    for (const h of org.hiringNeeds) {
      needs.push({
        kind: 'data',
        cells: [t('roster.needKind.hiring'), h.title, t('roster.pdf.headcount', { count: h.headcount }), h.positions],
      });
    }
  }
  sections.push({
    id: 'needs',
    title: t('roster.pdf.needs'),
    empty: t('roster.pdf.noNeeds'),
    columns: [
      { header: t('roster.col.needKind'), width: 10 },
      { header: t('roster.col.needTitle'), width: 38 },
      { header: t('roster.col.amountOrHeadcount'), width: 18, align: 'right' },
      { header: t('roster.col.details'), width: 34 },
    ],
    rows: needs,
  });

  const byTable: TableRow[] = [];
  for (const [tableNo, list] of meetingsByTable(roster.meetings)) {
    byTable.push({ kind: 'band', level: 2, text: t('roster.pdf.tableBand', { table: tableNo, count: list.length }) });
    for (const m of list) byTable.push({ kind: 'data', cells: [m.time, m.enterprise.name, m.bank.name] });
  }
  sections.push({
    id: 'byTable',
    title: t('roster.pdf.byTable'),
    empty: t('roster.pdf.noSchedule'),
    columns: [
      { header: t('roster.col.time'), width: 16 },
      { header: t('roster.col.enterprise'), width: 42 },
      { header: t('roster.col.bank'), width: 42 },
    ],
    rows: byTable,
  });

  const perOrg = meetingsByOrganization(roster.meetings);
  const byParticipant: TableRow[] = [];
  for (const org of roster.organizations) {
    const list = perOrg.get(org.id);
    if (!list?.length) continue;
    byParticipant.push({
      kind: 'band',
      level: 2,
      text: t('roster.pdf.orgMeetingsBand', { name: org.name, group: t(`roster.group.${org.role}`), count: list.length }),
    });
    for (const m of list)
      byParticipant.push({ kind: 'data', cells: [m.time, t('roster.pdf.tableNo', { table: m.tableNo }), m.counterpart] });
  }
  sections.push({
    id: 'byParticipant',
    title: t('roster.pdf.byParticipant'),
    empty: t('roster.pdf.noSchedule'),
    columns: [
      { header: t('roster.col.time'), width: 18 },
      { header: t('roster.col.table'), width: 12 },
      { header: t('roster.col.counterpart'), width: 70 },
    ],
    rows: byParticipant,
  });

  const signIn: TableRow[] = [];
  let n = 0;
  for (const group of ROSTER_GROUPS) {
    const orgs = roster.organizations.filter((o) => o.role === group && o.representatives.length > 0);
    if (orgs.length === 0) continue;
    signIn.push({ kind: 'band', level: 1, text: t(`roster.group.${group}`) });
    for (const org of orgs)
      for (const r of org.representatives)
        signIn.push({ kind: 'data', cells: [String(++n), org.name, r.name, r.title, r.phone, ''], minHeight: 24 });
  }
  sections.push({
    id: 'signIn',
    title: t('roster.pdf.signIn'),
    empty: t('roster.empty'),
    columns: [
      { header: t('roster.col.no'), width: 6, align: 'right' },
      { header: t('roster.col.organization'), width: 28 },
      { header: t('roster.col.name'), width: 12 },
      { header: t('roster.col.title'), width: 14 },
      { header: t('roster.col.phone'), width: 15 },
      { header: t('roster.col.signature'), width: 25 },
    ],
    rows: signIn,
  });

  // the session report after the meetings (decision 036c)
  const o = roster.outcomes;
  if (o && o.meetings > 0) {
    const pct = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`);
    sections.push({
      id: 'outcomes',
      title: t('outcomes.summary.title'),
      empty: t('outcomes.empty'),
      columns: [
        { header: t('outcomes.col.item'), width: 40 },
        { header: t('outcomes.col.value'), width: 60 },
      ],
      rows: [
        { kind: 'data', cells: [t('outcomes.summary.meetings'), String(o.meetings)] },
        { kind: 'data', cells: [t('outcomes.summary.held'), String(o.held)] },
        { kind: 'data', cells: [t('outcomes.outcome.no_show'), String(o.noShow)] },
        { kind: 'data', cells: [t('outcomes.summary.noShowRate'), pct(o.noShowRateBp)] },
        {
          kind: 'data',
          cells: [t('outcomes.summary.average'), `${formatAverage(o.averageX100)}（${t('outcomes.summary.ratings', { n: o.ratings })}）`],
        },
        {
          kind: 'data',
          cells: [
            t('outcomes.summary.followups'),
            t('outcomes.summary.followupsText', { asked: o.asked, yes: o.yes, no: o.no, agreements: o.agreementsAfterYes }),
          ],
        },
      ],
    });
  }
  return sections;
}

/* ------------------------------------------------------------ document */

const QR_COLS = 4;
const QR_ROWS = 5;
const QR_SIZE = 88;
const QR_CELL_W = CONTENT_W / QR_COLS;
const QR_CELL_H = (CONTENT_H - RUNNING_HEAD_H - SECTION_TITLE_H - 16) / QR_ROWS;

async function loadFonts(): Promise<Fonts> {
  const { Font } = await loadPdfRenderer();
  await Font.load({ fontFamily: PDF_FONT, fontWeight: 400 });
  await Font.load({ fontFamily: PDF_FONT, fontWeight: 700 });
  const regular = Font.getFont({ fontFamily: PDF_FONT, fontWeight: 400 }).data as unknown as FontMetrics;
  const bold = Font.getFont({ fontFamily: PDF_FONT, fontWeight: 700 }).data as unknown as FontMetrics;
  return { regular, bold, measure: new TextMeasure(regular), measureBold: new TextMeasure(bold) };
}

const styles = {
  page: {
    fontFamily: PDF_FONT,
    fontSize: 10,
    color: COLORS.text,
    paddingTop: MARGIN_TOP,
    paddingBottom: MARGIN_BOTTOM,
    paddingHorizontal: MARGIN_X,
  },
  footer: {
    position: 'absolute' as const,
    bottom: 18,
    left: MARGIN_X,
    right: MARGIN_X,
    fontSize: 8,
    color: COLORS.muted,
    textAlign: 'center' as const,
  },
};

/** Page numbers are known before rendering (every page is laid out here), so no second layout pass is needed. */
function pageLabel(t: Translate, page: number, total: number): string {
  return t('roster.pdf.page', { page, total });
}

/** Paints the footer (page number) in page coordinates. */
function paintFooter(p: Painter, fonts: Fonts, regular: string, label: string) {
  p.font(regular, 8)
    .fillColor(COLORS.muted)
    .text(label, (PAGE_W - fonts.measure.width(label, 8)) / 2, PAGE_H - 28, { lineBreak: false });
}

/** The cover: title, the news line once something was signed (lead signatories first), details and counts. */
function Cover({ roster, t, total, news }: { roster: OrganizerRoster; t: Translate; total: number; news: string | null }) {
  const e = roster.event;
  const info: [string, string][] = [
    [t('roster.pdf.theme'), e.theme],
    [t('roster.pdf.date'), e.eventDate],
    [t('roster.pdf.time'), e.startTime],
    [t('roster.pdf.venue'), e.venue],
  ];
  const cell = { paddingVertical: 5, paddingHorizontal: 6, borderBottomWidth: 0.5, borderBottomColor: COLORS.rule };
  return (
    <Page size="A4" style={styles.page}>
      <View style={{ marginTop: 120, alignItems: 'center' }}>
        <Text style={{ fontSize: 22, fontWeight: 'bold', textAlign: 'center' }}>{e.title}</Text>
        <Text style={{ fontSize: 16, marginTop: 12 }}>{t('roster.pdf.coverSubtitle')}</Text>
      </View>
      {news ? (
        <View style={{ marginTop: 28, marginHorizontal: 60, padding: 10, borderWidth: 0.75, borderColor: COLORS.rule }}>
          <Text style={{ fontSize: 9, color: COLORS.muted }}>{t('news.title')}</Text>
          <Text style={{ fontSize: 11, marginTop: 4, lineHeight: 1.5 }}>{news}</Text>
        </View>
      ) : null}
      <View style={{ marginTop: news ? 24 : 48, marginHorizontal: 60 }}>
        {info.map(([k, v]) => (
          <View key={k} style={{ flexDirection: 'row' }}>
            <Text style={{ ...cell, width: 90, color: COLORS.muted }}>{k}</Text>
            <Text style={{ ...cell, flex: 1 }}>{v}</Text>
          </View>
        ))}
      </View>
      <View style={{ marginTop: 32, marginHorizontal: 60 }}>
        <View style={{ flexDirection: 'row', backgroundColor: COLORS.header }}>
          <Text style={{ ...cell, flex: 2, fontWeight: 'bold' }}>{t('roster.col.group')}</Text>
          <Text style={{ ...cell, flex: 1, fontWeight: 'bold', textAlign: 'right' }}>{t('roster.col.organizations')}</Text>
          <Text style={{ ...cell, flex: 1, fontWeight: 'bold', textAlign: 'right' }}>{t('roster.col.representatives')}</Text>
        </View>
        {[...ROSTER_GROUPS, 'total' as const].map((g) => (
          <View key={g} style={{ flexDirection: 'row' }}>
            <Text style={{ ...cell, flex: 2, fontWeight: g === 'total' ? 'bold' : 'normal' }}>
              {g === 'total' ? t('roster.total') : t(`roster.group.${g}`)}
            </Text>
            <Text style={{ ...cell, flex: 1, textAlign: 'right' }}>{String(roster.counts[g].organizations)}</Text>
            <Text style={{ ...cell, flex: 1, textAlign: 'right' }}>{String(roster.counts[g].representatives)}</Text>
          </View>
        ))}
      </View>
      <Text style={{ marginTop: 40, textAlign: 'center', fontSize: 8, color: COLORS.muted }}>
        {t('roster.pdf.generatedAt', { at: chinaDateTime(roster.generatedAt) })}
      </Text>
      <Text style={styles.footer}>{pageLabel(t, 1, total)}</Text>
    </Page>
  );
}

interface QrCard {
  name: string;
  group: string;
  reps: number;
  dataUrl: string;
}

function QrPage({
  cards,
  first,
  fonts,
  t,
  runningHead,
  footer,
}: {
  cards: QrCard[];
  first: boolean;
  fonts: Fonts;
  t: Translate;
  runningHead: string;
  footer: string;
}) {
  const top0 = RUNNING_HEAD_H + (first ? SECTION_TITLE_H + 16 : 0);
  return (
    <Page size="A4" style={{ ...styles.page, padding: 0 }}>
      <Canvas
        style={{ width: PAGE_W, height: PAGE_H - 1 }}
        paint={(painter: Painter) => {
          const p = painter;
          const f = registeredFontNames(p, fonts);
          paintFooter(p, fonts, f.regular, footer);
          p.save().translate(MARGIN_X, MARGIN_TOP);
          paintRunningHead(p, f.regular, runningHead);
          if (first) {
            p.font(f.bold, 14)
              .fillColor(COLORS.text)
              .text(t('roster.pdf.qrCodes'), 0, RUNNING_HEAD_H + 2, { lineBreak: false });
            p.font(f.regular, 8)
              .fillColor(COLORS.muted)
              .text(t('roster.pdf.qrHint'), 0, RUNNING_HEAD_H + SECTION_TITLE_H - 4, { lineBreak: false });
          }
          cards.forEach((c, i) => {
            const x = (i % QR_COLS) * QR_CELL_W;
            const y = top0 + Math.floor(i / QR_COLS) * QR_CELL_H + QR_SIZE + 4;
            const lines = fonts.measure.wrap(c.name, QR_CELL_W - 8, 8, 2);
            p.font(f.regular, 8).fillColor(COLORS.text);
            lines.forEach((line, li) =>
              p.text(line, x + (QR_CELL_W - fonts.measure.width(line, 8)) / 2, y + li * 11, { lineBreak: false }),
            );
            const sub = t('roster.pdf.qrSub', { group: c.group, reps: c.reps });
            p.font(f.regular, 7)
              .fillColor(COLORS.muted)
              .text(sub, x + (QR_CELL_W - fonts.measure.width(sub, 7)) / 2, y + lines.length * 11 + 1, { lineBreak: false });
          });
          p.restore();
          return null;
        }}
      />
      {cards.map((c, i) => (
        <Image
          key={i}
          src={c.dataUrl}
          style={{
            position: 'absolute',
            width: QR_SIZE,
            height: QR_SIZE,
            left: MARGIN_X + (i % QR_COLS) * QR_CELL_W + (QR_CELL_W - QR_SIZE) / 2,
            top: MARGIN_TOP + top0 + Math.floor(i / QR_COLS) * QR_CELL_H,
          }}
        />
      ))}
    </Page>
  );
}

function TablePageView({
  page,
  fonts,
  t,
  runningHead,
  footer,
}: {
  page: TablePage;
  fonts: Fonts;
  t: Translate;
  runningHead: string;
  footer: string;
}) {
  return (
    <Page size="A4" style={{ ...styles.page, padding: 0 }}>
      <Canvas
        style={{ width: PAGE_W, height: PAGE_H - 1 }}
        paint={(painter: Painter) => {
          const f = registeredFontNames(painter, fonts);
          paintFooter(painter, fonts, f.regular, footer);
          painter.save().translate(MARGIN_X, MARGIN_TOP);
          paintTablePage(painter, fonts, page, `${runningHead} · ${page.sectionTitle}${page.continued ? t('roster.pdf.continued') : ''}`);
          painter.restore();
          return null;
        }}
      />
    </Page>
  );
}

export interface RosterPdfResult {
  bytes: Uint8Array;
  pages: number;
}

/** Renders the organizer's roster PDF. */
export async function renderRosterPdf(roster: OrganizerRoster, opts: RosterPdfOptions): Promise<RosterPdfResult> {
  const { t } = opts;
  const fonts = await loadFonts();
  const continuedMark = t('roster.pdf.continued');
  const tablePages = rosterSections(roster, t).flatMap((s) => paginateTable(fonts.measure, s, continuedMark));
  const cards: QrCard[] = [];
  for (const org of roster.organizations) {
    cards.push({
      name: org.name,
      group: t(`roster.group.${org.role}`),
      reps: org.representatives.length,
      dataUrl: qrPngDataUrl(checkinUrl(opts.origin, roster.event.id, org.checkinToken)),
    });
  }
  const qrPages: QrCard[][] = [];
  for (let i = 0; i < cards.length; i += QR_COLS * QR_ROWS) qrPages.push(cards.slice(i, i + QR_COLS * QR_ROWS));
  const runningHead = roster.event.title;
  const total = 1 + tablePages.length + qrPages.length;
  const doc: ReactElement = (
    <Document
      title={`${roster.event.title} ${t('roster.pdf.coverSubtitle')}`}
      author="Finmatch"
      creator="Finmatch"
      producer="Finmatch"
      language="zh-CN"
    >
      <Cover
        roster={roster}
        t={t}
        total={total}
        news={roster.news && roster.news.bankCount > 0 ? newsSentence(roster.news, opts.locale ?? 'zh-CN') : null}
      />
      {tablePages.map((p, i) => (
        <TablePageView key={`t${i}`} page={p} fonts={fonts} t={t} runningHead={runningHead} footer={pageLabel(t, 2 + i, total)} />
      ))}
      {qrPages.map((cardsOfPage, i) => (
        <QrPage
          key={`q${i}`}
          cards={cardsOfPage}
          first={i === 0}
          fonts={fonts}
          t={t}
          runningHead={runningHead}
          footer={pageLabel(t, 2 + tablePages.length + i, total)}
        />
      ))}
    </Document>
  );
  const buf = await renderToBuffer(doc);
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), pages: total };
}
