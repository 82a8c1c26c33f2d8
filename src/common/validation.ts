import { ValidationPipe, type ArgumentMetadata, type Type, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { PartialType } from '@nestjs/swagger';
import { buildMessage, ValidateBy, ValidateIf, type ValidationOptions, type ValidatorOptions } from 'class-validator';
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

  /**
   * A JSON body that its DTO's quick check accepts as it came is that DTO's instance with the same properties: it
   * skips class-transformer too (a copy of every property: a twentieth of a registration burst's first second). The
   * check runs after the prototype keys are stripped, as class-transformer's copy would have them; any other value
   * goes the usual way.
   */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype as Type<object> | undefined;
    const check = metadata.type === 'body' && type && !this.expectedType ? QUICK_CHECKS.get(type) : undefined;
    if (check && isJsonRecord(value)) {
      this.stripProtoKeys(value);
      if (check(value)) return Object.assign(new type!(), value);
    }
    return super.transform(value, metadata);
  }

  /** A body that a DTO's quick check accepts has no errors to find; any other goes through class-validator. */
  protected override validate(
    object: object,
    options?: ValidatorOptions,
  ): ValidationError[] | Promise<ValidationError[]> {
    const check = QUICK_CHECKS.get(object.constructor);
    if (check?.(object)) return [];
    return super.validate(object, options);
  }
}

const QUICK_CHECKS = new Map<unknown, (instance: object) => boolean>();

/** An object as JSON.parse makes it: a plain record (not an array, not a class instance, not binary). */
function isJsonRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Gives a busy route's DTO a hand-written check that answers true only for values class-validator would accept with
 * the global pipe's options (whitelist, forbidNonWhitelisted): a JSON body it accepts skips class-transformer and
 * class-validator, which cost more than the rest of such a request's checks. Every value the quick check does not
 * accept goes the usual way, so a 400 answer is class-validator's own. A spec must hold the check to the DTO, and the
 * DTO must have nothing for class-transformer to do (no `@Type`, `@Transform` or defaults that a copy would change).
 */
export function quickValidation<T extends object>(dto: Type<T>, check: (instance: T) => boolean): void {
  QUICK_CHECKS.set(dto, check as (instance: object) => boolean);
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

// eslint-disable-next-line no-control-regex
const NOT_ONE_LINE = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when a string has no line break or other control character (the rule of @SingleLine). */
export function isSingleLine(value: string): boolean {
  return !NOT_ONE_LINE.test(value);
}

/**
 * A string that is one line: titles, names, organisation names, codes. Line breaks and other control characters are
 * refused at validation: they have no business in a title, and in a calendar, an email header or a CSV cell they
 * would start a new line of someone else's making. Every string property of a DTO declares `@SingleLine()` or
 * `@MultiLine()` (test/e2e/hostile-input.test.ts checks that none is left out).
 */
export function SingleLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'singleLine',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !NOT_ONE_LINE.test(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a single line (no line breaks or control characters)`,
          options,
        ),
      },
    },
    options,
  );
}

/** A string that may span lines (descriptions, messages, notes): line breaks and tabs, but no other control character. */
export function MultiLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'multiLine',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !CONTROL_IN_TEXT.test(value),
        defaultMessage: buildMessage((each) => `${each}$property must not contain control characters`, options),
      },
    },
    options,
  );
}

/**
 * plainToInstance for values read by our own code (form posts, spreadsheet rows). A property holding a map without
 * a prototype (`dict()`: answers keyed by question codes) is set aside and put back as it is: class-transformer drops
 * keys named like Object.prototype members (`toString`, `hasOwnProperty`, …) from plain objects it copies, and fails
 * on an own `constructor` key.
 */
export function toDto<T extends object>(
  cls: Type<T>,
  plain: Record<string, unknown>,
  options?: ClassTransformOptions,
): T {
  const maps = Object.entries(plain).filter(
    ([, v]) => !!v && typeof v === 'object' && Object.getPrototypeOf(v) === null,
  );
  const rest = Object.fromEntries(Object.entries(plain).filter(([k]) => !maps.some(([m]) => m === k)));
  const instance = plainToInstance(cls, rest, options);
  for (const [key, value] of maps) (instance as Record<string, unknown>)[key] = value;
  return instance;
}
