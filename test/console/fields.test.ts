import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, type ConsoleDeployment, screenshot, signIn, useConsoleDeployment, WIDTHS } from '../support/console-browser.js';

// The grey of fields without NDVI (console/src/screens/fields/ndviClasses.ts).
const NO_DATA_GREY = '#a3a3a3';
// The pause before the screen looks again at fields still without NDVI (console/src/screens/fields/lookUpWhileMissing.ts).
const FIRST_PAUSE_MS = 12_000;
// The worker analyses the demo fields' year of scenes after seeding, newest scenes first: about a minute here.
const NDVI_WAIT_MS = 120_000;

async function openFields(page: Page, deployment: ConsoleDeployment) {
  await signIn(page, deployment.baseUrl, deployment.admin);
  await page.getByRole('heading', { level: 1, name: 'Fields' }).waitFor();
}

// One token for all the test's own reads: signing in is rate limited (and locked after a burst) per account.
const tokens = new Map<string, Promise<string>>();

async function tokenOf(page: Page, deployment: ConsoleDeployment): Promise<string> {
  let token = tokens.get(deployment.baseUrl);
  if (!token) {
    token = page.request
      .post(`${deployment.baseUrl}/oauth/token`, {
        data: { grant_type: 'password', username: deployment.admin.email, password: deployment.admin.password },
      })
      .then(async (answer) => ((await answer.json()) as { access_token: string }).access_token);
    tokens.set(deployment.baseUrl, token);
  }
  return token;
}

/** GET from the API with a token of the demo administrator's own, to compare what the screen shows with Kheti's answer. */
async function api(page: Page, deployment: ConsoleDeployment, path: string): Promise<unknown> {
  const answer = await page.request.get(`${deployment.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${await tokenOf(page, deployment)}` },
  });
  assert.equal(answer.status(), 200, `GET ${path}`);
  return answer.json();
}

interface ApiField {
  id: string;
  name: string;
}

async function apiFields(deployment: ConsoleDeployment, page: Page): Promise<ApiField[]> {
  const body = (await api(page, deployment, '/v1/fields?limit=200')) as { items: ApiField[]; nextCursor: string | null };
  assert.equal(body.nextCursor, null, 'the demo fits one page');
  return body.items.map(({ id, name }) => ({ id, name }));
}

/** The demo fields whose analysis the worker has not finished yet, by Kheti's own account. */
async function fieldsBeingAnalysed(deployment: ConsoleDeployment, page: Page, fields: ApiField[]): Promise<string[]> {
  const underWay: string[] = [];
  for (const field of fields) {
    const analyses = (await api(page, deployment, `/v1/fields/${field.id}/vegetation-analyses`)) as { items: { status: string }[] };
    if (analyses.items.some((a) => a.status === 'queued' || a.status === 'running')) underWay.push(field.name);
  }
  return underWay;
}

const polygons = (page: Page) => page.getByRole('region', { name: 'Map' }).locator('path[data-field-id]');

const NO_DATA_RGB = 'rgb(163, 163, 163)';
// The tests' TypeScript knows no DOM: the one browser function used here, typed as far as it is used.
type ComputedStyleOf = { getComputedStyle(element: unknown): { backgroundColor: string } };
const hexToRgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ');

interface MapShape {
  fill: string;
  /** Dashed is the outline of "no data", beside the grey. */
  dashed: boolean;
}

const shapeInNdviColour = (shape: MapShape | undefined) => shape !== undefined && shape.fill !== NO_DATA_GREY && !shape.dashed;

/**
 * Each demo field as the user sees it: its polygon and its dot on the map, its swatch's colour and its
 * words in the list. A field "has its colour" when each of these shows its NDVI, none the grey of no data.
 */
async function shownFields(page: Page, fields: ApiField[]) {
  const map = page.getByRole('region', { name: 'Map' });
  const shapesBy = async (attribute: string) =>
    new Map<string, MapShape>(
      await map
        .locator(`path[${attribute}]`)
        .evaluateAll(
          (shapes, name) =>
            shapes.map((s) => [s.getAttribute(name), { fill: s.getAttribute('fill'), dashed: s.hasAttribute('stroke-dasharray') }]),
          attribute,
        ),
    );
  const outlines = await shapesBy('data-field-id');
  const dots = await shapesBy('data-field-marker');
  const rows = new Map<string, { swatch: string | undefined; words: string }>(
    await page.locator('.field-list li').evaluateAll((items) =>
      items.map((li) => {
        const swatch = li.querySelector('.swatch');
        return [
          li.querySelector('a')?.textContent,
          {
            swatch: swatch ? (globalThis as unknown as ComputedStyleOf).getComputedStyle(swatch).backgroundColor : undefined,
            words: li.querySelector('.field-facts')?.textContent,
          },
        ];
      }),
    ),
  );
  return fields.map((field) => {
    const row = rows.get(field.name);
    const shown = { name: field.name, polygon: outlines.get(field.id), dot: dots.get(field.id), swatch: row?.swatch, words: row?.words };
    // The dot is on the map only while zoomed out; when it is, it shows the colour too.
    const coloured =
      shapeInNdviColour(shown.polygon) &&
      (shown.dot === undefined || shapeInNdviColour(shown.dot)) &&
      shown.swatch !== undefined &&
      shown.swatch !== NO_DATA_RGB &&
      /NDVI \d\.\d\d/.test(shown.words ?? '');
    return { ...shown, grey: !coloured };
  });
}

