import { explainProblems } from './field-messages.js';
import { loadMessages, Translator } from '../i18n/i18n.js';

describe('explainProblems', () => {
  const translator = new Translator(loadMessages());
  const questions = [{ code: 'domains', label: '关注的产业领域', labelEn: 'Domains of interest' }];
  const explain = (locale: 'zh-CN' | 'en', problem: { field: string; reason: string; code?: string }, values = {}) =>
    explainProblems(translator, locale, [problem], { scope: 'attendee.errors', values, questions })[0].message;

  it.each([
    ['zh-CN', { field: 'category', reason: 'choose an attendee category' }, {}, '请选择参会类别。'],
    ['en', { field: 'category', reason: 'choose an attendee category' }, {}, 'Choose an attendee category.'],
    [
      'en',
      { field: 'category', reason: 'not a category of this event' },
      { category: 'x' },
      'Choose one of the attendee categories listed.',
    ],
    ['zh-CN', { field: 'name', reason: 'enter a name', code: 'isLength' }, {}, '请填写姓名。'],
    [
      'zh-CN',
      { field: 'email', reason: 'email must be an email address', code: 'isEmail' },
      { email: 'x' },
      '邮箱格式不正确，请填写形如 name@example.com 的地址。',
    ],
    [
      'en',
      { field: 'consent', reason: 'consent must be given (true)', code: 'equals' },
      {},
      'Tick the box to agree to how your personal information is processed.',
    ],
    ['zh-CN', { field: 'answers.domains', reason: 'an answer is required' }, {}, '请回答“关注的产业领域”。'],
    [
      'en',
      { field: 'answers.domains', reason: 'must be among the options' },
      {},
      'Choose among the options listed for "Domains of interest".',
    ],
  ] as const)('in %s: %j becomes a sentence', (locale, problem, values, expected) => {
    expect(explain(locale, problem, values)).toBe(expected);
  });

  it('leaves problems without a sentence of their own (and whole-form problems) as they came', () => {
    expect(
      explain('en', { field: 'nickname', reason: 'too long', code: 'isLength' }, { nickname: 'x' }),
    ).toBeUndefined();
    expect(explain('en', { field: '_form', reason: 'registration_closed' })).toBeUndefined();
    expect(explain('en', { field: 'answers.unknown', reason: 'not a question of this form' })).toBeUndefined();
  });
});
