export { CircuitBreaker, DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_MS, type BreakerOptions, type BreakerState } from './circuit-breaker.js';
export {
  createOutbound,
  OutboundError,
  type Outbound,
  type OutboundFailure,
  type OutboundOptions,
  type OutboundRequest,
  type OutboundResponse,
} from './outbound.js';
export {
  createPublicOnlyFetch,
  NON_PUBLIC_ADDRESS,
  NonPublicAddressError,
  resolvePublicAddresses,
  type AddressLookup,
  type AddressPolicy,
} from './public-only-fetch.js';
export { backoffDelay, retrying, sleep, withDeadline, type RetryPolicy } from './retry.js';
