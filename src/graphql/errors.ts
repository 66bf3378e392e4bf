/**
 * The errors the API answers with. Each carries a stable `extensions.code`; the REST layer maps
 * the code to an HTTP status (see `httpStatusOf`). Anything that is not an AppError (or another
 * GraphQLError) is masked by Yoga as "Unexpected error." and logged with the request id.
 */
import { GraphQLError } from 'graphql';

export const errorStatus = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Understood but cannot be taken in (an inbound mail that cannot be parsed). */
  UNPROCESSABLE: 422,
  /** An inbound mail from a sender blocked with rejectEmail / rejectDomain (nothing stored). */
  SENDER_REJECTED: 403,
  TOO_MANY_REQUESTS: 429,
  /** A rate limit (src/rate-limit.ts): retry after the time the response names. */
  RATE_LIMITED: 429,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One problem with one input field, e.g. `{ field: "subject", message: "is required" }`. */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  /** `details`: more machine-readable extensions (e.g. the `owners` of a field in use); REST adds them to its body. */
  constructor(code: ErrorCode, message: string, fieldErrors?: FieldError[], details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...(fieldErrors?.length ? { errors: fieldErrors } : {}), ...details } });
    this.code = code;
  }
}

export const badInput = (message: string, fieldErrors?: FieldError[]) => new AppError('BAD_USER_INPUT', message, fieldErrors);
/** A single invalid field: the message names it, and `errors` carries it for forms. */
export const invalidField = (field: string, problem: string) =>
  new AppError('BAD_USER_INPUT', `${field} ${problem}`, [{ field, message: problem }]);
export const notFound = (what: string, id: unknown) => new AppError('NOT_FOUND', `${what} ${String(id)} not found`);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);
export const unauthenticated = (message = 'Authentication required') => new AppError('UNAUTHENTICATED', message);

/** HTTP status for a GraphQL error: our codes, GraphQL validation/coercion errors as 400, else 500. */
export function httpStatusOf(error: { extensions?: Record<string, unknown> }): number {
  const code = error.extensions?.code as string | undefined;
  if (code && code in errorStatus) return errorStatus[code as ErrorCode];
  if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code === 'BAD_REQUEST') return 400;
  return 500;
}
