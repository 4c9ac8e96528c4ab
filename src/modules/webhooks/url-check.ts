import { NonPublicAddressError, resolvePublicAddresses, type AddressPolicy } from '../../infra/outbound/index.js';
import { AppError } from '../../errors.js';

/**
 * Whether a webhook URL may be saved. In production (private URLs not allowed): https only, and
 * every address the host resolves to must be public, so a URL aimed at this machine, the network
 * behind it or the metadata service is refused at once with a clear 422. This is a courtesy to the
 * user; the guard that counts runs again on every connection (infra/outbound/public-only-fetch.ts),
 * because a name can resolve elsewhere tomorrow.
 */
const refuse = (message: string) => new AppError('validation_failed', `url ${message}`, { errors: [{ path: 'body.url', message }] });

export async function checkWebhookUrl(text: string, policy: AddressPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse('must be an absolute http(s) URL');
  }
  const httpsOnly = !policy.allowPrivate;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !httpsOnly)) {
    throw refuse(httpsOnly ? 'must be an https:// URL' : 'must be an http:// or https:// URL');
  }
  // Credentials in the URL would be stored and shown unsealed; the signature authenticates us instead.
  if (url.username || url.password) throw refuse('must not carry a user name or password');
  if (url.hash) throw refuse('must not have a #fragment');
  if (policy.allowPrivate) return url;
  try {
    await resolvePublicAddresses(url.hostname, policy);
  } catch (error) {
    if (error instanceof NonPublicAddressError) {
      throw refuse(
        `must reach a public internet address; ${url.hostname} is or resolves to a loopback, private, link-local or reserved one`,
      );
    }
    throw refuse(`has a host that does not resolve (${url.hostname})`);
  }
  return url;
}
