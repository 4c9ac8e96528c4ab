import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, type ConsoleDeployment, screenshot, useConsoleDeployment, WIDTHS } from '../support/console-browser.js';

/**
 * The worker turns events into notifications once a minute (the alerts follower's cron), leaving
 * events younger than 5 s for the next run: a notification follows its cause within ~70 s.
 */
const NOTIFICATION_WAIT_MS = 100_000;

/** Signs in through the form; the submit button by its exact name, since "Farmer? Sign in with your phone" contains it. */
async function signIn(page: Page, deployment: ConsoleDeployment) {
  await page.goto(`${deployment.baseUrl}/`);
  await page.getByLabel('Email').fill(deployment.admin.email);
  await page.getByLabel('Password').fill(deployment.admin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('main').waitFor();
}

/** The API as the test itself calls it, with the administrator's own token. */
async function apiAs(deployment: ConsoleDeployment, page: Page) {
  const answer = await page.request.post(`${deployment.baseUrl}/oauth/token`, {
    data: { grant_type: 'password', username: deployment.admin.email, password: deployment.admin.password },
  });
  const { access_token } = (await answer.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${access_token}` };
  return {
    get: async <T>(path: string) => (await (await page.request.get(`${deployment.baseUrl}${path}`, { headers })).json()) as T,
    post: async <T>(path: string, data: unknown) => {
      const response = await page.request.post(`${deployment.baseUrl}${path}`, { headers, data });
      assert.ok(response.ok(), `${path}: ${response.status()} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}

/** The unread count the badge beside the Alerts link says (0 when it is not shown). */
async function unreadBadge(page: Page): Promise<number> {
  // allTextContents does not wait, so a badge that goes away while read is simply 0.
  const [text] = await page
    .getByRole('navigation', { name: 'Main' })
    .getByText(/^\d+ unread$/)
    .allTextContents();
  return text === undefined ? 0 : Number(text.replace(/\D/g, ''));
}

/**
 * The unread count the collapsed Menu button shows (0 without a badge). Its number is hidden from
 * screen readers, which hear the same count as the button's description, after its name "Menu":
 * both as Chromium computes them, found by that exact name.
 */
async function menuBadge(page: Page): Promise<number> {
  const [shown] = await page.getByRole('button', { name: 'Menu', exact: true }).getByText(/^\d+$/).allTextContents();
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodes } = await cdp.send('Accessibility.queryAXTree', { nodeId: root.nodeId, role: 'button', accessibleName: 'Menu' });
  await cdp.detach();
  assert.equal(nodes.length, 1, 'one button named exactly "Menu"');
  const count = shown === undefined ? 0 : Number(shown);
  assert.equal(nodes[0]?.description?.value ?? '', count ? `${count} unread` : '', 'the Menu button describes its badge');
  return count;
}

/** Waits until the badge says what `expected` counts (the badge reads its count back from Kheti after each change). */
async function waitForBadge(page: Page, expected: () => Promise<number>, badgeShown = unreadBadge) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [badge, want] = [await badgeShown(page), await expected()];
    if (badge === want) return;
    assert.ok(Date.now() < deadline, `the badge should say ${want} unread, not ${badge}`);
    await page.waitForTimeout(100);
  }
}

/** Pixels of the price chart: all it drew, and those fully in the first line's colour and in the MSP's; and its width. */
interface ChartPixels {
  drawn: number;
  line: number;
  msp: number;
  width: number;
}

/** The little of the page's DOM the chart check reads (the tests are type-checked without the DOM library). */
interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageElement {
  clientWidth: number;
  setAttribute(name: string, value: string): void;
  /** Of the canvas. */
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } } | null;
}

/**
 * Run in the page each frame: false while there is nothing to read yet, else the chart's pixels.
 * `newChart`: read the first frame showing a legend the page did not show before (all 0 without
 * a canvas): a plot drawn late, or sized when its box had no width, counts as blank there, as a
 * screenshot would show it. Otherwise: wait for the plot to fit its box (after a resize), then read.
 */
