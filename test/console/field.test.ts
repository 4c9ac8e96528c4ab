import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { APIRequestContext, Page } from 'playwright-core';
import { assertAccessible, type ConsoleDeployment, screenshot, signIn, useConsoleDeployment, WIDTHS } from '../support/console-browser.js';

// The worker analyses the demo fields' year of scenes after seeding; that takes well under a minute here.
const NDVI_WAIT_MS = 90_000;

interface DemoField {
  id: string;
  name: string;
}

/** Kheti's own answers, read with the demo administrator's token, to compare the page against. */
async function apiOf(deployment: ConsoleDeployment, request: APIRequestContext) {
  const answer = await request.post(`${deployment.baseUrl}/oauth/token`, {
    data: { grant_type: 'password', username: deployment.admin.email, password: deployment.admin.password },
  });
  const { access_token } = (await answer.json()) as { access_token: string };
  return async <T>(path: string, language = 'en'): Promise<T> => {
    const response = await request.get(`${deployment.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${access_token}`, 'accept-language': language },
    });
    assert.equal(response.status(), 200, `GET ${path}`);
    return (await response.json()) as T;
  };
}

/** The first demo field (by name) once the worker has stored its scenes, so the chart has points to show. */
async function analysedField(get: Awaited<ReturnType<typeof apiOf>>): Promise<DemoField> {
  const { items } = await get<{ items: DemoField[] }>('/v1/fields?limit=200');
  const field = [...items].sort((a, b) => a.name.localeCompare(b.name))[0];
  assert.ok(field, 'the demo has fields');
  const deadline = Date.now() + NDVI_WAIT_MS;
  for (;;) {
    const series = await get<{ points: unknown[] }>(`/v1/fields/${field.id}/vegetation-timeseries?index=ndvi`);
    if (series.points.length > 0) return field;
    assert.ok(Date.now() < deadline, `the demo analyses of ${field.name} were not done within ${NDVI_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** A demo field with no crop standing today (its cycles all harvested or not yet sown). */
async function fieldWithoutCrop(get: Awaited<ReturnType<typeof apiOf>>): Promise<DemoField> {
  const today = new Date().toISOString().slice(0, 10);
  const { items } = await get<{ items: DemoField[] }>('/v1/fields?limit=200');
  for (const field of items) {
    const cycles = await get<{ items: { sowingDate: string; expectedHarvestDate: string | null }[] }>(`/v1/fields/${field.id}/crop-cycles`);
    const standing = cycles.items.some((c) => c.sowingDate <= today && (c.expectedHarvestDate === null || c.expectedHarvestDate >= today));
    if (!standing) return field;
  }
  assert.fail('the demo has a field without a standing crop');
}

async function openField(page: Page, deployment: ConsoleDeployment, field: DemoField) {
  await signIn(page, deployment.baseUrl, deployment.admin);
  await page.goto(`${deployment.baseUrl}/#/fields/${field.id}`);
  await page.getByRole('heading', { level: 1, name: field.name, exact: true }).waitFor();
}

/** The chart's printed summary names how many satellite images it draws. */
async function chartedImages(page: Page): Promise<number> {
  const chart = page.getByRole('img', { name: 'NDVI over time' });
  await chart.waitFor();
  assert.ok(await chart.locator('canvas').count(), 'uPlot drew on a canvas');
  const describedBy = await chart.getAttribute('aria-describedby');
  const summary = (await page.locator(`#${describedBy}`).textContent()) ?? '';
  const count = /^(\d+) satellite images/.exec(summary)?.[1];
  assert.ok(count, `the chart's summary counts the images: ${summary}`);
  return Number(count);
}

describe("one field's page", { timeout: 240_000 }, () => {
  const deployment = useConsoleDeployment();

  test('shows the field, its NDVI chart and advice in English and Hindi, and runs an analysis live', async () => {
    const page = await deployment.newPage(WIDTHS.desktop);
    const get = await apiOf(deployment, page.request);
    const field = await analysedField(get);
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(new URL(socket.url()).pathname));
    await openField(page, deployment, field);

    assert.ok((await chartedImages(page)) > 0, 'the chart has points');
    await page.getByText('Smoothed trend').waitFor();
    await page.getByRole('region', { name: 'Field on the map' }).getByText(/ha$/).first().waitFor();

    const advice = page.getByRole('region', { name: "Today's advice" });
    const english = await get<{ irrigation: { text: string }; sprayText: string }>(`/v1/fields/${field.id}/advisories`, 'en');
    await advice.getByText(english.irrigation.text, { exact: true }).waitFor();
    await advice.getByText(english.sprayText, { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Weather, next 7 days' }).getByRole('row').nth(7).waitFor();
    await screenshot(page, 'field');
    await assertAccessible(page, "the field's page");

    await page.getByRole('button', { name: 'हिन्दी' }).click();
    const hindi = await get<{ irrigation: { text: string } }>(`/v1/fields/${field.id}/advisories`, 'hi');
    assert.match(hindi.irrigation.text, /[\u0900-\u097F]/, 'Kheti writes the advice in Hindi');
    const hindiAdvice = page.getByRole('region', { name: 'आज की सलाह' });
    await hindiAdvice.getByText(hindi.irrigation.text, { exact: true }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'मौसम, अगले 7 दिन' }).waitFor();
    await page.getByRole('img', { name: 'समय के साथ NDVI' }).waitFor();
    await page.getByRole('heading', { level: 1, name: field.name, exact: true }).waitFor();
    await screenshot(page, 'field-hindi');
    await page.getByRole('button', { name: 'English' }).click();

    const analysis = page.getByRole('region', { name: 'New satellite analysis' });
    await analysis.getByRole('button', { name: 'Start analysis' }).click();
    await analysis.getByRole('status').filter({ hasText: /^Done/ }).waitFor({ timeout: 60_000 });
    assert.equal(await analysis.getByRole('progressbar').getAttribute('value'), '100');
    assert.ok(sockets.includes('/v1/ws'), `the page followed the job over the event stream (sockets: ${sockets.join(', ')})`);
    assert.ok((await chartedImages(page)) > 0, 'the chart is drawn again after the analysis');
  });

  test('records the crop of a field that has none standing', async () => {
    const page = await deployment.newPage(WIDTHS.desktop);
    const get = await apiOf(deployment, page.request);
    const field = await fieldWithoutCrop(get);
    await openField(page, deployment, field);

    const crop = page.getByRole('region', { name: 'Crop', exact: true });
    await crop.getByText('No crop is standing on this field today.').waitFor();
    await crop.getByRole('button', { name: 'Add a crop' }).click();
    await crop.getByLabel('Crop', { exact: true }).selectOption({ label: 'Rapeseed and mustard' });
    await crop.getByLabel('Season').selectOption({ label: 'Rabi (winter)' });
    await crop.getByRole('button', { name: 'Save crop' }).click();
    await crop.getByRole('definition').filter({ hasText: 'Rapeseed and mustard' }).waitFor();
    await crop.getByText(/^Day \d+ after sowing/).waitFor();
    const { items } = await get<{ items: { crop: string }[] }>(`/v1/fields/${field.id}/crop-cycles`);
    assert.ok(
      items.some((c) => c.crop === 'rapeseed_mustard'),
      'Kheti stored the crop cycle',
    );
  });

  test('fits a phone', async () => {
    const page = await deployment.newPage(WIDTHS.phone);
    const get = await apiOf(deployment, page.request);
    const field = await analysedField(get);
    await openField(page, deployment, field);
    assert.ok((await chartedImages(page)) > 0);
    await page.getByRole('region', { name: 'Soil test' }).getByRole('table').waitFor();
    const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
    assert.equal(overflow, 0, 'nothing wider than the phone');
    await screenshot(page, 'field');
    await assertAccessible(page, "the field's page on a phone");

    // One failing call shows its problem in its own panel; the rest of the page stays.
    await page.route('**/v1/fields/*/weather', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Weather is down', status: 503 }),
      }),
    );
    await page.reload();
    await page.getByRole('region', { name: 'Weather, next 7 days' }).getByRole('alert').getByText('Weather is down').waitFor();
    await page.getByRole('region', { name: 'Soil test' }).getByRole('table').waitFor();
    assert.ok((await chartedImages(page)) > 0, 'the chart does not depend on the weather');
  });
});
