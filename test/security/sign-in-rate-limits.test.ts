import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { buildTestApp, type TestApp } from '../support/app.js';
import { registerUser, someAddress } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

// The documented limits (README, "Rate limits"), a minute each.
const PER_ADDRESS = 30;
const PER_ACCOUNT_AND_ADDRESS = 10;
const PER_ACCOUNT_CEILING = 100;

for (const mode of storageModes) {
  describe(`sign-in rate limits (${mode.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode);
    });
    after(async () => t?.close());

    const token = (payload: Record<string, string>, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress, payload });
    const guess = (username: string, remoteAddress: string, password = `wrong guess ${uuidv7()}`) =>
      token({ grant_type: 'password', username, password }, remoteAddress);
    const nobody = () => `nobody-${uuidv7()}@example.org`;

    it('password guesses at many accounts from one address get 429 past the per-address limit', async () => {
      const address = someAddress();
      const statuses: number[] = [];
      for (let i = 0; i < PER_ADDRESS + 5; i++) statuses.push((await guess(nobody(), address)).statusCode);
      assert.deepEqual(statuses, [...Array(PER_ADDRESS).fill(400), ...Array(5).fill(429)]);
      const limited = await guess(nobody(), address);
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.match(String(limited.headers['content-type']), /^application\/problem\+json/);
      // Another address has a budget of its own.
      assert.equal((await guess(nobody(), someAddress())).statusCode, 400);
    });

    it('every grant and OTP verification draw on the same per-address budget', async () => {
      const address = someAddress();
      for (let i = 0; i < PER_ADDRESS / 3; i++) {
        assert.equal((await token({ grant_type: 'refresh_token', refresh_token: 'not-a-token' }, address)).statusCode, 400);
        assert.equal((await token({ grant_type: 'client_credentials', client_id: uuidv7(), client_secret: 'x' }, address)).statusCode, 401);
        assert.equal((await guess(nobody(), address)).statusCode, 400);
      }
      assert.equal((await guess(nobody(), address)).statusCode, 429, 'a password grant after the others');
      const otp = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/otp/verify',
        remoteAddress: address,
        payload: { phone: '+919812300000', code: '123456' },
      });
      assert.equal(otp.statusCode, 429, 'an OTP verification after the grants');
    });

    it('IPv6 addresses of one /64 share a budget', async () => {
      const statuses: number[] = [];
      for (let i = 1; i <= PER_ADDRESS + 1; i++) statuses.push((await guess(nobody(), `2001:db8:7:9::${i.toString(16)}`)).statusCode);
      assert.equal(statuses.at(-1), 429);
      assert.equal(statuses.filter((status) => status === 400).length, PER_ADDRESS);
    });

    it("a stranger's guesses lock only the stranger out: the owner still signs in from elsewhere", async () => {
      const owner = await registerUser(t.app);
      const stranger = someAddress();
      for (let i = 1; i <= PER_ACCOUNT_AND_ADDRESS; i++) assert.equal((await guess(owner.email, stranger)).statusCode, 400, `try ${i}`);
      const blocked = await guess(owner.email.toUpperCase(), stranger);
      assert.equal(blocked.statusCode, 429, 'the account counts in any case');
      assert.equal((await guess(owner.email, stranger, owner.password)).statusCode, 429, 'even the right password, from there');
      const home = await guess(owner.email, someAddress(), owner.password);
      assert.equal(home.statusCode, 200, home.body);
    });

    it('guesses at one account from many addresses stop at the account ceiling', async () => {
      const owner = await registerUser(t.app);
      const addresses = Array.from({ length: PER_ACCOUNT_CEILING / PER_ACCOUNT_AND_ADDRESS }, () => someAddress());
      for (const address of addresses) {
        const statuses = await Promise.all(Array.from({ length: PER_ACCOUNT_AND_ADDRESS }, () => guess(owner.email, address)));
        assert.deepEqual(
          statuses.map((response) => response.statusCode),
          Array(PER_ACCOUNT_AND_ADDRESS).fill(400),
        );
      }
      assert.equal((await guess(owner.email, someAddress())).statusCode, 429);
      assert.equal((await guess(owner.email, someAddress(), owner.password)).statusCode, 429, 'no guess gets through, right or wrong');
      // Other accounts are untouched.
      const other = await registerUser(t.app);
      assert.equal((await guess(other.email, someAddress(), other.password)).statusCode, 200);
    });
  });
}
