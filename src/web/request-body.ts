import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CommonError, type FieldProblem } from '../common/domain-error.js';

/** An uploaded file as the multipart reader leaves it on the body. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
  /** More than the limit was sent: the data is cut short. */
  truncated: boolean;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return !!value && typeof value === 'object' && Buffer.isBuffer((value as UploadedFile).data);
}

export interface MultipartLimits {
  /** Largest file kept; a bigger one is cut short and flagged `truncated`, so the page can say so. */
  fileSize: number;
  files: number;
  fields: number;
  fieldSize: number;
  parts: number;
}

/** Deeper nesting than any form or API body needs; deeper bodies are refused before anything walks them. */
export const MAX_BODY_DEPTH = 16;

/**
 * What every request's input goes through before validation, for JSON, form and multipart bodies alike:
 *
 * - A multipart body is read here (fields become strings on the body, so the CSRF guard reads `_csrf` as from any
 *   form; the file becomes an `UploadedFile`). A body that is not readable as multipart — a multipart content type on
 *   anything else, no boundary, cut short, over the part limits — is the client's mistake: a 400 naming `body`,
 *   never the parser's error as a 500.
 * - Text must be text: a string (or key) holding a lone UTF-16 surrogate or a NUL character anywhere in the body, the
 *   query or the path is refused with a 400 naming the field. Such strings are no valid Unicode: validators choke on
 *   them, PostgreSQL refuses NUL in text, and no person types them.
 * - Bodies nested deeper than MAX_BODY_DEPTH are refused before validation walks them recursively.
 */
export function registerRequestBodyGuards(fastify: FastifyInstance, limits: MultipartLimits): void {
  fastify.addHook('preValidation', async (request: FastifyRequest) => {
    if (request.isMultipart()) request.body = await readMultipart(request, limits);
    const problem =
      textProblem(request.params, '') ?? textProblem(request.query, '') ?? textProblem(request.body, '', true);
    if (problem) throw new CommonError('validation_failed', {}, [problem]);
  });
}

async function readMultipart(request: FastifyRequest, limits: MultipartLimits): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  const keep = (name: string, value: unknown) => {
    if (name in Object.prototype) throw new Error(`a part may not be named ${name}`);
    const known = body[name];
    body[name] = known === undefined ? value : Array.isArray(known) ? [...(known as unknown[]), value] : [known, value];
  };
  try {
    for await (const part of request.parts({ limits })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        keep(part.fieldname, {
          filename: part.filename,
          mimetype: part.mimetype,
          data,
          truncated: part.file.truncated,
        } satisfies UploadedFile);
      } else {
        keep(part.fieldname, typeof part.value === 'string' ? part.value : String(part.value));
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable';
    throw new CommonError('validation_failed', {}, [
      { field: 'body', reason: `not a readable multipart/form-data body (${reason.slice(0, 100)})` },
    ]);
  }
  return body;
}

// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first string (or key) in a value that is not text, with its dotted path; iterative, so depth cannot overflow. */
function textProblem(value: unknown, root: string, limitDepth = false): FieldProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (NOT_TEXT.test(v))
        return {
          field: path || 'body',
          reason: v.includes('\u0000')
            ? 'must not contain a NUL character'
            : 'must be valid Unicode text (a lone surrogate)',
        };
      continue;
    }
    if (!v || typeof v !== 'object' || Buffer.isBuffer(v) || isUploadedFile(v)) continue;
    if (limitDepth && depth >= MAX_BODY_DEPTH)
      return { field: path || 'body', reason: `is nested more than ${MAX_BODY_DEPTH} levels deep` };
    for (const [key, child] of Object.entries(v)) {
      const childPath = path ? `${path}.${key}` : key;
      if (NOT_TEXT.test(key)) return { field: path || 'body', reason: 'has a property name that is not valid text' };
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}
