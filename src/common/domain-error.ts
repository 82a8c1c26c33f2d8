/**
 * Domain errors carry a stable code and a kind. Services throw them; the one global filter maps the kind to an
 * HTTP status for the API and to a friendly message for pages. Services never throw HttpException.
 */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited';

export interface FieldProblem {
  field: string;
  reason: string;
  /** The failed rule (class-validator constraint, e.g. isEmail), for messages in the reader's language. */
  code?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    readonly details: Record<string, unknown> = {},
    readonly fields: FieldProblem[] = [],
  ) {
    super(code);
    this.name = new.target.name;
  }
}

/** Builds a module's error class from a code table; the table's type makes every code's kind explicit. */
export function defineErrors<const T extends Record<string, ErrorKind>>(name: string, table: T) {
  const cls = class extends DomainError {
    /** Every code of this module, for the check that each has a message in both languages. */
    static readonly codes = Object.keys(table) as (keyof T & string)[];

    constructor(code: keyof T & string, details: Record<string, unknown> = {}, fields: FieldProblem[] = []) {
      super(code, table[code], details, fields);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const CommonError = defineErrors('CommonError', {
  validation_failed: 'invalid',
  not_found: 'not_found',
  unauthenticated: 'unauthorized',
  forbidden: 'forbidden',
  csrf_failed: 'forbidden',
  rate_limited: 'rate_limited',
  bad_request: 'invalid',
  conflict: 'conflict',
});

export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'rate_limited':
      return 429;
  }
}

/** A validation failure on one field, in the same shape as DTO validation errors. */
export function invalidField(field: string, reason: string): DomainError {
  return new CommonError('validation_failed', {}, [{ field, reason }]);
}
