import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_ADMIN_EMAIL, DEMO_FARMER_PHONE, seedDemo } from '../src/seed.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { bearer, signIn } from './support/identity.js';
import { storageModes } from './support/storage-modes.js';

for (const mode of storageModes) {
  describe(`demo data (${mode.name})`, () => {
    const lines: string[] = [];
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode, { env: { LOG_LEVEL: 'info' }, logStream: { write: (line: string) => void lines.push(line) } });
    });
    after(async () => t?.close());

    it('seeds once; the administrator signs in with the printed password and the farmer by phone', async () => {
      const seeded = await seedDemo(t.app.resources.db, t.app.identity.crypto);
      assert.equal(seeded.seeded, true);
      assert.equal((await seedDemo(t.app.resources.db, t.app.identity.crypto)).seeded, false, 'never twice');

      const admin = await signIn(t.app, { email: DEMO_ADMIN_EMAIL, password: seeded.adminPassword! });
      assert.equal((await t.app.inject({ url: '/v1/me', headers: bearer(admin) })).json().token.role, 'tenant_admin');

      const requested = await t.app.inject({ method: 'POST', url: '/v1/auth/otp/request', payload: { phone: DEMO_FARMER_PHONE } });
      assert.equal(requested.statusCode, 202, requested.body);
      let code: string | undefined;
      for (let i = 0; i < 50 && !code; i++) {
        code = /\b(\d{6})\b/.exec(lines.filter((line) => line.includes('XXXXXX3210')).join('\n'))?.[1];
        if (!code) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(code, 'outside production the log sender writes the code to the log');
      const verified = await t.app.inject({ method: 'POST', url: '/v1/auth/otp/verify', payload: { phone: DEMO_FARMER_PHONE, code } });
      assert.equal(verified.statusCode, 200, verified.body);
      const me = (await t.app.inject({ url: '/v1/me', headers: bearer(verified.json()) })).json();
      assert.equal(me.token.role, 'farmer');
      assert.equal(me.token.tenantId, seeded.tenantId);
    });
  });
}
