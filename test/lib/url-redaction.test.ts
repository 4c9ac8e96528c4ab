import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSensitiveParameter, redactQuery, redactUrl, redactUrlsIn } from '../../src/lib/url-redaction.js';

describe('redactUrl', () => {
  it('replaces sensitive parameters by name and keeps the path and the other parameters', () => {
    assert.equal(redactUrl('/v1/farmers?aadhaar=203456789010&phone=9876543210'), '/v1/farmers?aadhaar=[redacted]&phone=[redacted]');
    assert.equal(redactUrl('/v1/farmers?village=Khed&limit=20'), '/v1/farmers?village=Khed&limit=20');
    assert.equal(
      redactUrl('/oauth/callback?code=abc&state=xyz&access_token=t0k&refresh_token=r&password=p&otp=123456&bankAccount=1'),
      '/oauth/callback?code=[redacted]&state=xyz&access_token=[redacted]&refresh_token=[redacted]&password=[redacted]&otp=[redacted]&bankAccount=[redacted]',
    );
    assert.equal(redactUrl('/v1/farmers'), '/v1/farmers');
    assert.equal(redactUrl('/v1/farmers?'), '/v1/farmers?');
  });

  it('matches names whatever their case and separators', () => {
    for (const name of [
      'Aadhaar',
      'aadhaar_number',
      'PHONE',
      'farmerPhone',
      'mobile',
      'bank_account',
      'accessToken',
      'api-key',
      'X-Amz-Signature',
    ])
      assert.ok(isSensitiveParameter(name), name);
    for (const name of ['village', 'district', 'limit', 'cursor', 'q', 'state', 'category']) assert.ok(!isSensitiveParameter(name), name);
  });

  it('replaces values that look like Aadhaar, phone or bank account numbers under any name', () => {
    for (const value of [
      '203456789010',
      '2034%205678%209010',
      '2034-5678-9010',
      '9876543210',
      '%2B919876543210',
      '+91+98765+43210',
      '0091-98765-43210',
      '001234567890123',
      'ramesh%209876543210',
      '%E0%A5%AF%E0%A5%AE%E0%A5%AD%E0%A5%AC%E0%A5%AB%E0%A5%AA%E0%A5%A9%E0%A5%A8%E0%A5%A7%E0%A5%A6', // Devanagari digits
    ])
      assert.equal(redactQuery(`q=${value}&limit=5`), 'q=[redacted]&limit=5', value);
    assert.equal(redactQuery('limit=50&from=2026-01-01&lat=18.5204&lon=73.8567'), 'limit=50&from=2026-01-01&lat=18.5204&lon=73.8567');
    assert.equal(redactQuery('9876543210'), '[redacted]', 'a bare number');
  });

  it('replaces path segments that are wholly such a number, and credentials before the host', () => {
    assert.equal(redactUrl('/v1/lookup/9876543210/farms'), '/v1/lookup/[redacted]/farms');
    assert.equal(redactUrl('/v1/farms/0190a5d2-ac96-7000-8000-123456789012'), '/v1/farms/0190a5d2-ac96-7000-8000-123456789012');
    assert.equal(
      redactUrl('https://user:pass@api.example.in/resource?api-key=k&offset=0#frag'),
      'https://[redacted]@api.example.in/resource?api-key=[redacted]&offset=0',
    );
  });

  it('redacts every query string quoted in free text', () => {
    assert.equal(
      redactUrlsIn('GET /v1/farmers?phone=9876543210 failed; see https://x.in/a?token=t&page=2.'),
      'GET /v1/farmers?phone=[redacted] failed; see https://x.in/a?token=[redacted]&page=2.',
    );
    assert.equal(redactUrlsIn('Is the server up?'), 'Is the server up?');
  });
});
