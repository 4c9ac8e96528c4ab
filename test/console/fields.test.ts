import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, type ConsoleDeployment, screenshot, signIn, useConsoleDeployment, WIDTHS } from '../support/console-browser.js';

// The grey of fields without NDVI (console/src/screens/fields/ndviClasses.ts).
const NO_DATA_GREY = '#a3a3a3';
// The worker analyses the demo fields' year of scenes after seeding; the newest scenes come first, within a minute here.
const NDVI_WAIT_MS = 90_000;

async function openFields(page: Page, deployment: ConsoleDeployment) {
  await signIn(page, deployment.baseUrl, deployment.admin);
  await page.getByRole('heading', { level: 1, name: 'Fields' }).waitFor();
}

/** GET from the API with a token of the demo administrator's own, to compare what the screen shows with Kheti's answer. */
async function api(page: Page, deployment: ConsoleDeployment, path: string): Promise<unknown> {
  const token = await page.request.post(`${deployment.baseUrl}/oauth/token`, {
    data: { grant_type: 'password', username: deployment.admin.email, password: deployment.admin.password },
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const answer = await page.request.get(`${deployment.baseUrl}${path}`, { headers: { authorization: `Bearer ${access_token}` } });
  assert.equal(answer.status(), 200, `GET ${path}`);
  return answer.json();
}

async function apiFieldNames(deployment: ConsoleDeployment, page: Page): Promise<string[]> {
  const body = (await api(page, deployment, '/v1/fields?limit=200')) as { items: { name: string }[]; nextCursor: string | null };
  assert.equal(body.nextCursor, null, 'the demo fits one page');
  return body.items.map((f) => f.name);
}

const polygons = (page: Page) => page.getByRole('region', { name: 'Map' }).locator('path[data-field-id]');
const fillsOf = (page: Page) => polygons(page).evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));

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

  test('maps and lists every field, coloured by NDVI, searchable, and draws new ones', async () => {
    const page = await deployment.newPage(WIDTHS.desktop);
    await openFields(page, deployment);
    const names = await apiFieldNames(deployment, page);
    assert.ok(names.length > 0, 'the demo has fields');

    const list = page.getByRole('list').filter({ has: page.getByRole('link', { name: names[0]! }) });
    for (const name of names) await list.getByRole('link', { name, exact: true }).waitFor();
    assert.equal(await list.getByRole('listitem').count(), names.length);
    assert.equal(await polygons(page).count(), names.length, 'one polygon per field');

    // Once the worker has analysed the newest scenes, fields take an NDVI colour; opening the screen again reads them anew.
    const deadline = Date.now() + NDVI_WAIT_MS;
    let fills = await fillsOf(page);
    while (fills.every((fill) => fill === NO_DATA_GREY) && Date.now() < deadline) {
      await page.waitForTimeout(5000);
      await page.getByRole('link', { name: 'Markets' }).click();
      await page.getByRole('link', { name: 'Fields' }).click();
      await polygons(page).first().waitFor({ state: 'attached' });
      await page.waitForTimeout(2000);
      fills = await fillsOf(page);
    }
    assert.ok(
      fills.some((fill) => fill !== NO_DATA_GREY),
      `some field has an NDVI colour: ${fills.join(', ')}`,
    );
    await page
      .getByText(/NDVI \d\.\d\d/)
      .first()
      .waitFor();

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
