import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

for (const mode of storageModes) {
  describe(`farmer eligibility profile (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
    });
    after(async () => t?.close());

    const create = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/v1/farmers', headers: bearer(tenant.tokens), payload });
    const patch = (id: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/v1/farmers/${id}`, headers: bearer(tenant.tokens), payload });

    it('keeps date of birth, gender, land ownership and each declaration with who set it and when', async () => {
      const response = await create({
        name: 'Meena Kumari',
        state: 'Bihar',
        dateOfBirth: '1990-05-01',
        gender: 'female',
        landOwnership: 'owner',
        declarations: { incomeTaxPayer: false },
      });
      assert.equal(response.statusCode, 201, response.body);
      const farmer = response.json();
      assert.equal(farmer.dateOfBirth, '1990-05-01');
      assert.equal(farmer.gender, 'female');
      assert.equal(farmer.landOwnership, 'owner');
      assert.equal(farmer.declarations.incomeTaxPayer.value, false);
      assert.equal(farmer.declarations.incomeTaxPayer.setBy, tenant.admin.id);
      assert.ok(Date.parse(farmer.declarations.incomeTaxPayer.setAt) > Date.now() - 60_000);
      assert.equal(farmer.declarations.governmentEmployee, undefined);

      const changed = await patch(farmer.id, { declarations: { incomeTaxPayer: true, governmentEmployee: false }, gender: null });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().declarations.incomeTaxPayer.value, true);
      assert.equal(changed.json().gender, null);
      // The same value again is no change: no audit event, who set it stays.
      const setAt = changed.json().declarations.governmentEmployee.setAt;
      const same = await patch(farmer.id, { declarations: { governmentEmployee: false } });
      assert.equal(same.json().declarations.governmentEmployee.setAt, setAt);
      const withdrawn = await patch(farmer.id, { declarations: { governmentEmployee: null } });
      assert.equal(withdrawn.json().declarations.governmentEmployee, undefined);

      const audit = (
        await t.app.inject({ url: '/v1/audit-events?action=farmer.declaration_set', headers: bearer(tenant.tokens) })
      ).json() as { items: { subject: string; details: { declaration: string; from: boolean | null; to: boolean | null } }[] };
      const mine = audit.items.filter((event) => event.subject === `farmer:${farmer.id}`).map((event) => event.details);
      assert.equal(mine.length, 4, JSON.stringify(mine));
      assert.ok(mine.some((d) => d.declaration === 'incomeTaxPayer' && d.from === false && d.to === true));
      assert.ok(mine.some((d) => d.declaration === 'governmentEmployee' && d.from === false && d.to === null));
    });

    it('refuses an unknown declaration, ownership or date with 422 and changes nothing', async () => {
      const { id } = (await create({ name: 'Ravi', state: 'Bihar' })).json();
      for (const body of [
        { declarations: { richUncle: true } },
        { landOwnership: 'landlord' },
        { dateOfBirth: '1990-02-30' },
        { declarations: { incomeTaxPayer: 'yes' } },
      ]) {
        const response = await patch(id, body);
        assert.equal(response.statusCode, 422, JSON.stringify(body));
        assert.match(String(response.headers['content-type']), /problem\+json/);
      }
      assert.equal((await t.app.inject({ url: `/v1/farmers/${id}`, headers: bearer(tenant.tokens) })).json().version, 1);
    });

    it('the profile travels through GET /v1/sync', async () => {
      const { id } = (await create({ name: 'Sync Profile', state: 'Bihar', landOwnership: 'tenant', dateOfBirth: '1980-01-02' })).json();
      const body = (await t.app.inject({ url: '/v1/sync?limit=500', headers: bearer(tenant.tokens) })).json() as {
        changes: { entity: string; id: string; data?: Record<string, unknown> }[];
      };
      const change = body.changes.find((c) => c.entity === 'farmers' && c.id === id);
      assert.equal(change?.data?.landOwnership, 'tenant');
      assert.equal(change?.data?.dateOfBirth, '1980-01-02');
      assert.deepEqual(change?.data?.declarations, {});
    });

    it('the CSV export writes the profile as its last columns, and an import reads it back', async () => {
      const { id } = (
        await create({
          name: 'Csv Profile',
          state: 'Bihar',
          dateOfBirth: '1992-03-04',
          gender: 'male',
          landOwnership: 'sharecropper',
          declarations: { epfoNpsEsic: true, incomeTaxPayer: false },
        })
      ).json();
      const csv = (await t.app.inject({ url: '/v1/farmers/export', headers: bearer(tenant.tokens) })).body;
      const [header, ...lines] = csv.trim().split('\r\n');
      const columns = header!.split(',');
      assert.deepEqual(columns.slice(-10), [
        'dateOfBirth',
        'gender',
        'landOwnership',
        'incomeTaxPayer',
        'governmentEmployee',
        'pensionAbove10k',
        'constitutionalPost',
        'practisingProfessional',
        'institutionalLandholder',
        'epfoNpsEsic',
      ]);
      const line = lines.find((l) => l.startsWith(id))!;
      assert.deepEqual(line.split(',').slice(-10), ['1992-03-04', 'male', 'sharecropper', 'false', '', '', '', '', '', 'true']);

      const other = await createTenant(t.app);
      const imported = await t.app.inject({
        method: 'POST',
        url: '/v1/farmers/import',
        headers: { ...bearer(other.tokens), 'content-type': 'text/csv' },
        payload: `${header}\r\n${line}\r\n`,
      });
      assert.equal(imported.statusCode, 200, imported.body);
      const copy = (await t.app.inject({ url: `/v1/farmers/${id}`, headers: bearer(other.tokens) })).json();
      assert.equal(copy.dateOfBirth, '1992-03-04');
      assert.equal(copy.landOwnership, 'sharecropper');
      assert.equal(copy.declarations.epfoNpsEsic.value, true);
      // Imported declarations are the importer's, as if they had sent them in a create.
      assert.equal(copy.declarations.epfoNpsEsic.setBy, other.admin.id);
      assert.equal(copy.declarations.incomeTaxPayer.value, false);
      assert.equal(copy.declarations.governmentEmployee, undefined);

      const bad = await t.app.inject({
        method: 'POST',
        url: '/v1/farmers/import',
        headers: { ...bearer(other.tokens), 'content-type': 'text/csv' },
        payload: 'name,state,landOwnership,incomeTaxPayer\r\nBad Row,Bihar,landlord,maybe\r\n',
      });
      const errors = bad
        .json()
        .results[0].errors.map((e: { column: string }) => e.column)
        .sort();
      assert.deepEqual(errors, ['incomeTaxPayer', 'landOwnership']);
    });
  });
}
