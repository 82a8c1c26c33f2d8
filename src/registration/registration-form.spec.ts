import type { DomainError } from '../common/domain-error.js';
import {
  assertOpenForRegistration,
  checkAnswers,
  checkQuestion,
  chooseCategory,
  closedReason,
  registrationWindow,
  seatsLeft,
} from './registration-form.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const BEFORE = new Date('2026-11-01T00:00:00Z');
const AFTER = new Date('2026-12-20T00:00:00Z');
const event = { status: 'published' as const, endsAt: new Date('2026-12-10T09:00:00Z') };

/** The code and field problems of what `run` throws, or null when it does not throw. */
function failure(run: () => unknown): { code: string; fields: { field: string; reason: string }[] } | null {
  try {
    run();
    return null;
  } catch (error) {
    const e = error as DomainError;
    return { code: e.code, fields: e.fields.map(({ field, reason }) => ({ field, reason })) };
  }
}

describe('the registration window', () => {
  it.each([
    ['open with no dates until the event ends', { opensAt: null, closesAt: null }, NOW, 'open'],
    ['not yet before it opens', { opensAt: AFTER, closesAt: null }, NOW, 'not_yet'],
    ['closed after its closing date', { opensAt: null, closesAt: BEFORE }, NOW, 'closed'],
    ['closed with the event when it has no closing date', { opensAt: BEFORE, closesAt: null }, AFTER, 'closed'],
    ['open between its dates', { opensAt: BEFORE, closesAt: AFTER }, NOW, 'open'],
  ] as const)('is %s', (_, dates, now, expected) => {
    expect(registrationWindow(event, dates, now)).toBe(expected);
  });

  it.each([
    ['a draft event', { ...event, status: 'draft' as const }, [{ publicForm: true }], 'not_published'],
    ['a closed event', { ...event, status: 'closed' as const }, [{ publicForm: true }], 'closed'],
    ['an event with no public category', event, [{ publicForm: false }], 'no_categories'],
    ['an event with no category at all', event, [], 'no_categories'],
    ['a published event with a public category', event, [{ publicForm: false }, { publicForm: true }], null],
  ])('gives the reason the public form is closed for %s', (_, e, categories, expected) => {
    expect(closedReason(e, { opensAt: null, closesAt: null }, categories, NOW)).toBe(expected);
  });

  it('refuses public registrations outside the window with the matching code', () => {
    const dates = { opensAt: null, closesAt: null };
    expect(failure(() => assertOpenForRegistration({ ...event, status: 'draft' }, dates, NOW))?.code).toBe(
      'event_not_open',
    );
    expect(failure(() => assertOpenForRegistration(event, { opensAt: AFTER, closesAt: null }, NOW))?.code).toBe(
      'registration_not_open_yet',
    );
    expect(failure(() => assertOpenForRegistration(event, dates, AFTER))?.code).toBe('registration_closed');
    expect(failure(() => assertOpenForRegistration(event, dates, NOW))).toBeNull();
  });
});

describe('seats left in a category', () => {
  it.each([
    ['unlimited when neither is limited', null, 0, null, 0, null],
    ['the category’s own when the event is unlimited', 10, 4, null, 0, 6],
    ['the event’s when the category is unlimited', null, 4, 100, 97, 3],
    ['the smaller of the two', 10, 4, 100, 97, 3],
    ['never below zero', 5, 7, null, 0, 0],
  ])('is %s', (_, capacity, confirmed, overall, overallConfirmed, expected) => {
    expect(
      seatsLeft({ capacity, confirmedCount: confirmed }, { capacity: overall, confirmedCount: overallConfirmed }),
    ).toBe(expected);
  });
});

