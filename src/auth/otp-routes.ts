import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type {} from '@fastify/rate-limit';
import { AppError, OAuthError, problemResponses, type ProblemCode } from '../errors.js';
import type { SmsSender } from '../integrations/sms/index.js';
import type {} from './identity.js';
import { OTP_TTL_SECONDS, requestOtp, verifyOtp, type OtpDeps } from './otp.js';
import type {} from './permissions.js';
import type {} from './sign-in-limits.js';
import { MAX_PHONE_INPUT_LENGTH } from '../lib/phone.js';
import { TokenResponseSchema, completeSignIn } from './sign-in.js';

/**
 * POST /v1/auth/otp/request and /v1/auth/otp/verify: phone sign-in for farmers (rules in otp.ts).
 * Besides the per-phone limit kept in the database, each address may call each route 10 times a
 * minute, and a verification also counts towards the address's sign-in attempts of every kind
 * (sign-in-limits.ts), which bounds code guessing across many phones from one place.
 */
export interface OtpRoutesOptions {
  /** Where codes go: the process's sender (the one SMS_PROVIDER names). */
  sms: SmsSender;
}

const Phone = Type.String({
  minLength: 1,
  maxLength: MAX_PHONE_INPUT_LENGTH,
  description: 'An Indian mobile number: 10 digits starting with 6-9, optionally preceded by +91 or 0; spaces and hyphens allowed',
  examples: ['+91 98765 43210'],
});

const OtpRequestBody = Type.Object({ phone: Phone });

const OtpRequested = Type.Object(
  { expiresInSeconds: Type.Integer({ description: 'How long the code is valid once it arrives' }) },
  { description: 'The same answer whether or not a farmer is registered with this phone; only a registered farmer receives an SMS' },
);

const OtpVerifyBody = Type.Object({
  phone: Phone,
  code: Type.String({ minLength: 1, maxLength: 16, description: 'The 6 digits from the SMS', examples: ['123456'] }),
  tenant: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Tenant id or slug; not needed by a farmer of one organisation' }),
  ),
});

// Per client address (the app's rate-limit key for anonymous callers).
const routeConfig = { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } } as const;

/** Sign-in refusals come back as problem+json under /v1, like every other /v1 error. */
function asProblem(error: OAuthError): AppError {
  const code: ProblemCode =
    error.code === 'invalid_grant'
      ? 'forbidden'
      : error.status === 401
        ? 'unauthorized'
        : error.status === 429
          ? 'too_many_requests'
          : 'bad_request';
  return new AppError(code, error.description, { extensions: { error: error.code } });
}

export const otpRoutes: FastifyPluginAsyncTypebox<OtpRoutesOptions> = async (app, options) => {
  const deps: OtpDeps = {
    db: app.resources.db,
    crypto: app.identity.crypto,
    sms: options.sms,
    logger: app.log,
  };

  app.post(
    '/v1/auth/otp/request',
    {
      schema: {
        operationId: 'requestOtp',
        tags: ['identity'],
        summary: "Text a sign-in code to a farmer's phone",
        description: `The code is valid for ${OTP_TTL_SECONDS / 60} minutes and 5 tries; a new request replaces it. At most 3 requests per phone in 15 minutes.`,
        body: OtpRequestBody,
        response: { 202: OtpRequested, ...problemResponses(422, 429) },
      },
      config: routeConfig,
    },
    async (request, reply) => {
      const result = await requestOtp(deps, request.body.phone);
      return reply.code(202).header('cache-control', 'no-store').send(result);
    },
  );

  app.post(
    '/v1/auth/otp/verify',
    {
      schema: {
        operationId: 'verifyOtp',
        tags: ['identity'],
        summary: 'Trade a phone and its sign-in code for tokens',
        description:
          'Answers the OAuth 2.0 token response. A wrong or expired code answers 400 with `reason` (invalid_code, expired, too_many_attempts) and `attemptsRemaining`.',
        body: OtpVerifyBody,
        response: { 200: TokenResponseSchema, ...problemResponses(400, 403, 422, 429) },
      },
      config: routeConfig,
      preHandler: async (request) => app.signInLimits.countAddress(request),
    },
    async (request, reply) => {
      const { phone, code, tenant } = request.body;
      const { userId } = await verifyOtp(deps, phone, code);
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      try {
        return await completeSignIn(app, request, { userId, tenant, method: 'otp' });
      } catch (error) {
        throw error instanceof OAuthError ? asProblem(error) : error;
      }
    },
  );
};
