import { IsInt, Length, Min } from 'class-validator';
import { CommonError, DomainError, type FieldProblem } from '../common/domain-error.js';
import { handleForm } from './forms.js';

class SeatsDto {
  @Length(1, 10, { message: 'name must be 1 to 10 characters' })
  name!: string;

  @IsInt({ message: 'seats must be a whole number' })
  @Min(1, { message: 'seats must be at least 1' })
  seats!: number;
}

/** Runs handleForm with a recording service call; answers what happened. */
async function post(
  body: Record<string, unknown>,
  options: {
    read?: (values: Record<string, unknown>) => { dto: Record<string, unknown>; errors?: FieldProblem[] };
    fail?: Error;
  } = {},
) {
  const calls: SeatsDto[] = [];
  const outcome = await handleForm({
    dto: SeatsDto,
    body,
    read: options.read ?? ((values) => ({ dto: { ...values, seats: Number(values.seats) } })),
    run: async (valid) => {
      calls.push(valid);
      if (options.fail) throw options.fail;
      return { id: 7 };
    },
    onSuccess: (saved, valid) => ({ redirect: `/things/${saved.id}`, name: valid.name }),
    rerender: (errors, values) => ({ errors, values }),
  });
  return { outcome, calls };
}

describe('handleForm', () => {
  it('cleans the body, validates the read values, calls the service once and answers onSuccess', async () => {
    const { outcome, calls } = await post({ _csrf: 't', name: '  A厅 ', seats: '40' });
    expect(outcome).toEqual({ redirect: '/things/7', name: 'A厅' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeInstanceOf(SeatsDto);
    expect({ ...calls[0] }).toEqual({ name: 'A厅', seats: 40 });
  });

  it('re-renders with the DTO’s problems and the values as typed (trimmed, empty ones left out), without calling', async () => {
    const { outcome, calls } = await post({ _csrf: 't', name: '', seats: ' 0 ' });
    expect(outcome).toEqual({
      errors: [
        { field: 'name', reason: 'name must be 1 to 10 characters', code: 'isLength' },
        { field: 'seats', reason: 'seats must be at least 1', code: 'min' },
      ],
      values: { seats: '0' },
    });
    expect(calls).toEqual([]);
  });

  it('shows the problems found while reading first, and the DTO’s only for the other fields', async () => {
    const { outcome, calls } = await post(
      { name: 'x'.repeat(11), seats: 'many' },
      { read: (values) => ({ dto: values, errors: [{ field: 'seats', reason: 'give a number of seats' }] }) },
    );
    expect(outcome).toEqual({
      errors: [
        { field: 'seats', reason: 'give a number of seats' },
        { field: 'name', reason: 'name must be 1 to 10 characters', code: 'isLength' },
      ],
      values: { name: 'x'.repeat(11), seats: 'many' },
    });
    expect(calls).toEqual([]);
  });

  it('re-renders when a problem found while reading is the only one', async () => {
    const { outcome } = await post(
      { name: 'A', seats: '3' },
      {
        read: (values) => ({ dto: { ...values, seats: 3 }, errors: [{ field: 'day', reason: 'a date is required' }] }),
      },
    );
    expect(outcome).toEqual({
      errors: [{ field: 'day', reason: 'a date is required' }],
      values: { name: 'A', seats: '3' },
    });
  });

  it.each<[string, DomainError, FieldProblem[]]>([
    [
      'names fields',
      new CommonError('validation_failed', {}, [{ field: 'name', reason: 'taken' }]),
      [{ field: 'name', reason: 'taken' }],
    ],
    ['is a conflict without fields', new CommonError('conflict'), [{ field: '_form', reason: 'conflict' }]],
  ])('re-renders when the service’s domain error %s', async (_, error, errors) => {
    const { outcome } = await post({ name: 'A', seats: '3' }, { fail: error });
    expect(outcome).toEqual({ errors, values: { name: 'A', seats: '3' } });
  });

  it('lets any other error through (the error filter answers it)', async () => {
    await expect(post({ name: 'A', seats: '3' }, { fail: new CommonError('not_found') })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(post({ name: 'A', seats: '3' }, { fail: new Error('disk full') })).rejects.toThrow('disk full');
  });
});
