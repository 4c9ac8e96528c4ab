import { maskPhone } from '../../lib/phone.js';
import type { SmsSender } from './sms.js';

export interface SmsLogger {
  info(obj: object, msg: string): void;
}

export interface LogSenderOptions {
  /**
   * Log the text itself (and so any sign-in code in it), so that a developer can sign in without
   * an SMS provider. Never in production: there the log says only that a message was sent.
   */
  includeText: boolean;
}

/** Writes each message to the log instead of sending it; the phone number appears masked. */
export function createLogSmsSender(logger: SmsLogger, options: LogSenderOptions): SmsSender {
  return {
    async send(toE164, text, dlt = {}) {
      const to = maskPhone(toE164);
      // `text`, not a name the log redaction knows: outside production the code must stay readable.
      logger.info(
        { sms: { provider: 'log', to, ...dlt, ...(options.includeText ? { text } : {}) } },
        `SMS to ${to} written to the log, not sent (SMS_PROVIDER=log)`,
      );
    },
  };
}
