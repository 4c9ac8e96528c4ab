import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verhoeffCheckDigit } from '../../src/lib/pii.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/** A random Aadhaar-shaped number with a valid Verhoeff check digit. */
const aadhaar = () => {
  const body = `${2 + Math.floor(Math.random() * 8)}${Array.from({ length: 10 }, () => Math.floor(Math.random() * 10)).join('')}`;
  return `${body}${verhoeffCheckDigit(body)}`;
};
const phone = () => `9${Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('')}`;

for (const mode of storageModes) {
  describe(`farmers (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let other: TestTenant;
    let viewer: TokenSet;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
      other = await createTenant(t.app);
      viewer = (await addMember(t.app, tenant, 'viewer')).tokens;
    });
    after(async () => t?.close());

    const create = (payload: Record<string, unknown>, tokens: TokenSet = tenant.tokens) =>
      t.app.inject({ method: 'POST', url: '/v1/farmers', headers: bearer(tokens), payload });

    it('registers a farmer: personal data masked, census category derived from the holding', async () => {
      const number = aadhaar();
      const response = await create({
        name: 'Ramesh Patil',
        state: 'Maharashtra',
        village: 'Khed',
        landHoldingHa: 1.5,
        aadhaar: number,
        bankAccount: '123456789012',
        ifsc: 'sbin0001234',
        phone: '+91 98220 12345',
      });
      assert.equal(response.statusCode, 201, response.body);
      const farmer = response.json();
      assert.equal(farmer.category, 'small');
      assert.equal(farmer.aadhaar, `XXXX-XXXX-${number.slice(-4)}`);
      assert.equal(farmer.bankAccount, 'XXXXXXXX9012');
      assert.equal(farmer.phone, '+91XXXXXX2345');
      assert.equal(farmer.ifsc, 'SBIN0001234');
      assert.equal(response.headers.etag, '"v1"');
    });

    it('the database holds no plaintext Aadhaar, bank account or phone number', async () => {
      const number = aadhaar();
      const mobile = phone();
      await create({ name: 'Sita Devi', state: 'Bihar', aadhaar: number, bankAccount: '99887766554433', phone: mobile });
      const raw = await t.app.resources.db.platform((tx) =>
        tx.query<{ dump: string }>(`SELECT (SELECT coalesce(string_agg(row_to_json(f)::text, ''), '') FROM farmers f)
             || (SELECT coalesce(string_agg(row_to_json(c)::text, ''), '') FROM registry_changes c)
             || (SELECT coalesce(string_agg(row_to_json(a)::text, ''), '') FROM audit_events a) AS dump`),
      );
      const dump = raw.rows[0]!.dump;
      for (const secret of [number, '99887766554433', mobile, number.slice(0, 8)])
        assert.ok(!dump.includes(secret), `${secret} must not be stored in clear`);
    });

    it('reveal: only a tenant_admin, audited, never cached; a masked read shows at most 4 digits', async () => {
      const number = aadhaar();
      const { id } = (await create({ name: 'Kavita Rao', state: 'Karnataka', aadhaar: number })).json();
      const masked = await t.app.inject({ url: `/v1/farmers/${id}`, headers: bearer(viewer) });
      assert.equal(masked.json().aadhaar.replace(/\D/g, ''), number.slice(-4));
      assert.equal((await t.app.inject({ url: `/v1/farmers/${id}?reveal=aadhaar`, headers: bearer(viewer) })).statusCode, 403);

      const revealed = await t.app.inject({ url: `/v1/farmers/${id}?reveal=aadhaar`, headers: bearer(tenant.tokens) });
      assert.equal(revealed.json().aadhaar, number);
      assert.equal(revealed.headers['cache-control'], 'no-store');
      const audit = (await t.app.inject({ url: '/v1/audit-events?action=pii.revealed', headers: bearer(tenant.tokens) })).json();
      assert.ok(
        audit.items.some(
          (e: { subject: string; details: { fields: string[] } }) => e.subject === `farmer:${id}` && e.details.fields.includes('aadhaar'),
        ),
      );
    });

    it('finds a farmer by phone or Aadhaar through the blind index', async () => {
      const number = aadhaar();
      const mobile = phone();
      const { id } = (await create({ name: 'Lookup Farmer', state: 'Punjab', aadhaar: number, phone: mobile })).json();
      const byPhone = (
        await t.app.inject({ url: `/v1/farmers?phone=${encodeURIComponent(`+91 ${mobile}`)}`, headers: bearer(tenant.tokens) })
      ).json();
      assert.deepEqual(
        byPhone.items.map((f: { id: string }) => f.id),
        [id],
      );
      const byAadhaar = (await t.app.inject({ url: `/v1/farmers?aadhaar=${number}`, headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(
        byAadhaar.items.map((f: { id: string }) => f.id),
        [id],
      );
      const elsewhere = (await t.app.inject({ url: `/v1/farmers?aadhaar=${number}`, headers: bearer(other.tokens) })).json();
      assert.deepEqual(elsewhere.items, []);
    });

    it('refuses a wrong Aadhaar checksum, a bad phone or IFSC (422 naming the field), a second record for one Aadhaar (409)', async () => {
      const number = aadhaar();
      const wrong = `${number.slice(0, 11)}${(Number(number[11]) + 1) % 10}`;
      const bad = await create({ name: 'X', state: 'Goa', aadhaar: wrong, phone: '1234567890' });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(
        bad
          .json()
          .errors.map((e: { path: string }) => e.path)
          .sort(),
        ['body.aadhaar', 'body.phone'],
      );
      assert.equal((await create({ name: 'X', state: 'Goa', ifsc: 'SBIN1234567' })).statusCode, 422);
      assert.equal((await create({ name: 'A', state: 'Goa', aadhaar: number })).statusCode, 201);
      assert.equal((await create({ name: 'B', state: 'Goa', aadhaar: number })).statusCode, 409);
    });

    it('a retried offline create returns the first record; If-Match refuses stale edits with the current record', async () => {
      const id = '01930000-0000-7000-8000-00000000a001';
      const first = await create({ id, name: 'Offline Farmer', state: 'Odisha' });
      const retry = await create({ id, name: 'Offline Farmer', state: 'Odisha' });
      assert.equal(first.statusCode, 201);
      assert.equal(retry.statusCode, 200);
      assert.equal(retry.json().id, id);
      assert.equal(retry.json().version, 1);

      const edit = await t.app.inject({
        method: 'PATCH',
        url: `/v1/farmers/${id}`,
        headers: { ...bearer(tenant.tokens), 'if-match': '"v1"' },
        payload: { village: 'Puri' },
      });
      assert.equal(edit.statusCode, 200);
      assert.equal(edit.json().version, 2);
      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/v1/farmers/${id}`,
        headers: { ...bearer(tenant.tokens), 'if-match': '"v1"' },
        payload: { village: 'Konark' },
      });
      assert.equal(stale.statusCode, 412);
      assert.equal(stale.json().current.village, 'Puri');
      const notModified = await t.app.inject({ url: `/v1/farmers/${id}`, headers: { ...bearer(tenant.tokens), 'if-none-match': '"v2"' } });
      assert.equal(notModified.statusCode, 304);
      assert.equal(
        (
          await t.app.inject({ method: 'PATCH', url: `/v1/farmers/${id}`, headers: bearer(tenant.tokens), payload: { landHoldingHa: 12 } })
        ).json().category,
        'large',
      );
    });

    it('lists by name with search and pagination; another tenant sees none of it and gets 404', async () => {
      for (const name of ['Anil Kumar', 'Anita Sharma', 'Bhola Yadav'])
        await create({ name, state: 'Uttar Pradesh', village: 'Rampur Khas' });
      const found = (await t.app.inject({ url: '/v1/farmers?q=rampur&limit=2', headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(
        found.items.map((f: { name: string }) => f.name),
        ['Anil Kumar', 'Anita Sharma'],
      );
      const rest = (
        await t.app.inject({ url: `/v1/farmers?q=rampur&limit=2&cursor=${found.nextCursor}`, headers: bearer(tenant.tokens) })
      ).json();
      assert.deepEqual(
        rest.items.map((f: { name: string }) => f.name),
        ['Bhola Yadav'],
      );
      assert.equal(rest.nextCursor, null);
      assert.equal(
        (await t.app.inject({ url: '/v1/farmers?q=%25', headers: bearer(tenant.tokens) })).json().items.length,
        0,
        '% is a letter, not a wildcard',
      );

      const mine = found.items[0].id;
      assert.equal((await t.app.inject({ url: `/v1/farmers/${mine}`, headers: bearer(other.tokens) })).statusCode, 404);
      assert.equal(
        (await t.app.inject({ method: 'PATCH', url: `/v1/farmers/${mine}`, headers: bearer(other.tokens), payload: { name: 'Hijacked' } }))
          .statusCode,
        404,
      );
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/farmers/${mine}`, headers: bearer(other.tokens) })).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/v1/farmers?q=rampur', headers: bearer(other.tokens) })).json().items.length, 0);
      assert.equal((await t.app.inject({ url: `/v1/farmers/${mine}`, headers: bearer(tenant.tokens) })).json().name, 'Anil Kumar');
    });

    it('a user with role farmer sees only their own farmer record, and cannot write', async () => {
      const member = await addMember(t.app, tenant, 'farmer');
      const own = (await create({ name: 'Own Record', state: 'Kerala', userId: member.user.id })).json();
      const someoneElse = (await create({ name: 'Someone Else', state: 'Kerala' })).json();
      const list = (await t.app.inject({ url: '/v1/farmers', headers: bearer(member.tokens) })).json();
      assert.deepEqual(
        list.items.map((f: { id: string }) => f.id),
        [own.id],
      );
      assert.equal((await t.app.inject({ url: `/v1/farmers/${someoneElse.id}`, headers: bearer(member.tokens) })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `/v1/farmers/${own.id}`, headers: bearer(member.tokens) })).statusCode, 200);
      assert.equal((await create({ name: 'Nope', state: 'Kerala' }, member.tokens)).statusCode, 403);
    });

    it('exports CSV with personal data masked and formula-looking cells defused', async () => {
      const number = aadhaar();
      await create({ name: '=HYPERLINK("x")', state: 'Tripura', village: 'Agartala, West', aadhaar: number });
      const csv = await t.app.inject({ url: '/v1/farmers/export', headers: bearer(tenant.tokens) });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      const [header, ...rows] = csv.body.trim().split('\r\n');
      assert.equal(
        header,
        'id,name,village,district,state,landHoldingHa,category,socialCategory,phone,aadhaar,bankAccount,ifsc,version,updatedAt,language,' +
          'dateOfBirth,gender,landOwnership,incomeTaxPayer,governmentEmployee,pensionAbove10k,constitutionalPost,' +
          'practisingProfessional,institutionalLandholder,epfoNpsEsic',
      );
      const row = rows.find((line) => line.includes('HYPERLINK'))!;
      assert.ok(row.includes(`"'=HYPERLINK(""x"")"`), row);
      assert.ok(row.includes('"Agartala, West"'));
      assert.ok(row.includes(`XXXX-XXXX-${number.slice(-4)}`) && !csv.body.includes(number));
      const theirs = await t.app.inject({ url: '/v1/farmers/export', headers: bearer(other.tokens) });
      assert.ok(!theirs.body.includes('HYPERLINK'));
    });

    it("keeps a farmer's language for their notifications: en or hi, null for the organisation's", async () => {
      const created = await create({ name: 'Bhasha', state: 'Rajasthan', language: 'hi' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().language, 'hi');
      const patch = (language: unknown) =>
        t.app.inject({ method: 'PATCH', url: `/v1/farmers/${created.json().id}`, headers: bearer(tenant.tokens), payload: { language } });
      assert.equal((await patch('fr')).statusCode, 422);
      assert.equal((await patch('en')).json().language, 'en');
      assert.equal((await patch(null)).json().language, null);
      assert.equal((await create({ name: 'Default', state: 'Rajasthan' })).json().language, null);
    });

    it('null clears an optional value rather than turning it into an empty one', async () => {
      const { id } = (await create({ name: 'Clearing', state: 'Assam', village: 'Majuli', landHoldingHa: 3, phone: phone() })).json();
      const cleared = await t.app.inject({
        method: 'PATCH',
        url: `/v1/farmers/${id}`,
        headers: bearer(tenant.tokens),
        payload: { village: null, landHoldingHa: null, phone: null, category: null },
      });
      assert.equal(cleared.statusCode, 200, cleared.body);
      const farmer = cleared.json();
      assert.deepEqual([farmer.village, farmer.landHoldingHa, farmer.phone, farmer.category], [null, null, null, null]);
    });

    it('deletes', async () => {
      const { id } = (await create({ name: 'Leaving', state: 'Assam' })).json();
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/v1/farmers/${id}`, headers: bearer(tenant.tokens) })).statusCode, 204);
      assert.equal((await t.app.inject({ url: `/v1/farmers/${id}`, headers: bearer(tenant.tokens) })).statusCode, 404);
    });
  });
}
