/**
 * Printable 参会证 (one A6 page per representative: a band in the colour of the
 * organization's role, the name in large type, title, organization and the
 * personal QR code) and the session's door sign (A4: title, date, venue and the
 * self check-in QR code). Chinese text in the embedded Noto Sans SC
 * (../pdf/font.server), subset to the glyphs used.
 */
import { Document, Image, Page, Text, View, renderToBuffer } from '~/modules/pdf/react-pdf.server';
import type { ParticipantRole } from '#db/schema';
import { PDF_FONT } from '~/modules/pdf/font.server';
import { qrPngDataUrl } from './qr.server';

/** Role colours: bank, enterprise and government badges are told apart at a glance. */
export const ROLE_COLOURS: Record<ParticipantRole, string> = {
  bank: '#1d4ed8',
  enterprise: '#047857',
  government: '#b91c1c',
};

export interface BadgeCard {
  /** unique within the document (the representative's id) */
  key: string;
  name: string;
  title: string;
  orgName: string;
  role: ParticipantRole;
  /** the text of the QR code (the scanner URL with the badge token) */
  qrText: string;
}

export interface BadgesInput {
  eventTitle: string;
  /** e.g. 2026-12-18 09:00 · 平顶山市会展中心 */
  subtitle: string;
  /** 参会证 / Badge */
  heading: string;
  roleLabel: (role: ParticipantRole) => string;
  badges: readonly BadgeCard[];
}

/** The name's size so that it fits the badge's width on one line where it can. */
export function badgeNameSize(name: string): number {
  const chars = Array.from(name).length;
  if (chars <= 4) return 36;
  if (chars <= 8) return Math.floor(150 / chars);
  return 16;
}

const A6: [number, number] = [297.64, 419.53];

export async function renderBadgesPdf(input: BadgesInput): Promise<Uint8Array> {
  const doc = (
    <Document title={`${input.heading} · ${input.eventTitle}`} author="Finmatch">
      {input.badges.map((b) => {
        const colour = ROLE_COLOURS[b.role];
        return (
          <Page key={b.key} size={A6} style={{ fontFamily: PDF_FONT, color: '#0f172a' }}>
            <View style={{ backgroundColor: colour, paddingVertical: 10, paddingHorizontal: 14 }}>
              <Text style={{ color: '#ffffff', fontSize: 10, textAlign: 'center' }}>{input.eventTitle}</Text>
              <Text style={{ color: '#ffffff', fontSize: 18, fontWeight: 'bold', textAlign: 'center', marginTop: 4 }}>{input.heading}</Text>
            </View>
            <View style={{ alignItems: 'center', paddingHorizontal: 16, paddingTop: 14, flexGrow: 1 }}>
              <Text style={{ fontSize: badgeNameSize(b.name), fontWeight: 'bold', textAlign: 'center' }}>{b.name}</Text>
              {b.title ? <Text style={{ fontSize: 11, color: '#475569', marginTop: 4 }}>{b.title}</Text> : null}
              <Text style={{ fontSize: 12, textAlign: 'center', marginTop: 8 }}>{b.orgName}</Text>
              <Image src={qrPngDataUrl(b.qrText)} style={{ width: 120, height: 120, marginTop: 12 }} />
            </View>
            <View style={{ borderTopWidth: 6, borderTopColor: colour, paddingVertical: 8, paddingHorizontal: 12 }}>
              <Text style={{ fontSize: 12, fontWeight: 'bold', color: colour, textAlign: 'center' }}>{input.roleLabel(b.role)}</Text>
              <Text style={{ fontSize: 8, color: '#475569', textAlign: 'center', marginTop: 2 }}>{input.subtitle}</Text>
            </View>
          </Page>
        );
      })}
    </Document>
  );
  return new Uint8Array(await renderToBuffer(doc));
}

export interface DoorSignInput {
  eventTitle: string;
  subtitle: string;
  heading: string;
  instructions: string;
  qrText: string;
}

/** The door sign: one A4 page with the self check-in QR code. */
export async function renderDoorSignPdf(input: DoorSignInput): Promise<Uint8Array> {
  const doc = (
    <Document title={`${input.heading} · ${input.eventTitle}`} author="Finmatch">
      <Page size="A4" style={{ fontFamily: PDF_FONT, padding: 48, alignItems: 'center', color: '#0f172a' }}>
        <Text style={{ fontSize: 20, textAlign: 'center', color: '#7f1d1d' }}>{input.eventTitle}</Text>
        <Text style={{ fontSize: 12, color: '#475569', marginTop: 6 }}>{input.subtitle}</Text>
        <Text style={{ fontSize: 44, fontWeight: 'bold', color: '#b91c1c', marginTop: 40 }}>{input.heading}</Text>
        <Image src={qrPngDataUrl(input.qrText)} style={{ width: 300, height: 300, marginTop: 28 }} />
        <Text style={{ fontSize: 16, textAlign: 'center', marginTop: 28, lineHeight: 1.5 }}>{input.instructions}</Text>
      </Page>
    </Document>
  );
  return new Uint8Array(await renderToBuffer(doc));
}