function readChart({ newChart, colours }: { newChart: boolean; colours: number[][] }): ChartPixels | false {
  const { document } = globalThis as unknown as { document: PageDocument };
  if (!document.querySelector(newChart ? '.chart-legend:not([data-seen])' : '.chart-legend')) return false;
  const counts = { drawn: 0, line: 0, msp: 0, width: 0 };
  const box = document.querySelector('.price-chart-canvas');
  const canvas = document.querySelector('.price-chart-canvas canvas');
  if (!newChart && canvas?.width !== box?.clientWidth) return false;
  if (!canvas || canvas.width === 0 || canvas.height === 0) return counts;
  counts.width = canvas.width;
  const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
  for (let i = 0; i < pixels.length; i += 4) {
    // The background is transparent: anything else is drawn (axes, grid, lines, dots).
    if (pixels[i + 3] === 0) continue;
    counts.drawn++;
    // A colour counts where it is fully drawn, not at the partly transparent edges of a stroke.
    if (pixels[i + 3] !== 255) continue;
    const [line, msp] = colours.map((c) => c.every((value, channel) => Math.abs((pixels[i + channel] ?? 0) - value) <= 8));
    if (line) counts.line++;
    if (msp) counts.msp++;
  }
  return counts;
}

/** The colours of PriceChart: its first line (#1f6b3a) and the MSP (#a4161a). */
const CHART_COLOURS = [
  [0x1f, 0x6b, 0x3a],
  [0xa4, 0x16, 0x1a],
];

/** Runs `action` and returns what the price chart it brings had drawn in the first frame showing it. */
async function chartPixelsAfter(page: Page, action: () => Promise<unknown>): Promise<ChartPixels> {
  await page.evaluate(() => {
    const { document } = globalThis as unknown as { document: PageDocument };
    for (const legend of document.querySelectorAll('.chart-legend')) legend.setAttribute('data-seen', '');
  });
  const firstFrame = page.waitForFunction(readChart, { newChart: true, colours: CHART_COLOURS }, { polling: 'raf' });
  const [pixels] = await Promise.all([firstFrame.then((handle) => handle.jsonValue() as Promise<ChartPixels>), action()]);
  return pixels;
}

/** What the price chart shows once it fits its box. */
async function chartPixelsFitted(page: Page): Promise<ChartPixels> {
  const fitted = await page.waitForFunction(readChart, { newChart: false, colours: CHART_COLOURS }, { polling: 'raf' });
  return (await fitted.jsonValue()) as ChartPixels;
}

/** Axes, a line or dots of the first series and the MSP line: more than a blank box. */
function assertChartDrawn(pixels: ChartPixels, what: string) {
  const seen = JSON.stringify(pixels);
  assert.ok(pixels.drawn > 3_000, `${what}: the chart draws its axes and lines, not a blank box (${seen})`);
  assert.ok(pixels.line >= 40, `${what}: the first series is drawn, in visible dots where its prices are single days (${seen})`);
  assert.ok(pixels.msp >= 50, `${what}: the MSP line is drawn (${seen})`);
}

