import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

interface Answer {
  eligible: boolean | null;
  reasons: { criterion: string; met: boolean | null; text: string; textHi: string }[];
  missing: string[];
}

for (const mode of storageModes) {
  describe(`scheme eligibility (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let viewer: TokenSet;
    const own = uuidv7();

    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      viewer = (await addMember(t.app, tenant, 'viewer')).tokens;
      const { db } = t.app.resources;
      // The organisation's own scheme, its own rule: women farmers of the SC or ST communities.
      await db.tenant(tenant.id, (tx) =>
        tx.query(
          `INSERT INTO schemes (id, tenant_id, code, name, level, state, department, benefit, eligibility)
           VALUES ($1, $2, 'mahila-kisan', 'Mahila Kisan', 'state', 'Bihar', 'District office', 'seed kits', $3::jsonb)`,
          [
            own,
            tenant.id,
            JSON.stringify({
              version: 1,
              criteria: [
                {
                  criterion: 'woman',
                  field: 'gender',
                  op: 'eq',
                  value: 'female',
                  whenMissing: 'unknown',
                  text: 'A woman farmer',
                  textHi: 'महिला किसान',
                },
                {
                  criterion: 'sc_st',
                  field: 'socialCategory',
                  op: 'in',
                  value: ['sc', 'st'],
                  whenMissing: 'unknown',
                  text: 'SC or ST',
                  textHi: 'अनुसूचित जाति या जनजाति',
                },
              ],
            }),
          ],
        ),
      );
    });
    after(async () => t?.close());

    const create = async (payload: Record<string, unknown>) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/farmers',
        headers: bearer(tenant.tokens),
        payload: { state: 'Bihar', ...payload },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id as string;
    };
    const schemesOf = async (farmerId: string, tokens: TokenSet = tenant.tokens) => {
      const response = await t.app.inject({ url: `/v1/farmers/${farmerId}/eligible-schemes`, headers: bearer(tokens) });
      assert.equal(response.statusCode, 200, response.body);
      const items = response.json().items as (Answer & { scheme: { id: string; code: string; name: string } })[];
      return new Map(items.map((item) => [item.scheme.code, item]));
    };

    it("migrations alone give the shared catalogue's PM-KISAN and PM-KMY their rules", async () => {
      const { rows } = await t.app.resources.db.platform((tx) =>
        tx.query<{ code: string; eligibility: unknown }>(
          "SELECT code, eligibility FROM schemes WHERE tenant_id IS NULL AND code IN ('pm-kisan', 'pm-kmy') ORDER BY code",
        ),
      );
      assert.deepEqual(
        rows.map((row) => row.code),
        ['pm-kisan', 'pm-kmy'],
      );
      for (const row of rows) assert.equal((row.eligibility as { version: number }).version, 1, row.code);
    });

    it('PM-KISAN: a 1.2 ha owner with no declarations is eligible; as an income-tax payer not, with that reason; a tenant farmer not', async () => {
      const owner = await create({ name: 'Owner A', landHoldingHa: 1.2, landOwnership: 'owner' });
      const eligible = (await schemesOf(owner)).get('pm-kisan')!;
      assert.equal(eligible.eligible, true);
      assert.deepEqual(eligible.missing, []);

      const taxPayer = await create({
        name: 'Owner B',
        landHoldingHa: 1.2,
        landOwnership: 'owner',
        declarations: { incomeTaxPayer: true },
      });
      const excluded = (await schemesOf(taxPayer)).get('pm-kisan')!;
      assert.equal(excluded.eligible, false);
      const failed = excluded.reasons.filter((reason) => reason.met === false);
      assert.deepEqual(
        failed.map((reason) => reason.criterion),
        ['not_income_tax_payer'],
      );
      assert.match(failed[0]!.text, /income tax/);
      assert.match(failed[0]!.textHi, /आयकर/);

      const tenantFarmer = await create({ name: 'Tenant C', landHoldingHa: 1.2, landOwnership: 'tenant' });
      assert.equal((await schemesOf(tenantFarmer)).get('pm-kisan')!.eligible, false);
    });

    it('PM-KMY: no date of birth gives null with missing ["dateOfBirth"]; the farmer reads their own answer', async () => {
      const id = await create({ name: 'Young D', landHoldingHa: 1.2, landOwnership: 'owner' });
      const unknown = (await schemesOf(id)).get('pm-kmy')!;
      assert.equal(unknown.eligible, null);
      assert.deepEqual(unknown.missing, ['dateOfBirth']);
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/farmers/${id}`,
        headers: bearer(tenant.tokens),
        payload: { dateOfBirth: '1995-06-15' },
      });
      assert.equal((await schemesOf(id, viewer)).get('pm-kmy')!.eligible, true);
    });

    it("the organisation's own scheme is evaluated by its own rule, and another organisation does not see it", async () => {
      const woman = await create({ name: 'Sunita E', gender: 'female', socialCategory: 'SC' });
      assert.equal((await schemesOf(woman)).get('mahila-kisan')!.eligible, true);
      const man = await create({ name: 'Mohan F', gender: 'male', socialCategory: 'st' });
      assert.equal((await schemesOf(man)).get('mahila-kisan')!.eligible, false);
      const unsaid = await create({ name: 'Unsaid G', gender: 'female' });
      assert.deepEqual((await schemesOf(unsaid)).get('mahila-kisan')!.missing, ['socialCategory']);

      const other = await createTenant(t.app);
      const theirs = await t.app.inject({
        method: 'POST',
        url: '/v1/farmers',
        headers: bearer(other.tokens),
        payload: { name: 'X', state: 'Bihar', gender: 'female' },
      });
      const items = await schemesOf(theirs.json().id, other.tokens);
      assert.equal(items.has('mahila-kisan'), false);
      assert.equal(items.has('pm-kisan'), true);
    });

    it('a scheme written through POST /v1/schemes carries its rule, checked: a bad one is 422 and stores nothing', async () => {
      const scheme = (criteria: unknown[]) => ({
        code: `own-${uuidv7().slice(-8)}`,
        name: 'Young farmers',
        level: 'central',
        department: 'Block office',
        benefit: 'training',
        eligibility: { version: 1, criteria },
      });
      const young = {
        criterion: 'young',
        field: 'ageYears',
        op: 'between',
        max: 35,
        whenMissing: 'unknown',
        text: 'Up to 35',
        textHi: '35 वर्ष तक',
      };
      const bad = await t.app.inject({
        method: 'POST',
        url: '/v1/schemes',
        headers: bearer(tenant.tokens),
        payload: scheme([{ ...young, field: 'salary' }]),
      });
      assert.equal(bad.statusCode, 422, bad.body);
      assert.ok(bad.json().errors.every((e: { path: string }) => e.path.startsWith('body.eligibility')));
      const twice = await t.app.inject({
        method: 'POST',
        url: '/v1/schemes',
        headers: bearer(tenant.tokens),
        payload: scheme([young, young]),
      });
      assert.deepEqual(twice.json().errors, [{ path: 'body.eligibility.criteria.1.criterion', message: 'is used twice' }]);

      const body = scheme([young]);
      const created = await t.app.inject({ method: 'POST', url: '/v1/schemes', headers: bearer(tenant.tokens), payload: body });
      assert.equal(created.statusCode, 201, created.body);
      const id = await create({ name: 'Young H', dateOfBirth: '2000-01-01' });
      const answer = (await schemesOf(id)).get(body.code)!;
      assert.equal(answer.eligible, true);
      assert.deepEqual(answer.reasons, [{ criterion: 'young', met: true, text: 'Up to 35', textHi: '35 वर्ष तक' }]);
      const listed = await t.app.inject({ url: `/v1/schemes?limit=200`, headers: bearer(tenant.tokens) });
      assert.equal(listed.json().items.filter((item: { name: string }) => item.name === 'Young farmers').length, 1);
    });

    it('eligible-farmers: counts add up to every farmer, and each filter pages through exactly its count', async () => {
      const list = (query: string, tokens: TokenSet = tenant.tokens) =>
        t.app.inject({ url: `/v1/schemes/pm-kisan/eligible-farmers?${query}`, headers: bearer(tokens) });
      const all = await list('limit=200');
      assert.equal(all.statusCode, 200, all.body);
      const { counts, items } = all.json() as { counts: Record<string, number>; items: (Answer & { farmer: { id: string } })[] };
      const farmers = (await t.app.inject({ url: '/v1/farmers?limit=200', headers: bearer(tenant.tokens) })).json().items.length;
      assert.equal(counts.total, farmers);
      assert.equal(counts.eligible! + counts.notEligible! + counts.unknown!, counts.total);
      assert.equal(items.length, counts.total);
      assert.ok(counts.eligible! > 0 && counts.notEligible! > 0 && counts.unknown! > 0, JSON.stringify(counts));

      for (const [filter, key, value] of [
        ['true', 'eligible', true],
        ['false', 'notEligible', false],
        ['unknown', 'unknown', null],
      ] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await list(`eligible=${filter}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
          const body = response.json() as {
            counts: Record<string, number>;
            items: (Answer & { farmer: { id: string } })[];
            nextCursor: string | null;
          };
          assert.deepEqual(body.counts, counts);
          for (const item of body.items) {
            assert.equal(item.eligible, value);
            seen.push(item.farmer.id);
          }
          cursor = body.nextCursor;
        } while (cursor);
        assert.equal(seen.length, counts[key], filter);
        assert.equal(new Set(seen).size, seen.length);
      }

      assert.equal((await list('limit=10', viewer)).statusCode, 403);
      assert.equal((await list('eligible=maybe')).statusCode, 422);
      const missing = await t.app.inject({ url: `/v1/schemes/${uuidv7()}/eligible-farmers`, headers: bearer(tenant.tokens) });
      assert.equal(missing.statusCode, 404);
      assert.equal(
        (await t.app.inject({ url: `/v1/farmers/${uuidv7()}/eligible-schemes`, headers: bearer(tenant.tokens) })).statusCode,
        404,
      );
    });
  });
}