/** What the browser tells a page when its tab goes to the background or comes back. */
async function setVisibility(page: Page, state: 'hidden' | 'visible') {
  await page.evaluate((next) => {
    const document = (globalThis as unknown as { document: EventTarget }).document;
    Object.defineProperty(document, 'visibilityState', { value: next, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** Zooms the map in with its own button, so drawn shapes are field-sized. */
async function zoomIn(page: Page, times: number) {
  for (let i = 0; i < times; i++) {
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForTimeout(300);
  }
}

/** Clicks the corners (fractions of the map's box) and the first corner again to close the polygon. */
async function drawPolygon(page: Page, corners: [number, number][]) {
  const box = await page.getByRole('region', { name: 'Map' }).boundingBox();
  assert.ok(box);
  for (const [x, y] of [...corners, corners[0]!]) {
    await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    await page.waitForTimeout(200);
  }
}

describe('the Fields screen', { timeout: 240_000 }, () => {
  const deployment = useConsoleDeployment();

  test('maps and lists every field, coloured by NDVI as analyses finish, searchable, and draws new ones', async (t) => {
    const page = await deployment.newPage(WIDTHS.desktop);
    // When the screen reads fields' NDVI (each lookup starts with the field's timeseries).
    const lookups: number[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/vegetation-timeseries')) lookups.push(Date.now());
    });
    // Straight after start: the worker is still analysing the demo fields, as for someone who just ran `npm start`.
    await openFields(page, deployment);
    const demoFields = await apiFields(deployment, page);
    const names = demoFields.map((f) => f.name);
    assert.ok(names.length > 0, 'the demo has fields');

    const list = page.getByRole('list').filter({ has: page.getByRole('link', { name: names[0]! }) });
    for (const name of names) await list.getByRole('link', { name, exact: true }).waitFor();
    assert.equal(await list.getByRole('listitem').count(), names.length);
    assert.equal(await polygons(page).count(), names.length, 'one polygon per field');

    // Every field's first answer is in, and some are still grey because their analysis is still running:
    // the screen says so, and the colours then fill in by themselves, without reloading or leaving the screen.
    await page.getByText('NDVI loading…').first().waitFor({ state: 'detached' });
    const atFirst = await shownFields(page, demoFields);
    const firstLookAt = Date.now();
    const greyAtFirst = atFirst.filter((f) => f.grey).map((f) => f.name);
    const underWay = await fieldsBeingAnalysed(deployment, page, demoFields);
    assert.ok(greyAtFirst.length > 0, 'right after start some demo fields have no NDVI yet (otherwise this test proves nothing)');
    assert.ok(underWay.length > 0, 'right after start the worker is still analysing demo fields');
    const computing = page.getByText(/Crop health is being computed for \d+ fields?/);
    await computing.waitFor();
    assert.equal(await computing.getAttribute('aria-live'), 'polite');
    await screenshot(page, 'fields-computing');

    // The screen looks again by itself after a pause…
    const deadline = firstLookAt + FIRST_PAUSE_MS + 10_000;
    while (!lookups.some((at) => at > firstLookAt + 5000) && Date.now() < deadline) await page.waitForTimeout(500);
    assert.ok(
      lookups.some((at) => at > firstLookAt + 5000),
      'the fields still missing are looked up again without a reload',
    );
    // …but a hidden tab (a phone in a pocket) asks nothing; coming back looks again at once if a colour is
    // still missing (the sentence says so), and asks nothing if none is.
    await setVisibility(page, 'hidden');
    // A round under way when the tab was hidden may finish its few requests; nothing starts after it.
    await page.waitForTimeout(3000);
    const hiddenSince = Date.now();
    await page.waitForTimeout(FIRST_PAUSE_MS + 3000);
    assert.deepEqual(
      lookups.filter((at) => at >= hiddenSince),
      [],
      'no lookups while the tab is hidden',
    );
    const stillComputing = (await computing.count()) > 0;
    const visibleAt = Date.now();
    await setVisibility(page, 'visible');
    await page.waitForTimeout(2000);
    assert.equal(
      lookups.some((at) => at >= visibleAt),
      stillComputing,
      stillComputing ? 'fields still missing are looked up as soon as the tab is visible' : 'nothing missing, nothing asked',
    );
    t.diagnostic(`fields still being computed when the tab came back: ${stillComputing}`);

    let shown = atFirst;
    while (shown.some((f) => f.grey) && Date.now() - firstLookAt < NDVI_WAIT_MS) {
      await page.waitForTimeout(2000);
      shown = await shownFields(page, demoFields);
    }
    assert.deepEqual(
      shown.filter((f) => f.grey),
      [],
      `every demo field takes its NDVI colour in list and map without a reload (grey at first: ${greyAtFirst.join(', ')})`,
    );
    for (const field of shown) {
      assert.equal(`rgb(${hexToRgb(field.polygon!.fill)})`, field.swatch, `${field.name}: the list shows the map's colour`);
      if (field.dot) assert.equal(field.dot.fill, field.polygon!.fill, `${field.name}: its dot shows its polygon's colour`);
    }
    t.diagnostic(
      `${greyAtFirst.length} of ${names.length} demo fields were grey at first; all coloured when checked ${Math.round((Date.now() - firstLookAt) / 1000)} s later`,
    );
    await computing.waitFor({ state: 'detached' });

    // Search narrows the list to the matching names.
    const search = page.getByLabel('Search fields by name');
    const wanted = names[0]!;
    await search.fill(wanted);
    const matching = names.filter((n) => n.toLowerCase().includes(wanted.toLowerCase()));
    await page.waitForTimeout(200);
    assert.equal(await list.getByRole('listitem').count(), matching.length);
    await search.fill('');

    await screenshot(page, 'fields');
    await assertAccessible(page, 'Fields');

    // A bow-tie (self-intersecting) boundary: the API's reason is shown beside the drawing, which stays.
    await page.getByRole('button', { name: 'Draw a field' }).click();
    await zoomIn(page, 10);
    await drawPolygon(page, [
      [0.35, 0.35],
      [0.55, 0.55],
      [0.55, 0.35],
      [0.35, 0.55],
    ]);
    await page.getByLabel('Field name').fill('Bow-tie');
    await page.getByRole('button', { name: 'Save field' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /cannot use this boundary[\s\S]*crosses or touches/);
    await screenshot(page, 'fields-refused');

    // Redraw a plain rectangle: saved, then on the map and in the list.
    await page.getByRole('button', { name: 'Redraw' }).click();
    await drawPolygon(page, [
      [0.35, 0.35],
      [0.55, 0.35],
      [0.55, 0.55],
      [0.35, 0.55],
    ]);
    await page.getByLabel('Field name').fill('Test plot drawn by hand');
    await page.getByLabel('Crop (optional)').selectOption('wheat');
    await page.getByLabel('Season').selectOption('rabi');
    await page.getByLabel('Sowing date (needed with a crop)').fill('2026-11-15');
    await page.getByRole('button', { name: 'Save field' }).click();
    await list.getByRole('link', { name: 'Test plot drawn by hand' }).waitFor();
    // Nobody asked for an analysis of the new field: it is "no data yet", not announced as being computed.
    await list.getByRole('listitem').filter({ hasText: 'Test plot drawn by hand' }).getByText('no data yet').waitFor();
    assert.equal(await page.getByText(/Crop health is being computed/).count(), 0);
    assert.equal(await polygons(page).count(), names.length + 1);
    assert.equal(await page.getByRole('alert').count(), 0);

    // The crop picked in the form became the new field's crop cycle.
    const created = await api(page, deployment, '/v1/fields?q=Test%20plot%20drawn');
    const [field] = (created as { items: { id: string }[] }).items;
    assert.ok(field);
    const cycles = (await api(page, deployment, `/v1/fields/${field.id}/crop-cycles`)) as {
      items: { crop: string; season: string; sowingDate: string }[];
    };
    assert.deepEqual(
      cycles.items.map((c) => [c.crop, c.season, c.sowingDate]),
      [['wheat', 'rabi', '2026-11-15']],
    );
  });

  test('fits a phone', async () => {
    const page = await deployment.newPage(WIDTHS.phone);
    await openFields(page, deployment);
    await polygons(page).first().waitFor({ state: 'attached' });
    await page.waitForTimeout(2000);
    await screenshot(page, 'fields');
    await assertAccessible(page, 'Fields on a phone');
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document
        .documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    assert.equal(overflow, 0, 'no sideways scrolling');
  });
});