/** Opens Markets and picks wheat, returning what its chart drew in the first frame it showed. */
async function openMarketsWithWheat(page: Page): Promise<ChartPixels> {
  await page.getByRole('link', { name: 'Markets', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Mandi prices' }).waitFor();
  // Wheat has demo prices in Madhya Pradesh mandis near the demo's "Big field", and an MSP.
  const pixels = await chartPixelsAfter(page, () => page.getByLabel('Commodity').selectOption('wheat'));
  await page.getByRole('img', { name: /modal price of Wheat/ }).waitFor();
  return pixels;
}

describe('the Markets and Alerts screens', { timeout: 300_000 }, () => {
  const deployment = useConsoleDeployment();

  test('Markets: the trend at chosen mandis against the MSP, and the best mandis from a field', async () => {
    const page = await deployment.newPage(WIDTHS.desktop);
    await signIn(page, deployment);
    assertChartDrawn(await openMarketsWithWheat(page), 'wheat at 1280 px');

    // Without a mandi the chart is the mean of all; the MSP line is named in the legend and the image's label.
    const chart = page.getByRole('img', {
      name: /modal price of Wheat.*All mandis \(average\).*MSP of each marketing year, latest ₹2,425 per quintal/,
    });
    await chart.waitFor();
    const mspLabel = page.getByText(/^MSP \d{4}-\d{2}: ₹[\d,]+ per quintal$/);
    await mspLabel.waitFor();
    assert.match((await mspLabel.textContent()) ?? '', /₹2,425/, 'the wheat MSP of RMS 2025-26');
    assert.ok((await page.locator('.price-chart-canvas canvas').count()) > 0, 'uPlot drew a canvas');

    // Two mandis, found by typing part of their district.
    await page.getByLabel('Search mandis').fill('vidisha');
    await page.getByRole('button', { name: /^Add Ganjbasoda/ }).click();
    await page.getByLabel('Search mandis').fill('indore');
    const twoMandis = await chartPixelsAfter(page, () => page.getByRole('button', { name: /^Add Gautampura/ }).click());
    await page.getByRole('img', { name: /Ganjbasoda \(Vidisha, Madhya Pradesh\); Gautampura \(Indore, Madhya Pradesh\)/ }).waitFor();
    assertChartDrawn(twoMandis, 'two mandis at 1280 px');
    await page.getByText('Ganjbasoda (Vidisha, Madhya Pradesh): ₹2,490 per quintal on 5 Apr 2025. ₹65 above the MSP.').waitFor();
    await page.getByText('Show the prices as a table').click();
    const priceTable = page.getByRole('table', { name: 'Modal price per day, ₹ per quintal' });
    assert.deepEqual(await priceTable.getByRole('row').last().getByRole('cell').allTextContents(), ['₹2,490', '₹2,425']);

    // The best mandis from the first field, net of transport, best first.
    const best = page.getByRole('table', { name: /mandis within 100 km, best net price first/ });
    await best.waitFor();
    const rows = best.getByRole('row');
    assert.ok((await rows.count()) >= 2, 'a header and at least one mandi');
    const first = await rows.nth(1).getByRole('cell').allTextContents();
    const [rank, net, modal, transport] = first;
    assert.equal(rank, '1');
    const rupees = (text: string | undefined) => Number(text?.replace(/[^\d.]/g, ''));
    // Each is rounded to the rupee on its own, so the difference may be off by one.
    assert.ok(Math.abs(rupees(net) - (rupees(modal) - rupees(transport))) <= 1, `net = modal − transport: ${first.join(' | ')}`);
    await page.getByLabel('Within', { exact: true }).selectOption('50');
    await page.getByText(/No mandi within 50 km|None of the \d+ mandis within 50 km/).waitFor();
    await page.getByLabel('Within', { exact: true }).selectOption('100');
    await best.waitFor();

    await screenshot(page, 'markets');
    await assertAccessible(page, 'Markets');

    // The same plot follows the window down to a phone's width and back.
    await page.setViewportSize({ width: WIDTHS.phone, height: 780 });
    const narrow = await chartPixelsFitted(page);
    assertChartDrawn(narrow, 'resized from 1280 to 360 px');
    assert.ok(narrow.width < WIDTHS.phone, `the plot fits a phone: ${narrow.width} px`);
    await page.setViewportSize({ width: WIDTHS.desktop, height: 900 });
    assert.ok((await chartPixelsFitted(page)).width > 1_000, 'the plot widens again');
  });

  test('Alerts: rules made and deleted, a 422 beside its field, and a notification arriving live', async () => {
    const page = await deployment.newPage(WIDTHS.desktop);
    await signIn(page, deployment);
    const api = await apiAs(deployment, page);
    const field = (await api.get<{ items: { id: string; name: string }[] }>('/v1/fields?limit=1')).items[0];
    assert.ok(field, 'the demo has a field');

    // The badge is a separate element: the link keeps its name.
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await page.getByText('Live updates on').waitFor();
    const unreadBefore = await unreadBadge(page);

    // Onion has no MSP: only Kheti knows, and its reason appears beside the condition.
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'New alert rule' }) });
    await form.getByLabel('What to watch').selectOption('price');
    await form.getByLabel('Commodity').selectOption('onion');
    await form.getByLabel('When the modal price').selectOption('below_msp');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await form.getByText('The rule was not created. Check the fields marked below.').waitFor();
    const reason = page.locator('#rule-condition-error');
    assert.match((await reason.textContent()) ?? '', /Onion has no Minimum Support Price/);
    assert.equal(await form.getByLabel('When the modal price').getAttribute('aria-describedby'), 'rule-condition-error');

    // Then valid: a wheat price rule, which is listed.
    await form.getByLabel('Name (optional)').fill('Wheat above 3000');
    await form.getByLabel('Commodity').selectOption('wheat');
    await form.getByLabel('When the modal price').selectOption('above');
    await form.getByLabel('Price (₹ per quintal)').fill('3000');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const rules = page.getByRole('region', { name: 'Alert rules' });
    await rules.getByRole('heading', { name: 'Wheat above 3000' }).waitFor();
    await rules.getByText('Wheat: modal price above ₹3,000/quintal').waitFor();

    // Deleting asks first; Cancel keeps it, Yes removes it.
    await rules.getByRole('button', { name: 'Delete rule “Wheat above 3000”' }).click();
    await rules.getByRole('button', { name: 'Cancel' }).click();
    await rules.getByRole('button', { name: 'Delete rule “Wheat above 3000”' }).click();
    await rules.getByRole('button', { name: 'Yes, delete' }).click();
    await rules.getByText('Rule “Wheat above 3000” deleted.').waitFor();
    assert.equal(await rules.getByRole('heading', { name: 'Wheat above 3000' }).count(), 0);

    // A rule on the field's analyses, then an analysis the test starts through the API.
    await form.getByLabel('What to watch').selectOption('job_finished');
    await form.getByLabel('Name (optional)').fill('Analyses of the first field');
    await form.getByLabel('Field', { exact: true }).selectOption({ label: field.name });
    await form.getByRole('button', { name: 'Create rule' }).click();
    await rules.getByRole('heading', { name: 'Analyses of the first field' }).waitFor();
    const { jobId } = await api.post<{ jobId: string }>(`/v1/fields/${field.id}/vegetation-analyses`, {
      from: '2026-01-01',
      to: '2026-03-31',
    });

    // Kheti's own record of the notification that analysis caused (the rule may also catch the demo's
    // own year of analyses, with the same title: the body and the job tell them apart).
    const deadline = Date.now() + NOTIFICATION_WAIT_MS;
    let ours: { id: string; title: string; body: string } | undefined;
    while (!ours) {
      assert.ok(Date.now() < deadline, 'the analysis caused a notification');
      await page.waitForTimeout(1_000);
      const inboxNow = await api.get<{ items: { id: string; title: string; body: string; data: { jobId?: string } }[] }>(
        '/v1/notifications?limit=50',
      );
      ours = inboxNow.items.find((n) => n.data.jobId === jobId);
    }

    // It arrives without a reload: in the inbox, newest first, announced politely, and counted by the badge.
    const inbox = page.getByRole('region', { name: 'Inbox' });
    const item = inbox.getByRole('listitem').filter({ hasText: ours.body });
    await item.waitFor();
    const newest = (await api.get<{ items: { title: string; body: string }[] }>('/v1/notifications?limit=1')).items[0];
    assert.ok(newest && ((await inbox.getByRole('listitem').first().textContent()) ?? '').includes(newest.body), 'newest first');
    assert.match(
      (await page.locator('[aria-live="polite"]').textContent()) ?? '',
      /^New notification: Crop-health analysis of .+ is ready$/,
    );
    const unreadShown = () => inbox.getByText('Unread', { exact: true }).count();
    await waitForBadge(page, unreadShown);
    assert.ok((await unreadBadge(page)) > unreadBefore, 'the badge went up');
    await page.getByRole('link', { name: 'Alerts', exact: true }).waitFor();

    await screenshot(page, 'alerts');
    await assertAccessible(page, 'Alerts');

    // On a phone the collapsed menu hides that badge: the Menu button carries the count instead.
    await page.setViewportSize({ width: WIDTHS.phone, height: 780 });
    await waitForBadge(page, unreadShown, menuBadge);
    assert.ok((await menuBadge(page)) > 0, 'the Menu button shows the unread count');
    await screenshot(page, 'alerts-menu');
    await assertAccessible(page, 'Alerts (phone, menu collapsed)');
    // Opened, the count is beside the Alerts link and no longer on the button.
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page.getByRole('link', { name: 'Alerts', exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Menu', exact: true }).getByText(/^\d+$/).count(), 0);
    await waitForBadge(page, unreadShown);
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page.setViewportSize({ width: WIDTHS.desktop, height: 900 });

    // Reading one takes it off the badge; reading all takes the badge away.
    await item.getByRole('button', { name: `Mark as read: ${ours.title}` }).click();
    await item.getByText('Unread', { exact: true }).waitFor({ state: 'detached' });
    await waitForBadge(page, unreadShown);
    await inbox.getByRole('button', { name: 'Mark all as read' }).click();
    await waitForBadge(page, async () => 0);
    assert.equal(await unreadShown(), 0);
  });

  test('both screens on a phone', async () => {
    const page = await deployment.newPage(WIDTHS.phone);
    await signIn(page, deployment);
    const api = await apiAs(deployment, page);
    // The collapsed menu's button shows what Kheti counts unread (the demo's analyses may add some meanwhile).
    const unreadInKheti = async () => (await api.get<{ items: unknown[] }>('/v1/notifications?unread=true&limit=100')).items.length;
    await waitForBadge(page, unreadInKheti, menuBadge);
    // Looked up by its name as before, whether or not it shows a count.
    assert.equal(await page.getByRole('button', { name: 'Menu', exact: true }).count(), 1);
    await page.getByRole('button', { name: 'Menu' }).click();
    assertChartDrawn(await openMarketsWithWheat(page), 'wheat at 360 px');

    await page.getByLabel('Search mandis').fill('vidisha');
    const oneMandi = await chartPixelsAfter(page, () => page.getByRole('button', { name: /^Add Ganjbasoda/ }).click());
    assertChartDrawn(oneMandi, 'Ganjbasoda, with a price on one day only, at 360 px');
    await page.getByRole('img', { name: /Ganjbasoda \(Vidisha, Madhya Pradesh\)/ }).waitFor();
    await page.getByRole('table', { name: /mandis within 100 km/ }).waitFor();
    await screenshot(page, 'markets');
    await assertAccessible(page, 'Markets (phone)');

    // In Hindi too, back to the average of all mandis.
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByRole('heading', { level: 1, name: 'मंडी भाव' }).waitFor();
    const hindi = await chartPixelsAfter(page, () => page.getByRole('button', { name: 'Ganjbasoda हटाएँ' }).click());
    assertChartDrawn(hindi, 'the average of all mandis, in Hindi at 360 px');
    await screenshot(page, 'markets-hindi');
    await page.getByRole('button', { name: 'English' }).click();

    await page.goto(`${deployment.baseUrl}/#/alerts`);
    await page.getByRole('heading', { level: 2, name: 'Alert rules' }).waitFor();
    await screenshot(page, 'alerts');
    await assertAccessible(page, 'Alerts (phone)');
  });
});
