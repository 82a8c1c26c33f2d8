import type { FieldProblem } from '../common/domain-error.js';
import type { Locale, Translator } from '../i18n/i18n.js';

/** A field problem with the sentence a person reads. */
export type ExplainedProblem = FieldProblem & { message?: string };

export interface FieldMessageContext {
  /** Where the form's sentences live: `<scope>.<field>.<rule>`, then `<scope>.<field>.invalid`. */
  scope: string;
  /** What was submitted: a field left empty gets its `required` sentence. */
  values: Record<string, unknown>;
  /** The form's custom questions, for sentences that name them as the form labels them. */
  questions?: { code: string; label: string; labelEn: string | null }[];
}

/** Answer problems (registration.service checkAnswers) by their reason. */
const ANSWER_RULES: Record<string, string> = {
  'an answer is required': 'required',
  'must be one of the options': 'choice',
  'must be among the options': 'choices',
  'must be text of at most 2000 characters': 'tooLong',
};

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Turns `{field, reason}` problems into sentences in the reader's language that name the field as the form labels
 * it ("请选择参会类别", "Enter your email address"). Problems without a sentence of their own keep their reason and
 * are shown by rule as before.
 */
export function explainProblems(
  translator: Translator,
  locale: Locale,
  problems: FieldProblem[],
  context: FieldMessageContext,
): ExplainedProblem[] {
  const sentence = (keys: string[], params: Record<string, unknown> = {}) => {
    const key = keys.find((k) => translator.has(locale, k));
    return key ? translator.t(locale, key, params) : undefined;
  };
  return problems.map((problem): ExplainedProblem => {
    if (problem.field === '_form') return problem;
    const answer = /^answers\.(.+)$/.exec(problem.field);
    if (answer) {
      const question = context.questions?.find((q) => q.code === answer[1]);
      if (!question) return problem;
      const label = locale === 'en' && question.labelEn ? question.labelEn : question.label;
      const rule = ANSWER_RULES[problem.reason] ?? 'invalid';
      const message = sentence([`${context.scope}.answers.${rule}`, `${context.scope}.answers.invalid`], { label });
      return message ? { ...problem, message } : problem;
    }
    const rule = isEmpty(context.values[problem.field]) ? 'required' : (problem.code ?? 'invalid');
    const message = sentence([
      `${context.scope}.${problem.field}.${rule}`,
      `${context.scope}.${problem.field}.invalid`,
    ]);
    return message ? { ...problem, message } : problem;
  });
}
