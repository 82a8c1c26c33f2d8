import { ValidationPipe, type ArgumentMetadata, type Type, type ValidationError } from '@nestjs/common';
import { PartialType } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
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

/**
 * The global pipe. Path parameters are passed on as the text they are: Nest's ValidationPipe would turn a parameter
 * typed `number` into `+value` before ParseIdPipe sees it, so `0x1`, `1.0` and `+1` would arrive as 1.
 */
class AppValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new CommonError('validation_failed', {}, flattenValidationErrors(errors)),
  });
}

/**
 * The update form of a create DTO: every property may be left out, but a `null` is checked by the property's own
 * rules, so `{"title": null}` is a 400 naming `title` unless the create DTO itself allows null (`@IsOptional()`),
 * instead of reaching a NOT NULL column. Use it instead of `PartialType` for every PATCH body.
 */
export function UpdateType<T>(base: Type<T>): Type<Partial<T>> {
  return PartialType(base, { skipNullProperties: false });
}

/** A property that may be left out but, when given, is never null (where `@IsOptional()` would let null through). */
export const Omittable = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
