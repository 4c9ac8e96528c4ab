import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { isLoopbackHost } from './loopback-guard.js';
import { useProcessDeployment } from './process-deployment.js';

/**
 * The console's browser tests: a real `kheti serve --migrate --seed --worker` on PostgreSQL and a
 * Redis of the file's own, and Debian's Chromium driven by playwright-core (no browser download).
 * The browser, like every test, never leaves the machine: every request to anything but loopback
 * is aborted, so the basemap's tiles fail as they would offline and the fields draw on a plain
 * background.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of each screen, kept by CI as artefacts (ignored by git). */
export const SCREENSHOTS = new URL('../../test-artifacts/console/', import.meta.url);
export const WIDTHS = { phone: 360, desktop: 1280 } as const;

export interface ConsoleDeployment {
  readonly baseUrl: string;
  readonly admin: { email: string; password: string };
  readonly browser: Browser;
  /** A fresh browser context (its own storage) at the given width, English unless `locale` says otherwise. */
  newPage(width?: number, locale?: string): Promise<Page>;
}

export function useConsoleDeployment(): ConsoleDeployment {
  const deployment = useProcessDeployment();
  const contexts: BrowserContext[] = [];
  let state: { baseUrl: string; admin: { email: string; password: string }; browser: Browser } | undefined;

  before(async () => {
    await deployment.migrate();
    const kheti = deployment.start(['serve', '--seed', '--worker'], { SEED_DEMO: 'true', RATE_LIMIT_PER_MINUTE: '100000' });
    const baseUrl = await kheti.serving(60_000);
    // The demo administrator is printed right after the line that says the server listens.
    for (const deadline = Date.now() + 10_000; !/Open the console at/.test(kheti.stdout()) && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const email = /email:\s+(\S+)/.exec(kheti.stdout())?.[1];
    const password = /password:\s+(\S+)/.exec(kheti.stdout())?.[1];
    assert.ok(email && password, `kheti printed the demo administrator:\n${kheti.stdout()}`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    state = { baseUrl, admin: { email, password }, browser };
  });

  after(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await state?.browser.close();
  });

  const ready = () => {
    if (!state) throw new Error('the console deployment is set up in before(): use it inside a test');
    return state;
  };

  return {
    get baseUrl() {
      return ready().baseUrl;
    },
    get admin() {
      return ready().admin;
    },
    get browser() {
      return ready().browser;
    },
    async newPage(width = WIDTHS.desktop, locale = 'en-IN') {
      const context = await ready().browser.newContext({ viewport: { width, height: width < 720 ? 780 : 900 }, locale });
      contexts.push(context);
      await context.route('**/*', (route) =>
        isLoopbackHost(new URL(route.request().url()).hostname) ? route.continue() : route.abort('internetdisconnected'),
      );
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
  };
}

/** Signs in with email and password through the form, as a person would, and waits for the navigation. */
export async function signIn(page: Page, baseUrl: string, credentials: { email: string; password: string }) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('main').waitFor();
}

/** Saves a full-page screenshot as test-artifacts/console/<name>-<width>.png. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: new URL(`${name}-${width}.png`, SCREENSHOTS).pathname, fullPage: true });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page as it is and fails on any serious or critical violation, naming them. */
export async function assertAccessible(page: Page, screen: string) {
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') refuses an inline <script>.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  assert.deepEqual(violations, [], `${screen}: accessibility violations`);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}
