import type { Config } from '../../config.js';
import { createLogSmsSender, type SmsLogger } from './log-sender.js';
import type { SmsSender } from './sms.js';
import { createTwilioSmsSender } from './twilio-sender.js';

export { createLogSmsSender, type LogSenderOptions, type SmsLogger } from './log-sender.js';
export { SmsError, type SmsErrorReason, type SmsOptions, type SmsSender } from './sms.js';
export { createTwilioSmsSender, type TwilioSenderOptions } from './twilio-sender.js';

/** The sender SMS_PROVIDER names: `log` (the default) or `twilio`. */
export function createSmsSender(
  config: Config,
  logger: SmsLogger & { warn(obj: object, msg: string): void },
  options: { fetch?: typeof fetch } = {},
): SmsSender {
  const sms = config.sms;
  switch (sms.provider) {
    case 'twilio':
      return createTwilioSmsSender({
        accountSid: sms.accountSid,
        authToken: sms.authToken,
        from: sms.from,
        baseUrl: sms.baseUrl,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    case 'log':
      if (config.env === 'production') {
        // Not refused: a deployment may sign farmers in through Firebase only. But say it loudly.
        logger.warn({ provider: 'log' }, 'SMS_PROVIDER=log in production: one-time passwords are not delivered to anyone');
      }
      return createLogSmsSender(logger, { includeText: config.env !== 'production' });
  }
}
