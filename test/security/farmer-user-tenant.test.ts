import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * A farmer record's `userId` is the account the farmer signs in with, and that account reads the
 * record as its own. Only a member of the record's tenant can be linked: an account of another
 * tenant (or none) is refused with the same 422 either way, so the answer says nothing about
 * whether the id is somebody's elsewhere.
 */
for (const mode of storageModes) {
  describe(`a farmer's userId belongs to the tenant (${mode.name})`, () => {
    let t: TestApp;
    let a: TestTenant;
    let b: TestTenant;
    let memberOfA: string;
    let memberOfB: string;
    before(async () => {
      t = await buildTestApp(mode);
      a = await createTenant(t.app);
      b = await createTenant(t.app);
      memberOfA = (await addMember(t.app, a, 'farmer')).user.id;
      memberOfB = (await addMember(t.app, b, 'farmer')).user.id;
    });
    after(async () => t?.close());

    const createFarmer = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/farmers',
        headers: bearer(a.tokens),
        payload: { name: 'Ramesh', state: 'Bihar', ...payload },
      });
    const farmersOfA = async () =>
      (await t.app.inject({ method: 'GET', url: '/v1/farmers?limit=200', headers: bearer(a.tokens) })).json().items as {
        id: string;
        userId: string | null;
      }[];

    it('creating a farmer linked to a user of another tenant, or to nobody, is a 422 that reads the same', async () => {
      const before = (await farmersOfA()).length;
      const otherTenants = await createFarmer({ userId: memberOfB });
      const otherAdmin = await createFarmer({ userId: b.admin.id });
      const nobody = await createFarmer({ userId: uuidv7() });
      for (const answer of [otherTenants, otherAdmin, nobody]) {
        assert.equal(answer.statusCode, 422, answer.body);
        assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
        assert.deepEqual(answer.json().errors, [{ path: 'body.userId', message: 'is not a member of this organisation' }]);
      }
      assert.equal(otherTenants.json().detail, nobody.json().detail);
      assert.equal((await farmersOfA()).length, before, 'nothing was stored');
    });

    it('a member of the tenant can be linked', async () => {
      const created = await createFarmer({ userId: memberOfA });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().userId, memberOfA);
    });

    it('changing a farmer to a user of another tenant is a 422 and leaves the record as it was', async () => {
      const created = await createFarmer({});
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as string;
      for (const userId of [memberOfB, uuidv7()]) {
        const patched = await t.app.inject({ method: 'PATCH', url: `/v1/farmers/${id}`, headers: bearer(a.tokens), payload: { userId } });
        assert.equal(patched.statusCode, 422, patched.body);
        assert.deepEqual(patched.json().errors, [{ path: 'body.userId', message: 'is not a member of this organisation' }]);
      }
      const now = await t.app.inject({ method: 'GET', url: `/v1/farmers/${id}`, headers: bearer(a.tokens) });
      assert.equal(now.json().userId, null);
      assert.equal(now.json().version, created.json().version);
      const unlinked = await t.app.inject({
        method: 'PATCH',
        url: `/v1/farmers/${id}`,
        headers: bearer(a.tokens),
        payload: { userId: null },
      });
      assert.equal(unlinked.statusCode, 200, 'null unlinks, as before');
    });
  });
}
