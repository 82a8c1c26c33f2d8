import { dict, own } from './dict.js';

const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__'];

describe('dict and own', () => {
  it.each(PROTOTYPE_NAMES)('treats %s as a key like any other', (name) => {
    const map = dict<string>();
    expect(map[name]).toBeUndefined();
    map[name] = 'answer';
    expect(map[name]).toBe('answer');
    expect(Object.keys(map)).toEqual([name]);
    expect(JSON.parse(JSON.stringify(map))).toEqual(JSON.parse(`{"${name}":"answer"}`));
  });

  it.each(PROTOTYPE_NAMES)('sees no inherited %s in a plain object', (name) => {
    expect(own({}, name)).toBeUndefined();
    expect(own(JSON.parse(`{"${name}":"given"}`) as Record<string, string>, name)).toBe('given');
  });
});
