/**
 * Large markup made before the render — the dashboard's chart SVG, about half of its
 * overview's characters — written into the page's bytes after React's render instead of
 * through it (decision 045b).
 *
 * React's string renderer builds the page as one string of thousands of pieces; turning it
 * into bytes joins them into one flat string first. A page with Chinese text is a two-byte
 * string, and past 64 K characters (128 KB) V8 gives that flat string a large-object
 * allocation of its own: ~0.6 ms more per page than just under it. With its SVG in place
 * holders the overview stays under; the server puts the SVG's bytes where the holders are
 * (app/server/document-body.ts). The page's bytes are the same either way.
 *
 * In the browser there is no provider and the markup is rendered as it is.
 */
import { createContext, useContext } from 'react';

export interface MarkupSlots {
  /** The text to render in place of `html` (raw, through dangerouslySetInnerHTML); the document gets `html` there. */
  hold(html: string): string;
}

export const MarkupSlotsContext = createContext<MarkupSlots | null>(null);

const asIs = (html: string) => html;

/** What to give dangerouslySetInnerHTML for a large ready-made `html`. */
export function useLateMarkup(): (html: string) => string {
  const slots = useContext(MarkupSlotsContext);
  return slots ? slots.hold : asIs;
}
