import type { ArgumentMetadata } from '@nestjs/common';
import { CreateRegistrationDto } from '../registration/dto/registration.dto.js';
// Registers the registration body's quick check with the pipe.
import '../registration/dto/registration-body.check.js';
import { CommonError, type DomainError } from './domain-error.js';
import { createValidationPipe } from './validation.js';

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype, data: '' });

const VALID = {
  name: '王敏',
  email: 'wang.min@example.cn',
  organisation: '重庆武瓴智行科技有限公司',
  answers: { industries: ['aerospace'], offer: '磁流变减震器' },
  locale: 'zh-CN',
  consent: true,
};

describe('the global validation pipe with a quick check', () => {
  const pipe = createValidationPipe();

  it('gives a body the check accepts as an instance of its DTO holding the very values (no copy)', async () => {
    const plain = JSON.parse(JSON.stringify(VALID)) as typeof VALID;
    const dto = (await pipe.transform(plain, body(CreateRegistrationDto))) as CreateRegistrationDto;
    expect(dto).toBeInstanceOf(CreateRegistrationDto);
    expect({ ...dto }).toEqual(VALID);
    // class-transformer would have copied the answers: the quick path hands them on as parsed.
    expect(dto.answers).toBe(plain.answers);
  });

  it('sends a body the check refuses through class-validator, which names every bad field', async () => {
    const error = await pipe
      .transform({ ...VALID, email: 'not-an-email', consent: false }, body(CreateRegistrationDto))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommonError);
    const fields = (error as DomainError).fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'consent']));
  });

  it('refuses an unknown property, as class-validator does', async () => {
    const error = await pipe
      .transform({ ...VALID, status: 'confirmed' }, body(CreateRegistrationDto))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommonError);
    expect((error as DomainError).fields.map((f) => f.field)).toContain('status');
  });

  it('strips prototype keys before the check, as the usual way does', async () => {
    const plain = JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(VALID).slice(1)}`) as object;
    const dto = (await pipe.transform(plain, body(CreateRegistrationDto))) as Record<string, unknown>;
    expect(Object.keys(dto)).not.toContain('__proto__');
    expect(dto.admin).toBeUndefined();
    expect(dto).toBeInstanceOf(CreateRegistrationDto);
  });
});
