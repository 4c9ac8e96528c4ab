/** One rejected field of a request, as Kheti's problem+json `errors` lists it. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * Every failed call to Kheti ends up as one of these, so screens handle errors one way.
 * status 0 means the request never got an answer (offline, server down, aborted by the network).
 */
export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  /** The OAuth `error` code (`invalid_grant`, …) or Kheti's `error` extension, when the answer has one. */
  readonly code: string | undefined;

  constructor(init: { status: number; title: string; detail?: string; errors?: FieldError[]; requestId?: string; code?: string }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.code = init.code;
  }

  static network(cause: unknown): ApiProblem {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new ApiProblem({
      status: 0,
      title: 'Could not reach the Kheti server',
      detail: `Check the connection and try again (${reason}).`,
    });
  }

  /** Reads a problem+json (or OAuth error) answer; tolerates any other body. */
  static async fromResponse(response: Response): Promise<ApiProblem> {
    const body = await response.json().catch(() => undefined);
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const errors = Array.isArray(fields.errors) ? fields.errors.filter(isFieldError) : [];
    const detail = text(fields.detail) ?? text(fields.error_description);
    const code = text(fields.error);
    const requestId = response.headers.get('x-request-id') ?? text(fields.requestId);
    return new ApiProblem({
      status: response.status,
      title: text(fields.title) ?? (response.statusText || `HTTP ${response.status}`),
      errors,
      ...(detail ? { detail } : {}),
      ...(code ? { code } : {}),
      ...(requestId ? { requestId } : {}),
    });
  }
}

function isFieldError(value: unknown): value is FieldError {
  const item = value as Partial<FieldError> | null;
  return typeof item?.path === 'string' && typeof item.message === 'string';
}
