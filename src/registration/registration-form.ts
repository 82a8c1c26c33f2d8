import type { FieldProblem } from '../common/domain-error.js';
import type { Event } from '../events/event.entity.js';
import type { AttendeeCategory } from './attendee-category.entity.js';
import type { RegistrationQuestion } from './registration-question.entity.js';
import type { RegistrationSettings } from './registration-settings.entity.js';
import type { Answers } from './registration.entity.js';
import { RegistrationError } from './registration.errors.js';
import { dict, own } from '../common/dict.js';

/*
 * The registration form and its answers, as plain functions: whether the form is open and why not, which category
 * a registration means, how many seats a category shows, whether answers fit the questions. No database here:
 * `RegistrationsService` loads the rows and asks.
 */

export const DEFAULT_CONSENT =
  '我同意主办方为本次活动的报名、签到、对接与后续联络收集和处理我的个人信息（姓名、联系方式、单位与职务），并依法保护。';
export const DEFAULT_CONSENT_EN =
  'I agree that the organisers collect and process my personal information (name, contact details, organisation and title) for registration, check-in, matchmaking and follow-up of this event, and protect it as the law requires.';

/** Why nobody can register at the moment (null: the form is open). */
export type RegistrationClosedReason = 'not_published' | 'not_yet' | 'closed' | 'no_categories';

export type RegistrationWindow = 'open' | 'not_yet' | 'closed';

export interface RegistrationForm {
  event: Event;
  settings: RegistrationSettings;
  /** Whether a person can register on the public form now: published, within its dates, with a public category. */
  open: boolean;
  state: RegistrationWindow;
  reason: RegistrationClosedReason | null;
  categories: (AttendeeCategory & { seatsLeft: number | null })[];
  questions: RegistrationQuestion[];
}

type EventState = Pick<Event, 'status' | 'endsAt'>;
type FormDates = Pick<RegistrationSettings, 'opensAt' | 'closesAt'>;
type Seats = Pick<RegistrationSettings, 'capacity' | 'confirmedCount'>;

/** Where `now` falls against the form's dates; the form closes with the event when it has no closing date. */
export function registrationWindow(event: Pick<Event, 'endsAt'>, settings: FormDates, now: Date): RegistrationWindow {
  if (settings.opensAt && settings.opensAt > now) return 'not_yet';
  if (now > (settings.closesAt ?? event.endsAt)) return 'closed';
  return 'open';
}

/** Why the public form is closed, or null when a person can register now. */
export function closedReason(
  event: EventState,
  settings: FormDates,
  categories: Pick<AttendeeCategory, 'publicForm'>[],
  now: Date,
): RegistrationClosedReason | null {
  if (event.status === 'draft') return 'not_published';
  if (event.status === 'closed') return 'closed';
  const window = registrationWindow(event, settings, now);
  if (window !== 'open') return window;
  return categories.some((c) => c.publicForm) ? null : 'no_categories';
}

/**
 * The error a public registration gets when the form is not open (an organiser's import is not held to the
 * dates). Categories are checked separately: see `chooseCategory`.
 */
export function assertOpenForRegistration(event: EventState, settings: FormDates, now: Date): void {
  if (event.status !== 'published') throw new RegistrationError('event_not_open');
  const window = registrationWindow(event, settings, now);
  if (window === 'not_yet') throw new RegistrationError('registration_not_open_yet');
  if (window === 'closed') throw new RegistrationError('registration_closed');
}

/** Seats a category can still give: the smaller of its own and the event's; null when neither is limited. */
export function seatsLeft(category: Pick<AttendeeCategory, 'capacity' | 'confirmedCount'>, settings: Seats) {
  const overall = settings.capacity === null ? null : Math.max(0, settings.capacity - settings.confirmedCount);
  const own = category.capacity === null ? null : Math.max(0, category.capacity - category.confirmedCount);
  if (own === null) return overall;
  return overall === null ? own : Math.min(own, overall);
}

/**
 * The category a registration asks for, among the event's categories (in form order). Without a code, the event's
 * only category is meant (the form preselects it); an event whose form offers no category at all cannot be
 * registered for, which is a closed form, not a problem with a field the person never saw.
 */
export function chooseCategory<C extends Pick<AttendeeCategory, 'code' | 'publicForm'>>(
  categories: C[],
  code: string | undefined,
  options: { publicOnly: boolean },
): C {
  const offered = options.publicOnly ? categories.filter((c) => c.publicForm) : categories;
  if (code !== undefined) {
    const category = offered.find((c) => c.code === code);
    if (!category) throw unknownCategory();
    return category;
  }
  if (offered.length === 1) return offered[0];
  if (offered.length === 0) throw new RegistrationError('no_categories');
  throw new RegistrationError('category_not_found', {}, [{ field: 'category', reason: 'choose an attendee category' }]);
}

export function unknownCategory() {
  return new RegistrationError('category_not_found', {}, [
    { field: 'category', reason: 'not a category of this event' },
  ]);
}

/** A question's options must make sense: a choice needs two options or more, all distinct. */
export function checkQuestion(dto: { kind?: string; options?: { value: string }[] }): void {
  if (dto.kind !== 'text' && (!dto.options || dto.options.length < 2)) {
    throw new RegistrationError('invalid_answers', {}, [
      { field: 'options', reason: 'a choice question needs at least two options' },
    ]);
  }
  const values = (dto.options ?? []).map((o) => o.value);
  if (new Set(values).size !== values.length) {
    throw new RegistrationError('invalid_answers', {}, [{ field: 'options', reason: 'option values must be unique' }]);
  }
}

/** Checks answers against the questions: required ones present, choices among the options, no unknown keys. */
export function checkAnswers(
  questions: Pick<RegistrationQuestion, 'code' | 'kind' | 'options' | 'required'>[],
  answers: Answers,
): Answers {
  const problems: FieldProblem[] = [];
  const clean: Answers = dict();
  for (const key of Object.keys(answers)) {
    if (!questions.some((q) => q.code === key))
      problems.push({ field: `answers.${key}`, reason: 'not a question of this form' });
  }
  for (const question of questions) {
    const field = `answers.${question.code}`;
    const raw = own(answers, question.code);
    const empty = raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (question.required) problems.push({ field, reason: 'an answer is required' });
      continue;
    }
    const allowed = new Set((question.options ?? []).map((o) => o.value));
    switch (question.kind) {
      case 'text':
        if (typeof raw !== 'string' || raw.length > 2000)
          problems.push({ field, reason: 'must be text of at most 2000 characters' });
        else clean[question.code] = raw.trim();
        break;
      case 'single':
        if (typeof raw !== 'string' || !allowed.has(raw))
          problems.push({ field, reason: 'must be one of the options' });
        else clean[question.code] = raw;
        break;
      case 'multiple': {
        const list = Array.isArray(raw) ? raw : [raw];
        if (!list.every((v) => typeof v === 'string' && allowed.has(v)))
          problems.push({ field, reason: 'must be among the options' });
        else clean[question.code] = [...new Set(list)];
        break;
      }
    }
  }
  if (problems.length) throw new RegistrationError('invalid_answers', {}, problems);
  return clean;
}
