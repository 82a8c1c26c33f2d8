import { applyDecorators, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { CommonError } from './domain-error.js';

/** Ids are 32-bit serials on both databases: anything else is a 400, never a database overflow. */
export const MAX_ID = 2_147_483_647;

@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
      throw new CommonError('validation_failed', {}, [
        { field: metadata.data ?? 'id', reason: 'must be a positive whole number (an id)' },
      ]);
    }
    return id;
  }
}

/** DTO property holding an id. */
export const IsId = () => applyDecorators(IsInt(), Min(1), Max(MAX_ID));
