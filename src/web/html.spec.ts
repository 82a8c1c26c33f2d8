import { safeLocalPath } from './html.js';

describe('safeLocalPath', () => {
  it.each([
    ['/console', '/console'],
    ['/console/events/3?tab=mail#top', '/console/events/3?tab=mail#top'],
    ['/console/events/../team', '/console/team'],
    ['/events/成都', '/events/%E6%88%90%E9%83%BD'],
    ['/a b', '/a%20b'],
  ])('keeps the path %j on this host as %j', (candidate, expected) => {
    expect(safeLocalPath(candidate, '/home')).toBe(expected);
  });

  it.each([
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\r\n/evil.example'],
    ['/x\u0000'],
    ['/x\u007f'],
    ['//evil.example'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/..//evil.example'],
    ['/./..//evil.example/x'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['evil.example'],
    [''],
    [`/${'a'.repeat(2001)}`],
    [42],
    [undefined],
  ])('refuses %j', (candidate) => {
    expect(safeLocalPath(candidate, '/home')).toBe('/home');
  });
});
