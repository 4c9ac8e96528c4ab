import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { documentStores } from '../support/document-stores.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * Scheme applications (POST/GET /v1/scheme-applications, GET/PATCH /v1/scheme-applications/{id}):
 * the status machine, If-Match on PATCH, history, the event per change, farmers and tenants apart;
 * and their documents, kept on disk and in an S3 bucket.
 */

const STATUSES = ['draft', 'submitted', 'under_review', 'approved', 'rejected', 'disbursed', 'withdrawn'] as const;
type Status = (typeof STATUSES)[number];
const LEGAL: Record<Status, Status[]> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['under_review', 'withdrawn'],
  under_review: ['approved', 'rejected'],
  approved: ['disbursed'],
  rejected: [],
  disbursed: [],
  withdrawn: [],
};
/** The way from draft to each status. */
const PATH_TO: Record<Status, Status[]> = {
  draft: [],
  submitted: ['submitted'],
  under_review: ['submitted', 'under_review'],
  approved: ['submitted', 'under_review', 'approved'],
  rejected: ['submitted', 'under_review', 'rejected'],
  disbursed: ['submitted', 'under_review', 'approved', 'disbursed'],
  withdrawn: ['withdrawn'],
};

for (const mode of storageModes) {
  for (const store of documentStores()) {
    describe(`scheme applications (${mode.name}, documents on ${store.name})`, () => {
      // The status machine never touches the document store: it runs with the first store only.
      const itOnce = store.name === 'disk' ? it : () => undefined;
      let t: TestApp;
      let tenant: TestTenant;
      let schemeId: string;

      const send = (
        method: 'POST' | 'PATCH',
        url: string,
        payload: unknown,
        tokens: TokenSet = tenant.tokens,
        headers: Record<string, string> = {},
      ) => t.app.inject({ method, url, headers: { ...bearer(tokens), ...headers }, payload: payload as Record<string, unknown> });
      const get = (url: string, tokens: TokenSet = tenant.tokens) => t.app.inject({ url, headers: bearer(tokens) });

      async function newFarmer(tokens: TokenSet = tenant.tokens, userId?: string) {
        const response = await send('POST', '/v1/farmers', { name: 'Applicant', state: 'Bihar', ...(userId ? { userId } : {}) }, tokens);
        assert.equal(response.statusCode, 201, response.body);
        return response.json().id as string;
      }

      async function newApplication(farmerId: string, tokens: TokenSet = tenant.tokens) {
        const response = await send('POST', '/v1/scheme-applications', { farmerId, schemeId, note: 'at the KVK camp' }, tokens);
        assert.equal(response.statusCode, 201, response.body);
        return response.json();
      }

      async function move(id: string, status: Status, version: number, tokens: TokenSet = tenant.tokens) {
        return send('PATCH', `/v1/scheme-applications/${id}`, { status, note: `to ${status}` }, tokens, { 'if-match': `"v${version}"` });
      }

      async function applicationAt(farmerId: string, status: Status) {
        let app = await newApplication(farmerId);
        for (const step of PATH_TO[status]) {
          const response = await move(app.id, step, app.version);
          assert.equal(response.statusCode, 200, response.body);
          app = response.json();
        }
        return app;
      }

      before(async () => {
        t = await buildTestApp(mode, { env: await store.start() });
        tenant = await createTenant(t.app);
        const schemes = await get('/v1/schemes?limit=1');
        assert.equal(schemes.statusCode, 200, schemes.body);
        schemeId = schemes.json().items[0].id;
      });
      after(async () => {
        await t?.close();
        await store.stop();
      });

      itOnce('creates a draft with its first history entry', async () => {
        const farmerId = await newFarmer();
        const created = await send('POST', '/v1/scheme-applications', { farmerId, schemeId });
        assert.equal(created.statusCode, 201, created.body);
        const body = created.json();
        assert.equal(body.status, 'draft');
        assert.deepEqual(body.allowedTransitions, ['submitted', 'withdrawn']);
        assert.equal(body.history.length, 1);
        assert.deepEqual([body.history[0].from, body.history[0].to, body.history[0].by], [null, 'draft', tenant.admin.id]);
        assert.equal(created.headers.location, `/v1/scheme-applications/${body.id}`);
        assert.deepEqual((await get(`/v1/scheme-applications/${body.id}`)).json(), body);
        const unknownScheme = await send('POST', '/v1/scheme-applications', { farmerId, schemeId: '0193b1de-7a00-7000-8000-0000000000ff' });
        assert.equal(unknownScheme.statusCode, 422, unknownScheme.body);
        const unknownFarmer = await send('POST', '/v1/scheme-applications', { farmerId: '0193b1de-7a00-7000-8000-0000000000fe', schemeId });
        assert.equal(unknownFarmer.statusCode, 404, unknownFarmer.body);
      });

      itOnce('passes every legal transition and answers 409 naming the allowed ones to every illegal one', async () => {
        const farmerId = await newFarmer();
        for (const from of STATUSES) {
          for (const to of STATUSES) {
            const app = await applicationAt(farmerId, from);
            const response = await move(app.id, to, app.version);
            if (LEGAL[from].includes(to)) {
              assert.equal(response.statusCode, 200, `${from} → ${to}: ${response.body}`);
              const body = response.json();
              assert.equal(body.status, to);
              assert.equal(body.version, app.version + 1);
              assert.deepEqual(body.history.at(-1).from, from);
              assert.deepEqual(body.history.at(-1).note, `to ${to}`);
            } else {
              assert.equal(response.statusCode, 409, `${from} → ${to}: ${response.body}`);
              assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
              assert.deepEqual(response.json().allowedTransitions, LEGAL[from], `${from} → ${to}`);
              const unchanged = (await get(`/v1/scheme-applications/${app.id}`)).json();
              assert.equal(unchanged.status, from);
              assert.equal(unchanged.version, app.version);
            }
          }
        }
      });

      itOnce('requires If-Match; of concurrent changes from the same version exactly one wins', async () => {
        const farmerId = await newFarmer();
        const app = await newApplication(farmerId);
        const bare = await send('PATCH', `/v1/scheme-applications/${app.id}`, { status: 'submitted' });
        assert.equal(bare.statusCode, 428, bare.body);
        const answers = await Promise.all([
          move(app.id, 'submitted', app.version),
          move(app.id, 'withdrawn', app.version),
          move(app.id, 'submitted', app.version),
        ]);
        const codes = answers.map((a) => a.statusCode).sort();
        assert.deepEqual(codes, [200, 412, 412], answers.map((a) => a.body).join('\n'));
        const final = (await get(`/v1/scheme-applications/${app.id}`)).json();
        assert.equal(final.version, 2);
        assert.equal(final.history.length, 2);
      });

      itOnce('raises scheme_application.status_changed for each change, with the farmer', async () => {
        const farmerId = await newFarmer();
        const app = await newApplication(farmerId);
        const moved = await move(app.id, 'submitted', app.version);
        assert.equal(moved.statusCode, 200, moved.body);
        const db = t.app.resources.db;
        const { rows } = await db.platform((tx) =>
          tx.query<{ type: string; farmer_id: string; data: { applicationId: string; from: string; to: string } }>(
            "SELECT type, farmer_id, data FROM events WHERE type = 'scheme_application.status_changed' AND data->>'applicationId' = $1",
            [app.id],
          ),
        );
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.farmer_id, farmerId);
        assert.deepEqual([rows[0]!.data.from, rows[0]!.data.to], ['draft', 'submitted']);
      });

      itOnce('filters by scheme, status, farmer and day', async () => {
        const farmerId = await newFarmer();
        const a = await applicationAt(farmerId, 'submitted');
        const b = await newApplication(farmerId);
        const list = async (query: string) => {
          const response = await get(`/v1/scheme-applications?farmerId=${farmerId}${query}`);
          assert.equal(response.statusCode, 200, response.body);
          return response.json().items.map((i: { id: string }) => i.id);
        };
        assert.deepEqual(await list(''), [b.id, a.id]);
        assert.deepEqual(await list('&status=submitted'), [a.id]);
        assert.deepEqual(await list(`&schemeId=${schemeId}&status=draft`), [b.id]);
        const today = new Date().toISOString().slice(0, 10);
        assert.deepEqual(await list(`&from=${today}&to=${today}`), [b.id, a.id]);
        assert.deepEqual(await list('&to=2020-01-01'), []);
        assert.equal((await get('/v1/scheme-applications?status=lost')).statusCode, 422);
        const first = (await get(`/v1/scheme-applications?farmerId=${farmerId}&limit=1`)).json();
        const next = (await get(`/v1/scheme-applications?farmerId=${farmerId}&limit=1&cursor=${first.nextCursor}`)).json();
        assert.deepEqual([first.items[0].id, next.items[0].id], [b.id, a.id]);
      });

      itOnce('a farmer sees, submits and withdraws only their own; another tenant sees nothing', async () => {
        const place = await createTenant(t.app);
        const farmer = await addMember(t.app, place, 'farmer');
        const ownFarmerId = await newFarmer(place.tokens, farmer.user.id);
        const otherFarmerId = await newFarmer(place.tokens);
        const mine = await newApplication(ownFarmerId, farmer.tokens);
        const theirs = await newApplication(otherFarmerId, place.tokens);

        assert.equal((await send('POST', '/v1/scheme-applications', { farmerId: otherFarmerId, schemeId }, farmer.tokens)).statusCode, 404);
        assert.deepEqual(
          (await get('/v1/scheme-applications', farmer.tokens)).json().items.map((i: { id: string }) => i.id),
          [mine.id],
        );
        assert.equal((await get(`/v1/scheme-applications/${theirs.id}`, farmer.tokens)).statusCode, 404);
        assert.equal((await move(theirs.id, 'withdrawn', theirs.version, farmer.tokens)).statusCode, 404);
        assert.deepEqual(mine.allowedTransitions, ['submitted', 'withdrawn']);
        const submitted = await move(mine.id, 'submitted', mine.version, farmer.tokens);
        assert.equal(submitted.statusCode, 200, submitted.body);
        assert.deepEqual(submitted.json().allowedTransitions, ['withdrawn']);
        assert.equal((await move(mine.id, 'under_review', 2, farmer.tokens)).statusCode, 403);
        assert.equal((await move(mine.id, 'withdrawn', 2, farmer.tokens)).statusCode, 200);

        assert.equal((await get(`/v1/scheme-applications/${theirs.id}`)).statusCode, 404, 'another tenant');
        assert.equal((await move(theirs.id, 'submitted', theirs.version)).statusCode, 404);
        const foreign = (await get('/v1/scheme-applications')).json().items.map((i: { id: string }) => i.id);
        assert.ok(!foreign.includes(theirs.id) && !foreign.includes(mine.id));
        assert.equal((await send('POST', '/v1/scheme-applications', { farmerId: otherFarmerId, schemeId })).statusCode, 404);
      });

      /** A multipart/form-data body: the `name` field, then one file. */
      function form(name: string | undefined, file: { bytes: Buffer; type: string; filename: string }) {
        const boundary = `----kheti${Date.now()}`;
        const parts: Buffer[] = [];
        if (name !== undefined) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="name"\r\n\r\n${name}\r\n`));
        parts.push(
          Buffer.from(
            `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.filename}"\r\ncontent-type: ${file.type}\r\n\r\n`,
          ),
          file.bytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        );
        return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
      }
      const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
      const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
      const upload = (id: string, body: ReturnType<typeof form>, tokens: TokenSet = tenant.tokens) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/scheme-applications/${id}/documents`,
          headers: { ...bearer(tokens), ...body.headers },
          payload: body.payload,
        });

      it('keeps documents for the checklist with size and type limits, served back only to who may see the application', async () => {
        const scheme = (await get(`/v1/schemes/${schemeId}`)).json();
        const item: string = scheme.documents[0] ?? 'Land record';
        const place = await createTenant(t.app);
        const farmer = await addMember(t.app, place, 'farmer');
        const ownFarmerId = await newFarmer(place.tokens, farmer.user.id);
        const otherFarmerId = await newFarmer(place.tokens);
        const mine = await newApplication(ownFarmerId, farmer.tokens);
        const theirs = await newApplication(otherFarmerId, place.tokens);

        const uploaded = await upload(mine.id, form(item, { bytes: PDF, type: 'application/pdf', filename: 'khasra.pdf' }), farmer.tokens);
        assert.equal(uploaded.statusCode, 201, uploaded.body);
        const doc = uploaded.json();
        assert.deepEqual([doc.name, doc.fileName, doc.contentType, doc.sizeBytes], [item, 'khasra.pdf', 'application/pdf', PDF.length]);
        const listed = (await get(`/v1/scheme-applications/${mine.id}/documents`, farmer.tokens)).json();
        assert.deepEqual(listed.checklist.find((c: { name: string }) => c.name === item).documentIds, [doc.id]);
        const file = await get(`/v1/scheme-applications/${mine.id}/documents/${doc.id}`, farmer.tokens);
        assert.equal(file.statusCode, 200);
        assert.equal(file.headers['content-type'], 'application/pdf');
        assert.ok(file.rawPayload.equals(PDF));
        // Kept under the tenant's id first: two tenants never share a key.
        assert.ok(store.keys(t.config.dataDir).includes(`${place.id}/${mine.id}/${doc.id}`), store.keys(t.config.dataDir).join(', '));
        assert.equal(
          (await get(`/v1/scheme-applications/${mine.id}/documents/${doc.id}`, place.tokens)).statusCode,
          200,
          'staff of the tenant',
        );

        // Another farmer's application, another tenant: not found, whatever the ids.
        const staffDoc = (await upload(theirs.id, form(item, { bytes: PNG, type: 'image/png', filename: 'p.png' }), place.tokens)).json();
        assert.equal((await get(`/v1/scheme-applications/${theirs.id}/documents/${staffDoc.id}`, farmer.tokens)).statusCode, 404);
        assert.equal((await get(`/v1/scheme-applications/${theirs.id}/documents`, farmer.tokens)).statusCode, 404);
        assert.equal(
          (await upload(theirs.id, form(item, { bytes: PDF, type: 'application/pdf', filename: 'x.pdf' }), farmer.tokens)).statusCode,
          404,
        );
        assert.equal((await get(`/v1/scheme-applications/${mine.id}/documents/${doc.id}`)).statusCode, 404, 'another tenant');
        assert.equal((await get(`/v1/scheme-applications/${mine.id}/documents`)).statusCode, 404, 'another tenant');
        assert.equal((await upload(mine.id, form(item, { bytes: PDF, type: 'application/pdf', filename: 'x.pdf' }))).statusCode, 404);

        // Limits: type, content, size, the name field.
        const refusals: [ReturnType<typeof form>, number][] = [
          [form(item, { bytes: Buffer.from('hello'), type: 'text/plain', filename: 'a.txt' }), 415],
          [form(item, { bytes: Buffer.from('not really a pdf'), type: 'application/pdf', filename: 'a.pdf' }), 422],
          [form(item, { bytes: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]), type: 'application/pdf', filename: 'big.pdf' }), 413],
          [form(undefined, { bytes: PDF, type: 'application/pdf', filename: 'a.pdf' }), 422],
        ];
        if (scheme.documents.length > 0)
          refusals.push([form('Horoscope', { bytes: PDF, type: 'application/pdf', filename: 'h.pdf' }), 422]);
        for (const [body, status] of refusals) {
          const response = await upload(mine.id, body, farmer.tokens);
          assert.equal(response.statusCode, status, response.body);
          assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        }
        const json = await send('POST', `/v1/scheme-applications/${mine.id}/documents`, { name: item }, farmer.tokens);
        assert.equal(json.statusCode, 415, json.body);
        assert.equal((await get(`/v1/scheme-applications/${mine.id}/documents`, farmer.tokens)).json().items.length, 1);
        for (const kept of store.keys(t.config.dataDir)) assert.match(kept, /^[0-9a-f-]{36}\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);

        // A file gone from the store behind the app's back: not found, never a server error.
        store.remove(t.config.dataDir, `${place.id}/${theirs.id}/${staffDoc.id}`);
        const gone = await get(`/v1/scheme-applications/${theirs.id}/documents/${staffDoc.id}`, place.tokens);
        assert.equal(gone.statusCode, 404, gone.body);
        assert.match(String(gone.headers['content-type']), /^application\/problem\+json/);

        // A store that cannot be reached: 503 with Retry-After, and no document row without its file.
        if (await store.breakDown()) {
          const unreachable = await get(`/v1/scheme-applications/${mine.id}/documents/${doc.id}`, farmer.tokens);
          assert.equal(unreachable.statusCode, 503, unreachable.body);
          assert.ok(unreachable.headers['retry-after']);
          const refused = await upload(mine.id, form(item, { bytes: PNG, type: 'image/png', filename: 'later.png' }), farmer.tokens);
          assert.equal(refused.statusCode, 503, refused.body);
          assert.equal((await get(`/v1/scheme-applications/${mine.id}/documents`, farmer.tokens)).json().items.length, 1);
        }
      });
    });
  }
}
