import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Optimistic concurrency from the `version` column every row carries: the ETag of a resource is
 * its version, so checking If-Match needs no serialisation and no hashing.
 */
export const etagOf = (version: number) => `"v${version}"`;

/**
 * The tags a header lists, each as we write ETags. A client that sends the record's `version`
 * itself (`1`, `"1"`, `v1`) means the ETag of that version, so it is read as `"v1"`.
 */
function listed(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter(Boolean)
    .map((t) => {
      const version = /^"?v?(\d+)"?$/.exec(t)?.[1];
      return version === undefined ? t : etagOf(Number(version));
    });
}

/**
 * Sets the ETag of a single-resource GET; answers 304 when the client's If-None-Match is current.
 * Returns true when the 304 was sent and the handler should return the reply.
 */
export function replyNotModified(request: FastifyRequest, reply: FastifyReply, version: number): boolean {
  const etag = etagOf(version);
  reply.header('etag', etag);
  const tags = listed(request.headers['if-none-match']);
  if (tags.includes(etag) || tags.includes('*')) {
    reply.code(304).send();
    return true;
  }
  return false;
}

/**
 * Checks If-Match on PATCH/DELETE against the current version. A stale tag answers 412 with the
 * current record (so an offline client can merge); a missing header passes unless `required`.
 */
export function checkIfMatch(
  request: FastifyRequest,
  currentVersion: number,
  options: { required?: boolean; current?: unknown } = {},
): void {
  const header = request.headers['if-match'];
  if (header === undefined) {
    if (options.required) throw new AppError('precondition_required', 'Send If-Match with the ETag you last read');
    return;
  }
  const tags = listed(header);
  if (tags.includes('*') || tags.includes(etagOf(currentVersion))) return;
  throw new AppError(
    'precondition_failed',
    `The resource has changed since you read it (If-Match: ${header}); it is now at version ${currentVersion}: read it again, or send If-Match: ${etagOf(currentVersion)} to overwrite it`,
    {
      headers: { etag: etagOf(currentVersion) },
      extensions: options.current === undefined ? {} : { current: options.current },
    },
  );
}
