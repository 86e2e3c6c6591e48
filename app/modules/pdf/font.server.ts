/**
 * @react-pdf/renderer, loaded on the first PDF a process renders, with the Chinese font
 * every PDF uses (Noto Sans SC, OFL). The renderer is the heaviest package on the
 * server (~0.8 s to load); importing it when a route module loads made every server
 * start and every cold worker pay for it, though most never render a PDF. It embeds
 * only the glyphs a document uses (a subset), so a roster stays small while names
 * render on any reader without installed Chinese fonts.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export const PDF_FONT = 'NotoSansSC';

type Renderer = typeof import('@react-pdf/renderer');

let loading: Promise<Renderer> | null = null;

/** The renderer with the font registered (once per process). */
export function loadPdfRenderer(): Promise<Renderer> {
  loading ??= import('@react-pdf/renderer').then((renderer) => {
    const require = createRequire(path.join(process.cwd(), 'package.json'));
    const regular = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
    const bold = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
    renderer.Font.register({ family: PDF_FONT, fonts: [{ src: regular }, { src: bold, fontWeight: 'bold' }] });
    // Chinese has no spaces: break anywhere instead of hyphenating words.
    renderer.Font.registerHyphenationCallback((word) => Array.from(word).flatMap((ch) => [ch, '']));
    return renderer;
  });
  return loading;
}
