import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verhoeffCheckDigit } from '../../src/lib/pii.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { parseCsv } from '../support/csv.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/** Bulk import of farmers from CSV: the export round-trips, per-row results, idempotent re-import, scope, limits. */

const aadhaar = () => {
  const body = `${2 + Math.floor(Math.random() * 8)}${Array.from({ length: 10 }, () => Math.floor(Math.random() * 10)).join('')}`;
  return `${body}${verhoeffCheckDigit(body)}`;
};
const phone = () => `9${Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('')}`;

interface Result {
  index: number;
  line: number;
  id?: string;
  status: 'created' | 'exists' | 'failed';
  errors?: { path: string; column?: string; message: string; rule: string }[];
  warnings?: { column: string; code: string; message: string }[];
}
interface Summary {
  created: number;
  existing: number;
  failed: number;
  results: Result[];
}

/** The columns of a farmer that an import carries over as they are (personal data is masked in an export). */
const PLAIN = [
  'id',
  'name',
  'village',
  'district',
  'state',
  'landHoldingHa',
  'category',
  'socialCategory',
  'ifsc',
  'language',
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
];

for (const mode of storageModes) {
  describe(`farmers import (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    before(async () => {
      t = await buildTestApp(mode);
      tenant = await createTenant(t.app);
    });
    after(async () => t?.close());

    const upload = (body: string | Buffer, options: { tokens?: TokenSet; type?: string; headers?: Record<string, string> } = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/farmers/import',
        headers: { ...bearer(options.tokens ?? tenant.tokens), 'content-type': options.type ?? 'text/csv', ...options.headers },
        payload: body,
      });
    const imported = async (body: string | Buffer, tokens?: TokenSet): Promise<Summary> => {
      const response = await upload(body, { tokens });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const exportText = async (tokens: TokenSet) => {
      const response = await t.app.inject({ url: '/v1/farmers/export', headers: bearer(tokens) });
      assert.equal(response.statusCode, 200, response.body);
      return response.body;
    };
    /** The export as objects, by id, with only the columns an import carries over. */
    const exported = async (tokens: TokenSet) => {
      const [header, ...rows] = parseCsv(await exportText(tokens));
      return new Map(
        rows.map((row) => {
          const record = Object.fromEntries(header!.map((column, i) => [column, row[i]!]));
          return [record.id!, Object.fromEntries(PLAIN.map((column) => [column, record[column]]))];
        }),
      );
    };
    const create = async (tokens: TokenSet, payload: Record<string, unknown>) => {
      const response = await t.app.inject({ method: 'POST', url: '/v1/farmers', headers: bearer(tokens), payload });
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as { id: string };
    };

    it('an export imported into another organisation, or again after the farmers were deleted, makes the same farmers', async () => {
      const source = await createTenant(t.app);
      await create(source.tokens, {
        name: 'रामेश्वर प्रसाद',
        state: 'उत्तर प्रदेश',
        village: 'सरायमीर, "पुराना" गाँव',
        district: 'आज़मगढ़',
        landHoldingHa: 0.75,
        socialCategory: 'obc',
        phone: phone(),
        aadhaar: aadhaar(),
        bankAccount: '123456789012',
        ifsc: 'sbin0001234',
        language: 'hi',
        dateOfBirth: '1971-08-15',
        gender: 'male',
        landOwnership: 'owner',
        declarations: { incomeTaxPayer: false, governmentEmployee: false, pensionAbove10k: true },
      });
      await create(source.tokens, {
        name: '=HYPERLINK("x")',
        state: 'Maharashtra',
        village: 'Line one\nline two',
        landHoldingHa: 12,
        gender: 'female',
        landOwnership: 'tenant',
        socialCategory: 'sc',
        declarations: { epfoNpsEsic: true, institutionalLandholder: false },
      });
      await create(source.tokens, { name: 'Gurpreet Kaur', state: 'Punjab', category: 'small' });
      const before = await exported(source.tokens);
      const file = await exportText(source.tokens);

      const target = await createTenant(t.app);
      const summary = await imported(file, target.tokens);
      assert.deepEqual([summary.created, summary.existing, summary.failed], [3, 0, 0], JSON.stringify(summary.results));
      assert.deepEqual(await exported(target.tokens), before);
      // Masked personal data cannot be read back: said per cell, never stored as a mask.
      const masked = summary.results.find((r) => r.warnings);
      assert.deepEqual(masked?.warnings?.map((w) => [w.column, w.code]).sort(), [
        ['aadhaar', 'masked_value'],
        ['bankAccount', 'masked_value'],
        ['phone', 'masked_value'],
      ]);
      const hindi = (await t.app.inject({ url: `/v1/farmers/${masked!.id}`, headers: bearer(target.tokens) })).json();
      assert.deepEqual([hindi.name, hindi.phone, hindi.aadhaar, hindi.bankAccount], ['रामेश्वर प्रसाद', null, null, null]);

      // The same organisation, after deleting its farmers: back with the same ids.
      for (const id of before.keys()) {
        const deleted = await t.app.inject({ method: 'DELETE', url: `/v1/farmers/${id}`, headers: bearer(source.tokens) });
        assert.equal(deleted.statusCode, 204, deleted.body);
      }
      assert.equal((await exported(source.tokens)).size, 0);
      assert.equal((await imported(file, source.tokens)).created, 3);
      assert.deepEqual(await exported(source.tokens), before);
    });

    it('declarations in a file are made by the importer: kept with who and when, one audit event each, as a create', async () => {
      const org = await createTenant(t.app);
      const agronomist = await addMember(t.app, org, 'agronomist');
      const file = [
        'name,state,dateOfBirth,gender,socialCategory,landOwnership,incomeTaxPayer,governmentEmployee,practisingProfessional',
        'Declared Farmer,Bihar,1985-01-31,female,st,owner,FALSE,true,',
        'Undeclared Farmer,Bihar,,,,,,,',
      ].join('\r\n');
      const started = Date.now();
      const summary = await imported(file, agronomist.tokens);
      assert.deepEqual([summary.created, summary.failed], [2, 0], JSON.stringify(summary.results));
      const [declared, undeclared] = await Promise.all(
        summary.results.map(async (r) => (await t.app.inject({ url: `/v1/farmers/${r.id}`, headers: bearer(org.tokens) })).json()),
      );
      assert.deepEqual(
        [declared.dateOfBirth, declared.gender, declared.socialCategory, declared.landOwnership],
        ['1985-01-31', 'female', 'st', 'owner'],
      );
      assert.deepEqual(Object.keys(declared.declarations).sort(), ['governmentEmployee', 'incomeTaxPayer']);
      for (const [name, value] of [
        ['incomeTaxPayer', false],
        ['governmentEmployee', true],
      ] as const) {
        const made = declared.declarations[name];
        assert.equal(made.value, value);
        assert.equal(made.setBy, agronomist.user.id, name);
        assert.ok(Date.parse(made.setAt) >= started - 1000 && Date.parse(made.setAt) <= Date.now(), made.setAt);
      }
      assert.deepEqual(undeclared.declarations, {});

      const audit = async () =>
        (
          (await t.app.inject({ url: '/v1/audit-events?action=farmer.declaration_set', headers: bearer(org.tokens) })).json() as {
            items: { actorUserId: string | null; subject: string; details: Record<string, unknown> }[];
          }
        ).items;
      const events = await audit();
      assert.deepEqual(events.map((e) => [e.subject, e.actorUserId, e.details.declaration, e.details.from, e.details.to]).sort(), [
        [`farmer:${declared.id}`, agronomist.user.id, 'governmentEmployee', null, true],
        [`farmer:${declared.id}`, agronomist.user.id, 'incomeTaxPayer', null, false],
      ]);

      // A farmer that exists is left as it is: a file saying otherwise neither changes nor audits a declaration.
      const again = await imported(`id,name,state,incomeTaxPayer\r\n${declared.id},Declared Farmer,Bihar,true\r\n`, org.tokens);
      assert.equal(again.existing, 1);
      const after = (await t.app.inject({ url: `/v1/farmers/${declared.id}`, headers: bearer(org.tokens) })).json();
      assert.deepEqual(after.declarations, declared.declarations);
      assert.equal((await audit()).length, 2);
    });

    it('importing the same file again creates nothing: by id, by Aadhaar number, or by the content of a row without either', async () => {
      const org = await createTenant(t.app);
      const number = aadhaar();
      const known = await create(org.tokens, { name: 'Already Here', state: 'Bihar', aadhaar: number });
      const file = [
        'name,state,village,phone,aadhaar',
        `Same Person,Bihar,Ara,,${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8)}`,
        `New Person,Bihar,Buxar,+91 ${phone()},${aadhaar()}`,
        'No Numbers,Bihar,Chausa,,',
      ].join('\n');
      const first = await imported(file, org.tokens);
      assert.deepEqual(
        first.results.map((r) => r.status),
        ['exists', 'created', 'created'],
      );
      assert.equal(first.results[0]!.id, known.id);
      const second = await imported(file, org.tokens);
      assert.deepEqual([second.created, second.existing, second.failed], [0, 3, 0]);
      assert.deepEqual(
        second.results.map((r) => r.id),
        first.results.map((r) => r.id),
      );
      assert.equal((await exported(org.tokens)).size, 3);

      // A re-imported export answers `exists` row by row, and changes nothing.
      const exportedFile = await exportText(org.tokens);
      const again = await imported(exportedFile, org.tokens);
      assert.deepEqual([again.created, again.existing, again.failed], [0, 3, 0]);
      assert.equal(await exportText(org.tokens), exportedFile);
    });

    it('two imports of one file at once make each farmer once', async () => {
      const org = await createTenant(t.app);
      const rows = Array.from({ length: 50 }, (_, i) => `Racer ${i},Odisha,${phone()},${i % 2 ? aadhaar() : ''}`);
      const file = ['name,state,phone,aadhaar', ...rows].join('\n');
      const [a, b] = await Promise.all([imported(file, org.tokens), imported(file, org.tokens)]);
      assert.equal(a.created + b.created, 50);
      assert.deepEqual([a.failed, b.failed], [0, 0]);
      assert.deepEqual(
        a.results.map((r) => r.id),
        b.results.map((r) => r.id),
      );
      assert.equal((await exported(org.tokens)).size, 50);
    });

    it('phones are normalised and personal data sealed as on POST /v1/farmers; nothing is stored in clear', async () => {
      const number = aadhaar();
      const mobile = phone();
      const file = `\uFEFFName,State,Phone,Aadhaar,BankAccount,IFSC\r\nSita Devi,Bihar,"0${mobile.slice(0, 5)} ${mobile.slice(5)}",${number},99887766554433,hdfc0001234\r\n`;
      const summary = await imported(file);
      assert.equal(summary.created, 1, JSON.stringify(summary.results));
      const id = summary.results[0]!.id!;
      const revealed = (
        await t.app.inject({ url: `/v1/farmers/${id}?reveal=phone,aadhaar,bankAccount`, headers: bearer(tenant.tokens) })
      ).json();
      assert.deepEqual(
        [revealed.phone, revealed.aadhaar, revealed.bankAccount, revealed.ifsc],
        [`+91${mobile}`, number, '99887766554433', 'HDFC0001234'],
      );
      const byPhone = (await t.app.inject({ url: `/v1/farmers?phone=${mobile}`, headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(
        byPhone.items.map((f: { id: string }) => f.id),
        [id],
      );
      const raw = await t.app.resources.db.platform((tx) =>
        tx.query<{ dump: string }>(`SELECT (SELECT coalesce(string_agg(row_to_json(f)::text, ''), '') FROM farmers f)
             || (SELECT coalesce(string_agg(row_to_json(c)::text, ''), '') FROM registry_changes c) AS dump`),
      );
      for (const secret of [number, '99887766554433', mobile]) assert.ok(!raw.rows[0]!.dump.includes(secret), `${secret} stored in clear`);
    });

    it('bad rows fail alone with their line, column, message and rule; the good rows are stored', async () => {
      const org = await createTenant(t.app);
      const number = aadhaar();
      const reused = '0195c4a4-7d6a-7b8e-9f00-00000000abcd';
      const file = [
        'id,name,state,village,landHoldingHa,category,phone,aadhaar,ifsc',
        `,Good One,Kerala,"Multi\nline",1.5,,,${number},`, // lines 2-3
        ',,Kerala,,,,,,', // line 4: no name
        'not-a-uuid,Bad Id,Kerala,,,,,,',
        ',Bad Numbers,Kerala,,lots,huge,12345,123412341234,SBIN1234567',
        ',Short Row,Kerala',
        `,Same Aadhaar,Kerala,,,,,${number},`,
        `${reused},First,Kerala,,,,,,`,
        `${reused},Second,Kerala,,,,,,`,
        ',Good Two,Kerala,,3,,,,',
      ].join('\r\n');
      const summary = await imported(file, org.tokens);
      assert.deepEqual([summary.created, summary.existing, summary.failed], [3, 0, 6]);
      const errorsOf = (index: number) =>
        summary.results[index]!.errors!.map((e) => [e.path, e.column, e.rule, e.message]).sort((a, b) =>
          String(a[0]).localeCompare(String(b[0])),
        );
      assert.deepEqual(
        summary.results.map((r) => [r.line, r.status]),
        [
          [2, 'created'],
          [4, 'failed'],
          [5, 'failed'],
          [6, 'failed'],
          [7, 'failed'],
          [8, 'failed'],
          [9, 'created'],
          [10, 'failed'],
          [11, 'created'],
        ],
      );
      assert.deepEqual(errorsOf(1), [['rows[1].name', 'name', 'invalid_value', 'is required']]);
      assert.deepEqual(errorsOf(2), [['rows[2].id', 'id', 'invalid_id', 'must be a UUID, or empty for a new farmer']]);
      assert.deepEqual(errorsOf(3), [
        ['rows[3].aadhaar', 'aadhaar', 'invalid_value', 'is not a valid Aadhaar number (12 digits with a Verhoeff check digit)'],
        ['rows[3].category', 'category', 'invalid_value', 'must be one of marginal, small, semi_medium, medium, large'],
        ['rows[3].ifsc', 'ifsc', 'invalid_value', 'is not an IFSC (4 letters, a 0, then 6 letters or digits, e.g. SBIN0001234)'],
        ['rows[3].landHoldingHa', 'landHoldingHa', 'invalid_value', 'must be a number of hectares, e.g. 1.5'],
        ['rows[3].phone', 'phone', 'invalid_value', 'is not an Indian mobile number (10 digits starting 6-9, optionally +91)'],
      ]);
      assert.deepEqual(errorsOf(4), [['rows[4]', undefined, 'wrong_column_count', 'has 3 cells where the header has 9']]);
      assert.deepEqual(errorsOf(5), [['rows[5].aadhaar', 'aadhaar', 'duplicate_aadhaar', 'repeats the Aadhaar number of rows[0]']]);
      assert.deepEqual(errorsOf(7), [['rows[7].id', 'id', 'duplicate_id', 'repeats the id of rows[6]']]);
      assert.deepEqual([...(await exported(org.tokens)).values()].map((f) => f.name).sort(), ['First', 'Good One', 'Good Two']);

      // The Aadhaar number now belongs to a farmer: another id with it is refused, not merged.
      const clash = await imported(`id,name,state,aadhaar\n0195c4a4-7d6a-7b8e-9f00-00000000beef,Clash,Kerala,${number}\n`, org.tokens);
      assert.equal(clash.results[0]!.errors![0]!.rule, 'aadhaar_in_use');
    });

    it('a farmer the database refuses fails alone: its batch is stored again one row at a time', async () => {
      const org = await createTenant(t.app);
      const { db } = t.app.resources;
      await db.session((tx) =>
        tx.exec(`
        CREATE FUNCTION refuse_test_farmer() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.name = 'Refused' THEN RAISE EXCEPTION 'refused for the test' USING ERRCODE = 'check_violation'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_test_farmer BEFORE INSERT ON farmers FOR EACH ROW EXECUTE FUNCTION refuse_test_farmer();`),
      );
      try {
        const summary = await imported('name,state\nKept,Goa\nRefused,Goa\nAlso kept,Goa\n', org.tokens);
        assert.deepEqual(
          summary.results.map((r) => r.status),
          ['created', 'failed', 'created'],
        );
        assert.deepEqual(summary.results[1]!.errors, [
          { path: 'rows[1]', message: 'the database refused this farmer', rule: 'not_stored' },
        ]);
        assert.deepEqual([...(await exported(org.tokens)).values()].map((f) => f.name).sort(), ['Also kept', 'Kept']);
      } finally {
        await db.session((tx) => tx.exec('DROP TRIGGER refuse_test_farmer ON farmers; DROP FUNCTION refuse_test_farmer();'));
      }
    });

    it('whole-file problems create nothing: 415 naming text/csv, 413, 422 naming the columns, 400 for what is not UTF-8 CSV', async () => {
      const org = await createTenant(t.app);
      for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const response = await upload('name,state\nA,Goa\n', { tokens: org.tokens, type });
        assert.equal(response.statusCode, 415, `${type}: ${response.body}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.deepEqual(response.json().acceptedContentTypes, ['text/csv'], type);
        assert.match(response.json().detail, /text\/csv/);
      }
      const noType = await t.app.inject({ method: 'POST', url: '/v1/farmers/import', headers: bearer(org.tokens) });
      assert.equal(noType.statusCode, 415, noType.body);

      const tooLarge = await upload(`name,state\n${'A,Goa\n'.repeat(900_000)}`, { tokens: org.tokens });
      assert.equal(tooLarge.statusCode, 413, tooLarge.body.slice(0, 300));
      const tooMany = await upload(`name,state\n${'A,Goa\n'.repeat(10_001)}`, { tokens: org.tokens });
      assert.equal(tooMany.statusCode, 413, tooMany.body.slice(0, 300));
      assert.match(tooMany.json().detail, /at most 10000 farmers/);

      const cases: [string | Buffer, number, RegExp][] = [
        ['', 422, /empty/],
        ['\uFEFF\r\n\r\n', 422, /empty/],
        ['name,village\nA,B\n', 422, /lacks the required column state/],
        ['fullName,state\nA,B\n', 422, /columns a farmer does not have: "fullName"/],
        ['name,state,Name\nA,B,C\n', 422, /column name appears twice/],
        [Buffer.from('name,state\nJos\xe9,Goa\n', 'latin1'), 400, /not UTF-8/],
        ['name,state\n"unclosed,Goa\n', 400, /not valid CSV/],
      ];
      for (const [body, status, detail] of cases) {
        const response = await upload(body, { tokens: org.tokens });
        assert.equal(response.statusCode, status, `${JSON.stringify(String(body))} → ${response.body}`);
        assert.match(response.json().detail, detail);
        if (status === 422) {
          assert.match(response.json().detail, /id,name,village,district,state,landHoldingHa/);
          assert.deepEqual(response.json().requiredColumns, ['name', 'state']);
        }
      }
      assert.equal((await exported(org.tokens)).size, 0);
      // A header with no rows is a file with nothing to do; a column with an empty header is no column.
      assert.equal((await imported('name,state,,\r\nBlank Header,Goa,,\r\n', org.tokens)).created, 1);
      assert.deepEqual(await imported('name,state\n', org.tokens), { created: 0, existing: 0, failed: 0, results: [] });
    });

    it('who may import is who may create farmers; each organisation imports into its own registry', async () => {
      const file = 'id,name,state\n0195c4a4-7d6a-7b8e-9f00-0000000c0ffe,Shared Id,Assam\n';
      for (const role of ['viewer', 'farmer'] as const) {
        const member = await addMember(t.app, tenant, role);
        const refused = await upload(file, { tokens: member.tokens });
        assert.equal(refused.statusCode, 403, `${role}: ${refused.body}`);
      }
      const agronomist = await addMember(t.app, tenant, 'agronomist');
      assert.equal((await imported(file, agronomist.tokens)).created, 1);
      // The same id elsewhere is that organisation's own farmer, and says nothing about this one.
      const other = await createTenant(t.app);
      assert.equal((await imported(file, other.tokens)).created, 1);
      assert.equal((await imported(file, other.tokens)).existing, 1);
      const unauthenticated = await t.app.inject({
        method: 'POST',
        url: '/v1/farmers/import',
        headers: { 'content-type': 'text/csv' },
        payload: file,
      });
      assert.equal(unauthenticated.statusCode, 401);
    });

    it('an Idempotency-Key replays the first answer; the same key with another file is refused', async () => {
      const org = await createTenant(t.app);
      const key = { 'idempotency-key': `farmers-${Date.now()}` };
      const first = await upload('name,state\nKey Farmer,Goa\n', { tokens: org.tokens, headers: key });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().created, 1);
      const second = await upload('name,state\nKey Farmer,Goa\n', { tokens: org.tokens, headers: key });
      assert.equal(second.statusCode, 200, second.body);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.deepEqual(second.json(), first.json());
      const other = await upload('name,state\nAnother Farmer,Goa\n', { tokens: org.tokens, headers: key });
      assert.equal(other.statusCode, 422, other.body);
      assert.equal((await exported(org.tokens)).size, 1);
    });

    it('imports 4 000 farmers in one request, and again as all existing', async () => {
      const org = await createTenant(t.app);
      const lines = ['name,state,district,village,landHoldingHa,phone,aadhaar'];
      for (let i = 0; i < 4000; i++)
        lines.push(`किसान ${i},Rajasthan,Jaipur,"Gaon ${i % 97}, tehsil",${(i % 50) / 4},${phone()},${aadhaar()}`);
      const file = lines.join('\r\n');
      let started = performance.now();
      const summary = await imported(file, org.tokens);
      const seconds = (performance.now() - started) / 1000;
      assert.deepEqual([summary.created, summary.existing, summary.failed], [4000, 0, 0]);
      console.log(`# ${mode.name}: 4000 farmers imported in ${seconds.toFixed(1)} s`);
      started = performance.now();
      const again = await imported(file, org.tokens);
      assert.deepEqual([again.created, again.existing, again.failed], [0, 4000, 0]);
      console.log(`# ${mode.name}: 4000 farmers re-imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      assert.equal((await exported(org.tokens)).size, 4000);
    });
  });
}
