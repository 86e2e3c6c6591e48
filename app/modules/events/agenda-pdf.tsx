/**
 * A participant's agenda as a one-page A4 PDF to carry on the day: the session, the
 * organization and its representatives, then each meeting with time, table (桌号) and
 * counterpart in large type. Chinese text in the embedded Noto Sans SC (../pdf/font.server).
 */
import { Document, Page, Text, View, renderToBuffer } from '~/modules/pdf/react-pdf.server';
import { PDF_FONT } from '~/modules/pdf/font.server';
import type { Translate } from '~/i18n/translate';
import type { AgendaItem } from './agenda';

export interface AgendaPdfInput {
  event: { title: string; event_date: string; start_time: string; venue: string };
  orgName: string;
  representatives: readonly { name: string; title: string }[];
  items: readonly AgendaItem[];
  t: Translate;
  generatedAt: string;
}

const COLORS = { text: '#0f172a', muted: '#475569', rule: '#cbd5e1', band: '#f1f5f9', accent: '#1e3a8a' };

export async function renderAgendaPdf({ event, orgName, representatives, items, t, generatedAt }: AgendaPdfInput): Promise<Uint8Array> {
  const reps = representatives.map((r) => (r.title ? `${r.name}（${r.title}）` : r.name)).join('、');
  const cell = { paddingVertical: 6, paddingHorizontal: 6 };
  const doc = (
    <Document title={`${event.title} · ${t('agenda.title')}`} author="Finmatch">
      <Page size="A4" style={{ fontFamily: PDF_FONT, padding: 40, fontSize: 11, color: COLORS.text }}>
        <Text style={{ fontSize: 18, fontWeight: 'bold', color: COLORS.accent }}>{event.title}</Text>
        <Text style={{ fontSize: 14, marginTop: 4 }}>{t('agenda.title')}</Text>
        <View style={{ marginTop: 10, paddingBottom: 8, borderBottomWidth: 1, borderBottomColor: COLORS.rule }}>
          <Text>{t('agenda.pdf.session', { date: event.event_date, time: event.start_time, venue: event.venue })}</Text>
          <Text style={{ marginTop: 2 }}>{t('agenda.pdf.org', { name: orgName })}</Text>
          <Text style={{ marginTop: 2 }}>{t('agenda.pdf.reps', { names: reps || t('agenda.noRepresentatives') })}</Text>
        </View>
        <Text style={{ fontSize: 13, fontWeight: 'bold', marginTop: 14, marginBottom: 6 }}>{t('agenda.meetings')}</Text>
        {items.length === 0 ? (
          <Text style={{ color: COLORS.muted }}>{t('agenda.empty')}</Text>
        ) : (
          <View>
            <View style={{ flexDirection: 'row', backgroundColor: COLORS.band, fontWeight: 'bold' }}>
              <Text style={{ ...cell, width: '24%' }}>{t('meetings.agenda.time')}</Text>
              <Text style={{ ...cell, width: '18%' }}>{t('meetings.agenda.table')}</Text>
              <Text style={{ ...cell, width: '58%' }}>{t('meetings.agenda.counterpart')}</Text>
            </View>
            {items.map((m) => (
              <View key={m.requestId} wrap={false} style={{ flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: COLORS.rule }}>
                <Text style={{ ...cell, width: '24%', fontSize: 13 }}>{`${m.start}–${m.end}`}</Text>
                <Text style={{ ...cell, width: '18%', fontSize: 13, fontWeight: 'bold' }}>
                  {t('meetings.deskSign.table', { n: m.tableNumber })}
                </Text>
                <Text style={{ ...cell, width: '58%', fontSize: 13 }}>{m.counterpartName}</Text>
              </View>
            ))}
          </View>
        )}
        <Text style={{ position: 'absolute', bottom: 24, left: 40, fontSize: 8, color: COLORS.muted }} fixed>
          {t('agenda.pdf.generated', { at: generatedAt })}
        </Text>
      </Page>
    </Document>
  );
  return new Uint8Array(await renderToBuffer(doc));
}
