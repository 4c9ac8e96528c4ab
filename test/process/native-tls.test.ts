import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { createTempDataDir } from '../support/database.js';
import { type KhetiProcess, startKheti } from '../support/process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A self-signed certificate for 127.0.0.1 with the given serial, as PEM text. */
function selfSigned(dir: string, name: string, serial: string) {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    // biome-ignore format: one option and its value a line
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-set_serial', `0x${serial}`,
      '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

/** GET over HTTPS trusting only `ca`; resolves with the status, the server's certificate serial and whether the socket was reused. */
function get(url: string, ca: string[], agent?: Agent) {
  return new Promise<{ status: number; serial: string; reused: boolean }>((resolve, reject) => {
    const req = request(url, { ca, agent: agent ?? false }, (response) => {
      // Read now: a kept-alive socket goes back to its agent when the response ends.
      const serial = (response.socket as TLSSocket).getPeerCertificate().serialNumber;
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode!, serial, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('kheti serve with TLS_CERT_FILE and TLS_KEY_FILE', () => {
  const certs = mkdtempSync(join(tmpdir(), 'kheti-tls-'));
  const data = createTempDataDir();
  const first = selfSigned(certs, 'kheti-first', '1001');
  const second = selfSigned(certs, 'kheti-second', '2002');
  const readPem = (file: string) => readFileSync(file, 'utf8');
  const trusted = [readPem(first.certFile), readPem(second.certFile)];
  // The files the server is configured with; each renewal replaces them, as certbot would.
  const live = { certFile: join(certs, 'live.crt'), keyFile: join(certs, 'live.key') };
  const install = (pair: { certFile: string; keyFile: string }) => {
    writeFileSync(`${live.certFile}.new`, readPem(pair.certFile));
    writeFileSync(`${live.keyFile}.new`, readPem(pair.keyFile));
    renameSync(`${live.keyFile}.new`, live.keyFile);
    renameSync(`${live.certFile}.new`, live.certFile);
  };
  let api: KhetiProcess;
  let url: string;

  before(async () => {
    install(first);
    api = startKheti(['serve', '--migrate'], {
      DATA_DIR: data.dir,
      PORT: '0',
      WEB_CONCURRENCY: '1',
      TLS_CERT_FILE: live.certFile,
      TLS_KEY_FILE: live.keyFile,
    });
    url = await api.serving();
  });
  after(async () => {
    await api?.stop('SIGTERM');
    data.remove();
    rmSync(certs, { recursive: true, force: true });
  });

  it('serves HTTPS with the configured certificate and says so', async () => {
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const livez = await get(`${url}/livez`, trusted);
    assert.equal(livez.status, 200);
    assert.equal(livez.serial, '1001');
    await assert.rejects(get(`${url}/livez`, []), /self.signed|unable to verify/i, 'an untrusted client refuses the certificate');
  });

  it('takes a renewed certificate on SIGHUP for new connections, keeping open ones and the process', async () => {
    const keptAlive = new Agent({ keepAlive: true, maxSockets: 1, ca: trusted });
    try {
      assert.equal((await get(`${url}/livez`, trusted, keptAlive)).serial, '1001');

      install(second);
      api.child.kill('SIGHUP');
      for (let i = 0; i < 100 && !api.stdout().includes('TLS certificate and key reloaded'); i++) await sleep(50);
      assert.match(api.stdout(), /TLS certificate and key reloaded/);

      const fresh = await get(`${url}/livez`, trusted);
      assert.equal(fresh.status, 200);
      assert.equal(fresh.serial, '2002', 'a new connection sees the new certificate');
      const old = await get(`${url}/livez`, trusted, keptAlive);
      assert.deepEqual(old, { status: 200, serial: '1001', reused: true }, 'the open connection was not dropped');
      assert.equal(api.child.exitCode, null, 'the process is still up');
    } finally {
      keptAlive.destroy();
    }
  });

  it('keeps the certificate in use when the files on SIGHUP are not a valid pair', async () => {
    writeFileSync(live.certFile, 'not a certificate');
    api.child.kill('SIGHUP');
    for (let i = 0; i < 100 && !api.stdout().includes('not reloaded'); i++) await sleep(50);
    assert.match(api.stdout(), /TLS certificate and key not reloaded; the previous ones stay in use/);
    const livez = await get(`${url}/livez`, trusted);
    assert.deepEqual([livez.status, livez.serial], [200, '2002']);
    assert.equal(api.child.exitCode, null);
    assert.equal(await api.stop('SIGTERM'), 0, api.stderr());
  });
});