describe('choosing the category', () => {
  const guests = { code: 'guest', publicForm: false };
  const enterprise = { code: 'enterprise', publicForm: true };
  const media = { code: 'media', publicForm: true };

  it('takes the category named by its code', () => {
    expect(chooseCategory([guests, enterprise, media], 'media', { publicOnly: true })).toBe(media);
  });

  it('preselects the only category the form offers when none is named', () => {
    expect(chooseCategory([guests, enterprise], undefined, { publicOnly: true })).toBe(enterprise);
  });

  it('lets an import use an invite-only category, and refuses it to the public as unknown', () => {
    expect(chooseCategory([guests, enterprise], 'guest', { publicOnly: false })).toBe(guests);
    expect(failure(() => chooseCategory([guests, enterprise], 'guest', { publicOnly: true }))).toEqual({
      code: 'category_not_found',
      fields: [{ field: 'category', reason: 'not a category of this event' }],
    });
  });

  it('asks to choose among several, and calls a form with none closed rather than blaming a field', () => {
    expect(failure(() => chooseCategory([enterprise, media], undefined, { publicOnly: true }))).toEqual({
      code: 'category_not_found',
      fields: [{ field: 'category', reason: 'choose an attendee category' }],
    });
    expect(failure(() => chooseCategory([guests], undefined, { publicOnly: true }))).toEqual({
      code: 'no_categories',
      fields: [],
    });
  });
});

describe('questions and answers', () => {
  const questions = [
    { code: 'domains', kind: 'multiple' as const, required: true, options: opts('ai', 'materials', 'energy') },
    { code: 'negotiation', kind: 'single' as const, required: false, options: opts('yes', 'no') },
    { code: 'note', kind: 'text' as const, required: false, options: null },
  ];

  it('keeps valid answers, trimmed and without repeated choices', () => {
    expect(checkAnswers(questions, { domains: ['ai', 'ai', 'energy'], negotiation: 'yes', note: ' 你好 ' })).toEqual({
      domains: ['ai', 'energy'],
      negotiation: 'yes',
      note: '你好',
    });
    expect(checkAnswers(questions, { domains: 'materials', negotiation: '' })).toEqual({ domains: ['materials'] });
  });

  it('names every problem at once: missing, not an option, unknown question, too long', () => {
    expect(
      failure(() => checkAnswers(questions, { negotiation: 'maybe', note: 'x'.repeat(2001), colour: 'red' })),
    ).toEqual({
      code: 'invalid_answers',
      fields: [
        { field: 'answers.colour', reason: 'not a question of this form' },
        { field: 'answers.domains', reason: 'an answer is required' },
        { field: 'answers.negotiation', reason: 'must be one of the options' },
        { field: 'answers.note', reason: 'must be text of at most 2000 characters' },
      ],
    });
    expect(failure(() => checkAnswers(questions, { domains: ['ai', 'space'] }))?.fields).toEqual([
      { field: 'answers.domains', reason: 'must be among the options' },
    ]);
  });

  it('asks a choice question for two distinct options or more', () => {
    expect(failure(() => checkQuestion({ kind: 'single', options: opts('yes') }))?.fields).toEqual([
      { field: 'options', reason: 'a choice question needs at least two options' },
    ]);
    expect(failure(() => checkQuestion({ kind: 'multiple', options: opts('a', 'a') }))?.fields).toEqual([
      { field: 'options', reason: 'option values must be unique' },
    ]);
    expect(failure(() => checkQuestion({ kind: 'text' }))).toBeNull();
  });
});

function opts(...values: string[]) {
  return values.map((value) => ({ value, label: value }));
}

describe('answers keyed by codes that are Object.prototype names', () => {
  const names = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];

  it.each(names)('takes no inherited %s for an answer, and keeps a given one as an own key', (code) => {
    const questions = [{ code, kind: 'text' as const, options: null, required: false }];
    expect(Object.keys(checkAnswers(questions, {}))).toEqual([]);
    const required = [{ ...questions[0], required: true }];
    expect(() => checkAnswers(required, {})).toThrow();
    const given = checkAnswers(questions, JSON.parse(`{"${code}":" 回答 "}`) as Record<string, string>);
    expect(Object.keys(given)).toEqual([code]);
    expect(given[code]).toBe('回答');
  });
});
