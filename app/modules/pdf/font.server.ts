/**
 * The Chinese font every PDF uses (Noto Sans SC, OFL). @react-pdf/renderer embeds
 * only the glyphs a document uses (a subset), so a roster stays small while names
 * render on any reader without installed Chinese fonts.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Font } from '@react-pdf/renderer';

export const PDF_FONT = 'NotoSansSC';

let registered = false;

/** Registers the font once per process; call before rendering any PDF. */
export function registerPdfFont(): void {
  if (registered) return;
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  const regular = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  const bold = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
  Font.register({ family: PDF_FONT, fonts: [{ src: regular }, { src: bold, fontWeight: 'bold' }] });
  // Chinese has no spaces: break anywhere instead of hyphenating words.
  Font.registerHyphenationCallback((word) => Array.from(word).flatMap((ch) => [ch, '']));
  registered = true;
}
