import { validate } from 'class-validator';
import { DomainError, type FieldProblem } from '../common/domain-error.js';
import { flattenValidationErrors, toDto } from '../common/validation.js';

type Ctor<T> = new () => T;

/** Form fields arrive as strings; empty ones mean "not given". */
export function cleanFormBody(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') out[key] = trimmed;
    } else if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Validates a form post with the same DTO classes as the JSON API. */
export async function validateForm<T extends object>(
  dto: Ctor<T>,
  values: Record<string, unknown>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldProblem[] }> {
  const instance = toDto(dto, values, { enableImplicitConversion: true });
  // One message per field is enough on a form (an empty required field is not also "not a string").
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: false, stopAtFirstError: true });
  if (errors.length > 0) return { ok: false, errors: flattenValidationErrors(errors) };
  return { ok: true, value: instance };
}

/**
 * Runs a form submission: validate, then act; any field problem (from the DTO or a domain error naming fields)
 * comes back to `onInvalid` so the page shows the form again with everything the person typed.
 */
export async function submitForm<T extends object, A, B>(
  dto: Ctor<T>,
  values: Record<string, unknown>,
  handlers: { onValid: (value: T) => Promise<A>; onInvalid: (errors: FieldProblem[]) => B | Promise<B> },
  /** Problems already found while reading the form (e.g. an unreadable date), shown with the DTO's own. */
  known: FieldProblem[] = [],
): Promise<A | B> {
  const result = await validateForm(dto, values);
  const problems = [
    ...known,
    ...(result.ok ? [] : result.errors.filter((e) => !known.some((k) => k.field === e.field))),
  ];
  if (problems.length || !result.ok) return handlers.onInvalid(problems);
  try {
    return await handlers.onValid(result.value);
  } catch (error) {
    if (error instanceof DomainError && (error.kind === 'invalid' || error.kind === 'conflict')) {
      const fields = error.fields.length > 0 ? error.fields : [{ field: '_form', reason: error.code }];
      return handlers.onInvalid(fields);
    }
    throw error;
  }
}

/** Form values → the DTO's values, with the problems already found while reading them. */
export interface FormReading {
  dto: Record<string, unknown>;
  errors?: FieldProblem[];
}

export interface FormHandling<T extends object, R, A, B> {
  /** The DTO class the values are validated with (the JSON API's). */
  dto: Ctor<T>;
  /** The posted body (cleaned here with cleanFormBody; values already cleaned pass through unchanged). */
  body: unknown;
  /** Maps the form's values to the DTO's (dates in the event's zone, numbered rows, …); default: as they are. */
  read?: (values: Record<string, unknown>) => FormReading;
  /** The one service call. A domain error naming fields (invalid or conflict) re-renders the form. */
  run: (valid: T) => Promise<R>;
  /** After the call: usually a redirect with a flash. */
  onSuccess: (result: R, valid: T) => A | Promise<A>;
  /** The page again, with the problems by field and everything the person typed (as cleaned). */
  rerender: (errors: FieldProblem[], values: Record<string, unknown>) => B | Promise<B>;
}

/**
 * The skeleton of a form post: clean the body, read it into the DTO's values, validate, call the service, then
 * redirect (or whatever onSuccess answers) — or show the form again with the problems and the typed values.
 */
export async function handleForm<T extends object, R, A, B>(form: FormHandling<T, R, A, B>): Promise<A | B> {
  const values = cleanFormBody(form.body);
  const reading = form.read ? form.read(values) : { dto: values };
  return submitForm(
    form.dto,
    reading.dto,
    {
      onValid: async (valid) => form.onSuccess(await form.run(valid), valid),
      onInvalid: (errors) => form.rerender(errors, values),
    },
    reading.errors,
  );
}
