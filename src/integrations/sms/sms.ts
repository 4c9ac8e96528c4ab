/**
 * The SMS port: one method, one text to one phone. Adapters: `log` (development and tests: writes
 * the message to the log instead of sending it) and `twilio` (the Messages API).
 */
export interface SmsSender {
  /** Sends `text` to an E.164 number; resolves once the provider has accepted the message. */
  send(toE164: string, text: string, options?: SmsOptions): Promise<void>;
}

/**
 * What India's DLT rules (TRAI's TCCCPR 2018) ask of a commercial SMS: the sender id (header) and
 * the content template registered for its message type. A gateway that takes them as parameters
 * gets them here; the log adapter logs them. Twilio's Messages API has no such parameters, so the
 * Twilio adapter does not send them.
 */
export interface SmsOptions {
  dltTemplateId?: string;
  dltSenderId?: string;
}

export type SmsErrorReason =
  /** The provider refused this message (bad number, unsubscribed recipient…): retrying will not help. */
  | 'rejected'
  /** Our account or credentials were refused: an operator must act. */
  | 'unauthorized'
  /** Too many messages, or the provider is failing or unreachable: retry later. */
  | 'unavailable'
  /** No answer within the time limit. */
  | 'timeout';

/**
 * A failed send. The message is safe to log and to show an operator: it never holds credentials
 * and masks any phone number the provider echoed back.
 */
export class SmsError extends Error {
  override name = 'SmsError';
  constructor(
    readonly reason: SmsErrorReason,
    message: string,
    readonly details: {
      provider: string;
      /** The provider's HTTP status, when it answered. */
      status?: number;
      /** The provider's error code (Twilio: 21211 and so on). */
      code?: number;
      /** Where the provider documents the code. */
      moreInfo?: string;
    },
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.reason === 'unavailable' || this.reason === 'timeout';
  }
}
