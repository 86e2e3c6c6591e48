/**
 * Desk signs (桌牌) of a fixed-desk session: one A4 landscape page per bank with its
 * desk number and name in large type, the session's title and date underneath.
 * Chinese text in the embedded Noto Sans SC (../pdf/font.server).
 */
import { Document, Page, Text, View, renderToBuffer } from '~/modules/pdf/react-pdf.server';
import { PDF_FONT } from '~/modules/pdf/font.server';

export interface DeskSign {
  /** 1-based as printed */
  desk: number;
  bankName: string;
}

export interface DeskSignsInput {
  title: string;
  /** e.g. 2026-12-06 · 舞钢市会议中心 */
  subtitle: string;
  /** e.g. (n) => `${n}号桌` */
  deskLabel: (n: number) => string;
  signs: readonly DeskSign[];
}

/** The name's size so that it fits one or two lines of the page width. */
export function nameFontSize(name: string): number {
  const chars = Array.from(name).length;
  if (chars <= 10) return 72;
  if (chars <= 14) return Math.floor(720 / chars);
  return Math.max(32, Math.floor(1440 / chars));
}

export async function renderDeskSignsPdf(input: DeskSignsInput): Promise<Uint8Array> {
  const doc = (
    <Document title={input.title} author="Finmatch">
      {input.signs.map((s) => (
        <Page key={s.desk} size="A4" orientation="landscape" style={{ fontFamily: PDF_FONT, padding: 40, justifyContent: 'space-between' }}>
          <View style={{ borderBottomWidth: 2, borderBottomColor: '#b91c1c', paddingBottom: 8 }}>
            <Text style={{ fontSize: 18, color: '#7f1d1d', textAlign: 'center' }}>{input.title}</Text>
          </View>
          <View style={{ alignItems: 'center' }}>
            <Text style={{ fontSize: 54, fontWeight: 'bold', color: '#b91c1c' }}>{input.deskLabel(s.desk)}</Text>
            <Text style={{ fontSize: nameFontSize(s.bankName), fontWeight: 'bold', marginTop: 24, textAlign: 'center', color: '#111827' }}>
              {s.bankName}
            </Text>
          </View>
          <Text style={{ fontSize: 14, color: '#4b5563', textAlign: 'center' }}>{input.subtitle}</Text>
        </Page>
      ))}
    </Document>
  );
  return new Uint8Array(await renderToBuffer(doc));
}
