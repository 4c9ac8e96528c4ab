import { maskPhoneNumbersIn } from '../../lib/phone.js';
import { createOutbound, OutboundError } from '../../infra/outbound/index.js';
import { SmsError, type SmsErrorReason, type SmsSender } from './sms.js';

/**
 * Twilio's Programmable Messaging: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded `To`, `From` (or `MessagingServiceSid`) and `Body`, HTTP Basic auth with the
 * account SID and auth token. Twilio answers 201 with the message resource, or an error
 * `{code, message, more_info, status}` (www.twilio.com/docs/api/errors).
 */
export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  /** An E.164 sender number, or a Messaging Service SID (MG…) that picks the sender itself. */
  from: string;
  /** https://api.twilio.com in production; a loopback stub in tests. */
  baseUrl: string;
  /** Give up after this long, reading the answer included. Default 3000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const PROVIDER = 'twilio';

interface TwilioError {
  code?: unknown;
  message?: unknown;
  more_info?: unknown;
  status?: unknown;
}

export function createTwilioSmsSender(options: TwilioSenderOptions): SmsSender {
  const outbound = createOutbound({
    upstream: 'Twilio',
    timeoutMs: options.timeoutMs ?? 3000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const url = `${options.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const sender: Record<string, string> = options.from.startsWith('MG') ? { MessagingServiceSid: options.from } : { From: options.from };

  return {
    async send(toE164, text) {
      let status: number;
      let body: string;
      try {
        // A POST: never sent twice by the helper, since Twilio would send the text twice.
        const response = await outbound.request(url, {
          method: 'POST',
          headers: { authorization, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ To: toE164, ...sender, Body: text }).toString(),
          redirect: 'error',
        });
        status = response.status;
        body = response.text();
      } catch (error) {
        if (!(error instanceof OutboundError)) throw error;
        if (error.kind === 'timeout')
          throw new SmsError('timeout', `Twilio did not answer within ${error.details.timeoutMs} ms`, { provider: PROVIDER });
        if (error.kind === 'circuit_open')
          throw new SmsError('unavailable', 'Twilio failed too often lately; not asked for a while', { provider: PROVIDER });
        throw new SmsError('unavailable', `Twilio is unreachable (${error.details.code ?? 'network error'})`, { provider: PROVIDER });
      }
      if (status >= 200 && status < 300) {
        // A message can be refused at creation with a 2xx and status "failed" (an unreachable carrier, say).
        const message = parseJson(body) as { status?: unknown; error_code?: unknown; error_message?: unknown } | null;
        if (message?.status === 'failed') {
          const code = typeof message.error_code === 'number' ? message.error_code : undefined;
          throw new SmsError(
            'rejected',
            `Twilio could not send the message: ${safeText(message.error_message) ?? 'failed'}${code ? ` (code ${code})` : ''}`,
            {
              provider: PROVIDER,
              status,
              code,
            },
          );
        }
        return;
      }
      throw errorFromAnswer(status, parseJson(body) as TwilioError | null);
    },
  };
}

function errorFromAnswer(status: number, error: TwilioError | null): SmsError {
  const code = typeof error?.code === 'number' ? error.code : undefined;
  const moreInfo = typeof error?.more_info === 'string' && /^https:\/\/[\w./-]{1,200}$/.test(error.more_info) ? error.more_info : undefined;
  const reason: SmsErrorReason =
    status === 401 || status === 403 ? 'unauthorized' : status === 429 || status >= 500 ? 'unavailable' : 'rejected';
  const what = safeText(error?.message) ?? `HTTP ${status}`;
  const message = `Twilio ${reason === 'rejected' ? 'refused the message' : 'failed'}: ${what} (HTTP ${status}${code ? `, code ${code}` : ''})`;
  return new SmsError(reason, message, { provider: PROVIDER, status, code, moreInfo });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Vendor text on its way to our logs: one line, bounded, with phone numbers masked. */
function safeText(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this removes.
  const oneLine = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return maskPhoneNumbersIn(oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine);
}
