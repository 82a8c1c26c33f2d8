import { publishWarnings, readiness, registrationWindow, type ReadinessFacts } from './readiness.js';

const ready: ReadinessFacts = {
  status: 'published',
  venueCount: 1,
  description: '成果发布、项目路演与供需对接。',
  publicCategoryCount: 2,
  registrationWindow: 'open',
};

describe('readiness', () => {
  it('is ready when every need is met', () => {
    expect(readiness(ready)).toEqual({ ready: true, missing: [] });
  });

  it('lists everything a new draft still needs, in set-up order', () => {
    const draft: ReadinessFacts = {
      status: 'draft',
      venueCount: 0,
      description: null,
      publicCategoryCount: 0,
      registrationWindow: 'open',
    };
    expect(readiness(draft)).toEqual({
      ready: false,
      missing: ['venue', 'description', 'category', 'published'],
    });
  });

  it('counts a blank description as none and a closed or future window as not open', () => {
    expect(readiness({ ...ready, description: '  \n' }).missing).toEqual(['description']);
    expect(readiness({ ...ready, registrationWindow: 'not_yet' }).missing).toEqual(['registration_open']);
    expect(readiness({ ...ready, registrationWindow: 'closed', status: 'closed' }).missing).toEqual([
      'registration_open',
      'published',
    ]);
  });
});

describe('publishWarnings', () => {
  it('warns of a missing venue, description and, while registration is open, category', () => {
    const bare = { ...ready, status: 'draft' as const, venueCount: 0, description: null, publicCategoryCount: 0 };
    expect(publishWarnings(bare)).toEqual(['venue', 'description', 'category']);
    expect(publishWarnings({ ...bare, registrationWindow: 'closed' })).toEqual(['venue', 'description']);
    expect(publishWarnings({ ...ready, status: 'draft' })).toEqual([]);
  });
});

describe('registrationWindow', () => {
  const endsAt = new Date('2026-12-06T09:30:00Z');
  const now = new Date('2026-12-01T00:00:00Z');

  it('is open at once and until the event ends when nothing is set', () => {
    expect(registrationWindow(null, endsAt, now)).toBe('open');
    expect(registrationWindow(null, endsAt, new Date('2026-12-06T09:30:01Z'))).toBe('closed');
  });

  it('follows the set opening and closing times', () => {
    const opensAt = new Date('2026-12-02T00:00:00Z');
    const closesAt = new Date('2026-12-04T00:00:00Z');
    expect(registrationWindow({ opensAt, closesAt }, endsAt, now)).toBe('not_yet');
    expect(registrationWindow({ opensAt, closesAt }, endsAt, new Date('2026-12-03T00:00:00Z'))).toBe('open');
    expect(registrationWindow({ opensAt, closesAt }, endsAt, new Date('2026-12-05T00:00:00Z'))).toBe('closed');
  });
});
