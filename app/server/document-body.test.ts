import { renderToString } from 'react-dom/server';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { DocumentSlots, heldBody, documentResponse } from './document-body';

describe('held markup in a document (decision 045b)', () => {
  it('puts each held markup in its holder’s place, in page order whatever the order held', async () => {
    const slots = new DocumentSlots('n0nce');
    const script = slots.hold('{"name":"平顶山市"}');
    const svg = slots.hold('<svg><text>郏县</text></svg>');
    const page = `<!DOCTYPE html><main><div>${svg}</div></main><script>window.x = ${script};</script>`;
    const res = documentResponse(page, { status: 200 }, slots);
    const expected = '<!DOCTYPE html><main><div><svg><text>郏县</text></svg></div></main><script>window.x = {"name":"平顶山市"};</script>';
    expect(heldBody(res)?.toString('utf8')).toBe(expected);
    expect(await res.text()).toBe(expected);
  });

  it('skips a holder the page does not show and leaves a page without holders as it is', () => {
    const slots = new DocumentSlots('n0nce');
    slots.hold('<svg>never shown</svg>');
    const shown = slots.hold('<b>粗体</b>');
    expect(heldBody(documentResponse(`<p>${shown}</p>`, {}, slots))?.toString()).toBe('<p><b>粗体</b></p>');
    expect(heldBody(documentResponse('<p>无</p>', {}, new DocumentSlots('n0nce')))?.toString()).toBe('<p>无</p>');
  });

  it('fills nothing a visitor typed: text that looks like a holder is escaped by React and stays text', () => {
    const slots = new DocumentSlots('n0nce');
    const holder = slots.hold('<svg>held</svg>');
    const typed = renderToString(createElement('p', { title: holder }, holder));
    const out = heldBody(documentResponse(typed, {}, slots))!.toString();
    expect(out).not.toContain('<svg>held</svg>');
    expect(out).toContain('&lt;!--late:n0nce:0--&gt;');
  });

  it('names the render in its holders: another render’s holder is not filled', () => {
    const a = new DocumentSlots('aaaa');
    const b = new DocumentSlots('bbbb');
    const holderA = a.hold('<i>a</i>');
    b.hold('<i>b</i>');
    expect(heldBody(documentResponse(`<p>${holderA}</p>`, {}, b))?.toString()).toBe(`<p>${holderA}</p>`);
  });
});
