/**
 * What PDF documents import instead of @react-pdf/renderer (the lint forbids that
 * import elsewhere): the element types, which are plain strings in
 * @react-pdf/primitives, typed as the renderer's components; and renderToBuffer,
 * which loads the renderer on first use (font.server.ts says why).
 */
import * as primitives from '@react-pdf/primitives';
import type * as Renderer from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import { loadPdfRenderer } from './font.server';

export const Canvas = primitives.Canvas as unknown as typeof Renderer.Canvas;
export const Document = primitives.Document as unknown as typeof Renderer.Document;
export const Image = primitives.Image as unknown as typeof Renderer.Image;
export const Page = primitives.Page as unknown as typeof Renderer.Page;
export const Text = primitives.Text as unknown as typeof Renderer.Text;
export const View = primitives.View as unknown as typeof Renderer.View;
export const Svg = primitives.Svg as unknown as typeof Renderer.Svg;
export const Rect = primitives.Rect as unknown as typeof Renderer.Rect;
export const Path = primitives.Path as unknown as typeof Renderer.Path;
export const Link = primitives.Link as unknown as typeof Renderer.Link;

/** react-pdf's StyleSheet.create returns its argument; typed the same way. */
export const StyleSheet: Pick<typeof Renderer.StyleSheet, 'create'> = { create: (styles) => styles };

export async function renderToBuffer(document: ReactElement<Renderer.DocumentProps>): Promise<Buffer> {
  const renderer = await loadPdfRenderer();
  return renderer.renderToBuffer(document);
}
