import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { CommonError, type FieldProblem } from './domain-error.js';

/** Flattens class-validator errors into `{field, reason}` pairs with dotted paths (`rooms.0.capacity`). */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [code, message] of Object.entries(error.constraints ?? {})) out.push({ field, reason: message, code });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new CommonError('validation_failed', {}, flattenValidationErrors(errors)),
  });
}
