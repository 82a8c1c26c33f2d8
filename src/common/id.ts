import { applyDecorators, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { CommonError } from './domain-error.js';

/** Ids are 32-bit serials on both databases: anything else is a 400, never a database overflow. */
export const MAX_ID = 2_147_483_647;

/** The one way an id is written: decimal digits without a leading zero, sign, point, exponent, space or prefix. */
const CANONICAL_ID = /^[1-9]\d{0,9}$/;

/**
 * The id a value names, or undefined: a whole number from 1 to MAX_ID, or its canonical decimal text. `01`, `0x1`,
 * `1.0`, `+1`, `1e0`, ` 1` are not ids (Number() would read each as 1, so `/me/01.<sig>` would open registration 1's
 * page and a cache or log keyed by the text would see two ids for one row). Every id that arrives as text — path
 * parameters, query parameters, form fields, tokens that carry an id — is read with this function.
 */
export function parseId(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= MAX_ID ? value : undefined;
  if (typeof value !== 'string' || !CANONICAL_ID.test(value)) return undefined;
  const id = Number(value);
  return id <= MAX_ID ? id : undefined;
}

/** For form values read into a DTO: the id, or the value as it came, for the DTO's `@IsId()` to refuse by name. */
export function idOrRaw(value: unknown): unknown {
  return parseId(value) ?? value;
}

@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    const id = parseId(value);
    if (id === undefined) {
      throw new CommonError('validation_failed', {}, [
        { field: metadata.data ?? 'id', reason: 'must be a positive whole number (an id)' },
      ]);
    }
    return id;
  }
}

/** The raw value of a property, before class-transformer's implicit conversion (form posts) changed it. */
const raw = (obj: unknown, key: string) => (obj as Record<string, unknown>)[key];

/**
 * DTO property holding an id. Form posts are read with implicit conversion, which would turn the text `0x1` into 1:
 * a non-canonical text is kept as it came, so the id rules refuse it by name. (JSON ids are numbers; text is refused.)
 */
export const IsId = () =>
  applyDecorators(
    Transform(({ obj, key, value }) => {
      const given = raw(obj, key);
      return typeof given === 'string' && parseId(given) === undefined ? given : (value as unknown);
    }),
    IsInt(),
    Min(1),
    Max(MAX_ID),
  );

/**
 * DTO property holding an id that arrives as text (a query parameter, a form field): read with parseId, so that only
 * the canonical form becomes a number and anything else is refused by `@IsId()` naming the field. It reads the raw
 * value, so class-transformer's implicit conversion (forms) cannot turn `0x1` into 1 first.
 */
export const IsIdText = () =>
  applyDecorators(
    Transform(({ obj, key }) => idOrRaw(raw(obj, key))),
    IsInt(),
    Min(1),
    Max(MAX_ID),
  );
