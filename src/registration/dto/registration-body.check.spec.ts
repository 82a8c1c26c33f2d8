import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isValidRegistrationBody } from './registration-body.check.js';
import { CreateRegistrationDto } from './registration.dto.js';

const VALID = {
  name: '王敏',
  email: 'wang.min@example.cn',
  organisation: '重庆武瓴智行科技有限公司',
  consent: true,
};

/** What the global ValidationPipe (whitelist, forbidNonWhitelisted) thinks of a body: true when it has no error. */
function dtoAccepts(body: Record<string, unknown>): boolean {
  const instance = plainToInstance(CreateRegistrationDto, body);
  return validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }).length === 0;
}

const quickAccepts = (body: Record<string, unknown>) =>
  isValidRegistrationBody(plainToInstance(CreateRegistrationDto, body));

describe('the quick check of a registration body', () => {
  it.each<[string, Record<string, unknown>]>([
    ['the required fields', VALID],
    [
      'every field',
      {
        ...VALID,
        phone: '+86 138 0000 0000',
        title: '总经理',
        category: 'enterprise',
        answers: { industries: ['aerospace'], offer: '磁流变减震器' },
        locale: 'en',
      },
    ],
    ['null optional fields', { ...VALID, phone: null, title: null, category: null, answers: null, locale: null }],
    ['a name of 100 characters', { ...VALID, name: 'x'.repeat(100) }],
    ['a name of 100 astral characters', { ...VALID, name: '𠀀'.repeat(100) }],
  ])('accepts what the DTO accepts: %s', (_, body) => {
    expect(dtoAccepts(body)).toBe(true);
    expect(quickAccepts(body)).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no name', { ...VALID, name: undefined }],
    ['an empty name', { ...VALID, name: '' }],
    ['a null name', { ...VALID, name: null }],
    ['a name of 101 characters', { ...VALID, name: 'x'.repeat(101) }],
    ['a name with a line break', { ...VALID, name: '王\n敏' }],
    ['a name with a tab', { ...VALID, name: '王\t敏' }],
    ['a name with U+2028', { ...VALID, name: '王\u2028敏' }],
    ['a number for the name', { ...VALID, name: 7 }],
    ['an array for the name', { ...VALID, name: ['王敏'] }],
    ['an email without @', { ...VALID, email: 'wang.example.cn' }],
    ['an email with a line break', { ...VALID, email: 'wang@example.cn\r\nBcc: x@y.z' }],
    ['an email too long', { ...VALID, email: `${'a'.repeat(250)}@example.cn` }],
    ['a null email', { ...VALID, email: null }],
    ['a phone with letters', { ...VALID, phone: '138-CALL-NOW' }],
    ['a phone too short', { ...VALID, phone: '123' }],
    ['a phone as a number', { ...VALID, phone: 13800000000 }],
    ['no organisation', { ...VALID, organisation: undefined }],
    ['an organisation of 201 characters', { ...VALID, organisation: 'x'.repeat(201) }],
    ['an empty title', { ...VALID, title: '' }],
    ['a title with a control character', { ...VALID, title: 'CEO\u0007' }],
    ['a category of 41 characters', { ...VALID, category: 'c'.repeat(41) }],
    ['an array for the answers', { ...VALID, answers: ['a'] }],
    ['a string for the answers', { ...VALID, answers: 'a' }],
    ['an unknown locale', { ...VALID, locale: 'fr' }],
    ['consent as text', { ...VALID, consent: 'true' }],
    ['consent refused', { ...VALID, consent: false }],
    ['no consent', { ...VALID, consent: undefined }],
    ['an unknown property', { ...VALID, admin: true }],
    ['an unknown property left undefined', { ...VALID, status: undefined }],
  ])('refuses what the DTO refuses: %s', (_, body) => {
    expect(dtoAccepts(body)).toBe(false);
    expect(quickAccepts(body)).toBe(false);
  });

  it('never accepts a body the DTO refuses, over generated bodies', () => {
    const values: unknown[] = [
      undefined,
      null,
      '',
      'a',
      '王敏',
      'x'.repeat(41),
      'x'.repeat(101),
      'a@b.cn',
      'wang.min@example.cn',
      '+86 138 0000 0000',
      'en',
      'zh-CN',
      'a\nb',
      0,
      1,
      true,
      false,
      [],
      {},
    ];
    const fields = ['name', 'email', 'phone', 'organisation', 'title', 'category', 'answers', 'locale', 'consent'];
    let agreed = 0;
    for (const field of fields) {
      for (const value of values) {
        const body = { ...VALID, [field]: value };
        const quick = quickAccepts(body);
        if (quick) expect([field, value, dtoAccepts(body)]).toEqual([field, value, true]);
        if (quick === dtoAccepts(body)) agreed += 1;
      }
    }
    // The check is meant to be exact, not merely cautious: every generated body gets the DTO's verdict.
    expect(agreed).toBe(fields.length * values.length);
  });
});
