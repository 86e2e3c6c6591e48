/**
 * The test browser itself (decision 047a): Chromium obeys only the last
 * --disable-features switch, so ours must keep every feature Playwright turns off,
 * and the address bar's popup pages (a renderer per window) must not be there.
 */
import { describe, expect, it } from 'vitest';
import { OMNIBOX_POPUP_FEATURES, useBrowser } from './support/browser';

const session = useBrowser(() => 'http://127.0.0.1');

describe('the test browser', () => {
  it('keeps Playwright’s disabled features in its own, the last --disable-features switch', async () => {
    const page = session.page();
    await page.goto('chrome://version');
    const commandLine = (await page.locator('#command_line').innerText()).split(/\s+/);
    const lists = commandLine
      .filter((a) => a.startsWith('--disable-features='))
      .map((a) => a.slice('--disable-features='.length).split(','));
    expect(lists.length).toBeGreaterThan(0);
    const effective = new Set(lists.at(-1));
    const dropped = lists.flat().filter((feature) => !effective.has(feature));
    expect(
      dropped,
      'features of an earlier --disable-features switch that Chromium ignores: add them to PLAYWRIGHT_DISABLED_FEATURES',
    ).toEqual([]);
    for (const feature of OMNIBOX_POPUP_FEATURES) expect(effective.has(feature), feature).toBe(true);
  });

  it('opens no address-bar popup pages beside the test’s page', async () => {
    const page = session.page();
    await page.setContent('<p>hi</p>');
    const cdp = await session.browser().newBrowserCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    await cdp.detach();
    expect(targetInfos.filter((t) => t.url.startsWith('chrome://omnibox')).map((t) => t.url)).toEqual([]);
    expect(targetInfos.some((t) => t.type === 'page')).toBe(true);
  });
});
