/**
 * Playwright (playwright-core) driving Debian's Chromium for the e2e project.
 *
 * `useBrowser()` launches one headless Chromium per test file and gives every
 * test a fresh browser context (its own cookies and storage). When a test fails,
 * each open page is saved as a screenshot under tests/.tmp/. An uncaught page
 * error or an unexpected console error fails the test, as in the other projects.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ROOT } from '../../support/server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(ROOT, 'tests/.tmp');

/**
 * The features Playwright itself turns off (its --disable-features list, as of
 * playwright-core 1.65). Chromium obeys only the last --disable-features switch, so
 * ours repeats Playwright's before adding its own; the e2e test "the test browser"
 * reads the browser's command line and fails when Playwright's list has grown.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * The address bar's suggestion popups, which this Chromium draws as web pages of
 * their own (chrome://omnibox-popup.top-chrome): a renderer per window that redraws on
 * every navigation, about a third of the browser's CPU in the e2e tests, for a popup a
 * headless browser never shows (decision 047a).
 */
export const OMNIBOX_POPUP_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

/**
 * The flags keep Chromium off the network (this machine has none besides
 * loopback), out of first-run work and without the popups above. Playwright starts
 * it with a fresh temporary --user-data-dir of its own and removes it on close.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--no-first-run',
  '--disable-quic',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_POPUP_FEATURES].join(',')}`,
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Console messages that are expected, not bugs (a failed form POST answers 4xx on purpose). */
const IGNORED_CONSOLE = [/Failed to load resource: the server responded with a status of 4\d\d/];

export interface BrowserSession {
  browser: () => Browser;
  /** the current test's context */
  context: () => BrowserContext;
  /** the current test's first page */
  page: () => Page;
  /** another isolated context in the same test (a second user), closed with the test */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
}

export function useBrowser(baseURL: () => string, defaults: BrowserContextOptions = {}): BrowserSession {
  let browser: Browser | null = null;
  let contexts: BrowserContext[] = [];
  let current: { context: BrowserContext; page: Page } | null = null;
  let pageProblems: string[] = [];

  const watch = (page: Page) => {
    page.on('pageerror', (err) => pageProblems.push(`page error on ${page.url()}: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !IGNORED_CONSOLE.some((re) => re.test(m.text())))
        pageProblems.push(`console.error on ${page.url()}: ${m.text()}`);
    });
  };

  const newContext = async (options: BrowserContextOptions = {}) => {
    if (!browser) throw new Error('browser not started');
    const context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...defaults, ...options });
    context.setDefaultTimeout(15_000);
    context.on('page', watch);
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    browser = null;
  });

  beforeEach(async () => {
    pageProblems = [];
    const context = await newContext();
    current = { context, page: await context.newPage() };
  });

  afterEach(async (ctx) => {
    try {
      if (ctx.task.result?.state === 'fail') {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const base = ctx.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
        let i = 0;
        for (const c of contexts) {
          for (const p of c.pages()) {
            const file = path.join(SCREENSHOT_DIR, `${base}-${++i}.png`);
            await p.screenshot({ path: file, fullPage: true }).catch(() => {});
            console.warn(`screenshot of ${p.url()} → ${path.relative(ROOT, file)}`);
          }
        }
      }
    } finally {
      await Promise.all(contexts.map((c) => c.close().catch(() => {})));
      contexts = [];
      current = null;
    }
    const problems = pageProblems;
    pageProblems = [];
    if (problems.length && ctx.task.result?.state !== 'fail') throw new Error(`unexpected errors in the browser:\n${problems.join('\n')}`);
  });

  return {
    browser: () => {
      if (!browser) throw new Error('browser not started');
      return browser;
    },
    context: () => {
      if (!current) throw new Error('no context: call inside a test');
      return current.context;
    },
    page: () => {
      if (!current) throw new Error('no page: call inside a test');
      return current.page;
    },
    newContext,
  };
}

/* ---------- accessibility ---------- */

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

/** axe-core on the current page: the serious and critical violations of WCAG 2.1 A/AA and best practice. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    // only violations are reported: collecting passes and incomplete results costs most of the run time
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    }));
}

export function formatViolations(url: string, violations: AxeViolation[]): string {
  return violations.map((v) => `${url}: [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

/* ---------- small helpers ---------- */

/** Logs in through the login form and waits for the home page. */
export async function loginAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  const form = page.locator('form:has(input[name="password"])');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), form.locator('button[type="submit"]').click()]);
}

/** True when the page is wider than the viewport (a horizontal scrollbar on a phone). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; viewport: number; offenders: string[] }> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const offenders: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > viewport + 1 && offenders.length < 5) {
        // an element inside a horizontally scrolling container does not widen the page
        let p = el.parentElement;
        let clipped = false;
        while (p && p !== document.body) {
          const ox = getComputedStyle(p).overflowX;
          if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') {
            clipped = true;
            break;
          }
          p = p.parentElement;
        }
        if (!clipped)
          offenders.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${el.getAttribute('class') ?? ''}`.slice(0, 120));
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport, offenders };
  });
}
