import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { assertAccessible, type ConsoleDeployment, screenshot, signIn, useConsoleDeployment, WIDTHS } from '../support/console-browser.js';

const DEMO_FARMERS = [
  'Bandaru Lakshmi',
  'Harjinder Singh Grewal',
  'Kolli Venkateswara Rao',
  'Paramjit Kaur Sidhu',
  'Rameshwar Verma',
  'Sunil Pawar',
];
// A made-up Aadhaar number whose last digit is its Verhoeff check digit, as Kheti insists.
const AADHAAR = '234567890124';
const PM_KISAN = 'Pradhan Mantri Kisan Samman Nidhi (PM-KISAN)';

/** The API as the test's own admin session (to change data behind the console's back and read the audit log). */
async function apiAs(deployment: ConsoleDeployment, page: Page) {
  const answer = await page.request.post(`${deployment.baseUrl}/oauth/token`, {
    data: { grant_type: 'password', username: deployment.admin.email, password: deployment.admin.password },
  });
  const { access_token } = (await answer.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${access_token}` };
  return {
    get: async <T>(path: string) => (await (await page.request.get(`${deployment.baseUrl}${path}`, { headers })).json()) as T,
    patch: (path: string, data: unknown, extra: Record<string, string> = {}) =>
      page.request.patch(`${deployment.baseUrl}${path}`, { headers: { ...headers, ...extra }, data }),
  };
}

/** The board column of a status, found by its heading. */
const column = (page: Page, status: string) =>
  page.locator('section.board-column').filter({ has: page.getByRole('heading', { level: 3, name: new RegExp(`^${status} \\(`) }) });

/** The buttons a card offers, by name. */
const buttonsOf = async (card: Locator) => (await card.getByRole('button').allInnerTexts()).map((text) => text.trim());

describe('the Farmers, Schemes and Members screens', { timeout: 240_000 }, () => {
  const deployment = useConsoleDeployment();

  test('farmers are searched, created (422 shown at the field), edited, revealed, judged for schemes and applied for; the board offers only allowed moves', async () => {
    const page = await deployment.newPage(WIDTHS.desktop);
    await signIn(page, deployment.baseUrl, deployment.admin);
    const api = await apiAs(deployment, page);

    // The list shows the demo farmers; a search narrows it on the server.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Farmers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Farmers' }).waitFor();
    for (const name of DEMO_FARMERS) await page.getByRole('link', { name, exact: true }).waitFor();
    await screenshot(page, 'farmers');
    await assertAccessible(page, 'Farmers');
    await page.getByLabel('Search by name, village or district').fill('Ludhiana');
    await page.getByRole('link', { name: 'Sunil Pawar' }).waitFor({ state: 'detached' });
    await page.getByText('2 farmers', { exact: true }).waitFor();
    assert.deepEqual((await page.locator('.farmer-name').allInnerTexts()).sort(), ['Harjinder Singh Grewal', 'Paramjit Kaur Sidhu']);

    // A new farmer without a state: Kheti's 422 is shown next to the State input, then a valid one is created.
    await page.getByRole('button', { name: 'New farmer' }).click();
    await page.getByLabel('Name (required)').fill('Meena Devi');
    await page.getByRole('button', { name: 'Register farmer' }).click();
    const state = page.getByLabel('State (required)');
    await page.locator('#farmer-state-error').getByText('This is required.').waitFor();
    assert.equal(await state.getAttribute('aria-invalid'), 'true');
    assert.match((await state.getAttribute('aria-describedby')) ?? '', /farmer-state-error/);
    await state.fill('Bihar');
    await page.getByLabel('Village').fill('Rampur');
    await page.getByLabel('District').fill('Gaya');
    await page.getByLabel('Mobile number').fill('9812345678');
    await page.getByLabel('Land holding (hectares)').fill('0.8');
    await page.getByLabel('Land ownership').selectOption('owner');
    await page.getByLabel('Gender').selectOption('female');
    await page.getByLabel('Date of birth').fill('1990-05-01');
    await page.getByLabel('Social category').selectOption('sc');
    await page.getByLabel('Aadhaar number').fill(AADHAAR);
    await page.getByLabel('Bank account number').fill('123456789012');
    await page.getByRole('button', { name: 'Register farmer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meena Devi' }).waitFor();
    const farmerId = /#\/farmers\/([0-9a-f-]+)/.exec(page.url())?.[1];
    assert.ok(farmerId, page.url());

    // The profile shows the class Kheti derived; personal data is masked until an admin reveals it, which is audited.
    const profile = page.getByRole('region', { name: 'Profile' });
    await profile.getByText('Marginal (under 1 ha)').waitFor();
    const personal = page.getByRole('region', { name: 'Personal data' });
    await personal.getByText('XXXX-XXXX-0124').waitFor();
    assert.equal(await personal.getByText(AADHAAR).count(), 0, 'Aadhaar masked before the reveal');
    await personal.getByRole('button', { name: 'Reveal in full' }).click();
    await personal.getByText(AADHAAR).waitFor();
    await personal.getByText('+919812345678').waitFor();
    await personal.getByText('recorded in the audit log').waitFor();
    const audit = await api.get<{ items: { action: string; subject: string }[] }>('/v1/audit-events?limit=50');
    assert.ok(
      audit.items.some((event) => event.action === 'pii.revealed' && event.subject === `farmer:${farmerId}`),
      'the reveal is in the audit log',
    );

    // Eligibility with reasons: an owner of 0.8 ha aged 36 qualifies for PM-KISAN.
    const eligibility = page.getByRole('region', { name: 'Scheme eligibility' });
    const pmKisan = eligibility.getByRole('article').filter({ has: page.getByRole('heading', { name: PM_KISAN }) });
    await pmKisan.getByText('Eligible', { exact: true }).waitFor();
    await pmKisan.getByText('Owns cultivable land in their own name').waitFor();
    await screenshot(page, 'farmer');
    await assertAccessible(page, 'Farmer');

    // An edit from a stale version: Kheti answers 412, the console reloads the record and says so.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Village').fill('Rampur Khurd');
    assert.equal((await api.patch(`/v1/farmers/${farmerId}`, { district: 'Nalanda' })).status(), 200);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Someone else changed this farmer').waitFor();
    assert.equal(await page.getByLabel('District').inputValue(), 'Nalanda', 'the form shows the record as it now is');
    await page.getByLabel('Village').fill('Rampur Khurd');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.getByRole('region', { name: 'Profile' }).getByText('Rampur Khurd').waitFor();

    // An application from the farmer's page, as a draft.
    const applications = page.getByRole('region', { name: 'Scheme applications' });
    await applications.getByLabel('Scheme').selectOption({ label: PM_KISAN });
    await applications.getByRole('button', { name: 'Start application' }).click();
    await applications.getByRole('heading', { name: /PM-KISAN.*Draft/ }).waitFor();

    // On the board the card offers exactly the transitions Kheti allows, step by step.
    await applications.getByRole('link', { name: 'Move applications on the board' }).click();
    const card = page.getByRole('article', { name: `Meena Devi: ${PM_KISAN}` });
    await column(page, 'Draft')
      .getByRole('article', { name: `Meena Devi: ${PM_KISAN}` })
      .waitFor();
    assert.deepEqual(await buttonsOf(card), ['Submit', 'Withdraw']);
    await screenshot(page, 'schemes-board');
    await assertAccessible(page, 'Schemes board');

    // Someone submits it meanwhile: the console's Submit meets a 412, says so and reloads the board.
    const [application] = (await api.get<{ items: { id: string; version: number }[] }>(`/v1/scheme-applications?farmerId=${farmerId}`))
      .items;
    assert.ok(application);
    const moved = await api.patch(
      `/v1/scheme-applications/${application.id}`,
      { status: 'submitted' },
      { 'if-match': `"v${application.version}"` },
    );
    assert.equal(moved.status(), 200);
    await card.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('status').getByText('Someone else moved this application first').waitFor();
    await column(page, 'Submitted')
      .getByRole('article', { name: `Meena Devi: ${PM_KISAN}` })
      .waitFor();
    assert.deepEqual(await buttonsOf(card), ['Start review', 'Withdraw']);

    const steps: [string, string, string[]][] = [
      ['Start review', 'Under review', ['Approve', 'Reject']],
      ['Approve', 'Approved', ['Mark disbursed']],
      ['Mark disbursed', 'Disbursed', []],
    ];
    for (const [action, status, offered] of steps) {
      await card.getByRole('button', { name: action }).click();
      await column(page, status)
        .getByRole('article', { name: `Meena Devi: ${PM_KISAN}` })
        .waitFor();
      assert.deepEqual(await buttonsOf(card), offered, `offered once ${status}`);
    }
    assert.equal(await card.getByRole('button', { name: 'Approve' }).count(), 0, 'a disbursed application cannot be approved again');

    // The farmer's page lists the application with every status change.
    await page.goto(`${deployment.baseUrl}/#/farmers/${farmerId}`);
    const history = page.getByRole('region', { name: 'Scheme applications' }).getByRole('listitem');
    await history.filter({ hasText: 'Approved → Disbursed' }).waitFor();
    assert.equal(await history.count(), 5, 'created, then four moves');
  });

  test('the catalogue is searched in English and Hindi and counts eligible farmers; members are invited, re-roled and removed', async () => {
    const page = await deployment.newPage(WIDTHS.desktop);
    await signIn(page, deployment.baseUrl, deployment.admin);

    await page.goto(`${deployment.baseUrl}/#/schemes`);
    const schemeHeadings = page.getByRole('list').getByRole('heading', { level: 3 });
    await page.getByRole('heading', { level: 3, name: PM_KISAN }).waitFor();
    const pmKisan = page.getByRole('article', { name: PM_KISAN });
    await pmKisan.getByText(/of \d+ farmers eligible/).waitFor();
    assert.equal(
      await pmKisan
        .getByRole('link', { name: /Official source/ })
        .getAttribute('href')
        .then((h) => h?.startsWith('https://')),
      true,
    );
    await screenshot(page, 'schemes');
    await assertAccessible(page, 'Schemes');

    const search = page.getByLabel('Search schemes');
    await search.fill('बीमा');
    await page.getByRole('heading', { level: 3, name: PM_KISAN }).waitFor({ state: 'detached' });
    await page.getByText('1 scheme', { exact: true }).waitFor();
    assert.deepEqual(await schemeHeadings.allInnerTexts(), ['Pradhan Mantri Fasal Bima Yojana (PMFBY)']);
    await search.fill('pension');
    await page.getByRole('heading', { level: 3, name: 'Pradhan Mantri Kisan Maan-Dhan Yojana (PM-KMY)' }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 3, name: 'Pradhan Mantri Fasal Bima Yojana (PMFBY)' }).count(), 0);

    // Members: invite by email (Kheti hands the token over once), change a role, remove behind a confirmation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { level: 3, name: /Demo administrator/ }).waitFor();
    const farmerMember = page.getByRole('article', { name: 'Demo farmer' });
    assert.equal(await farmerMember.getByLabel('Role').inputValue(), 'farmer');
    await screenshot(page, 'members');
    await assertAccessible(page, 'Members');

    await page.getByLabel('Email address').fill('new.agronomist@example.org');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Kheti sends no email: pass this code on').waitFor();
    await page
      .getByRole('region', { name: /Open invitations \(1\)/ })
      .getByText('new.agronomist@example.org', { exact: true })
      .waitFor();

    await farmerMember.getByLabel('Role').selectOption('viewer');
    await farmerMember.getByRole('button', { name: 'Change role' }).click();
    await page.getByRole('status').getByText('Demo farmer is now Viewer (read only).').waitFor();

    await farmerMember.getByRole('button', { name: 'Remove' }).click();
    await farmerMember.getByText('Remove Demo farmer from the organisation?').waitFor();
    await farmerMember.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByRole('article', { name: 'Demo farmer' }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 2, name: 'Current members (1)' }).waitFor();
  });

  test('every screen fits a 360 px phone and passes axe', async () => {
    const page = await deployment.newPage(WIDTHS.phone);
    await signIn(page, deployment.baseUrl, deployment.admin);
    const screens: [string, string, (page: Page) => Locator][] = [
      ['farmers', '/#/farmers', (p) => p.getByRole('link', { name: 'Sunil Pawar' })],
      ['schemes', '/#/schemes', (p) => p.getByRole('heading', { name: PM_KISAN })],
      ['schemes-board', '/#/schemes?view=board', (p) => p.getByRole('heading', { name: /^Disbursed \(/ })],
      ['members', '/#/members', (p) => p.getByRole('heading', { name: /Demo administrator/ })],
    ];
    for (const [name, path, shows] of screens) {
      await page.goto(`${deployment.baseUrl}${path}`);
      await shows(page).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, name);
      await assertAccessible(page, name);
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
      assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px at 360 px`);
    }
    await page.goto(`${deployment.baseUrl}/#/farmers`);
    await page.getByRole('link', { name: 'Sunil Pawar' }).click();
    await page.getByRole('region', { name: 'Scheme eligibility' }).getByRole('article').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'farmer');
    await assertAccessible(page, 'farmer');
  });
});
