import Handlebars from 'handlebars';
import { compileNow } from './template-engine.js';

/** Counts how often an environment parses a template (Handlebars parses once per compile). */
function countingParses(): { hbs: typeof Handlebars; parses: () => number } {
  const hbs = Handlebars.create();
  let count = 0;
  const parse = hbs.parse.bind(hbs);
  hbs.parse = (...args: Parameters<typeof hbs.parse>) => {
    count++;
    return parse(...args);
  };
  return { hbs, parses: () => count };
}

describe('compileNow', () => {
  it('compiles at once: the first render parses nothing', () => {
    const { hbs, parses } = countingParses();
    const template = compileNow(hbs, '<p>{{name}}</p>{{#each items}}<i>{{this}}</i>{{/each}}');
    const before = parses();
    expect(before).toBe(1);
    expect(template({ name: '张三 & Co', items: [1, 2] })).toBe('<p>张三 &amp; Co</p><i>1</i><i>2</i>');
    expect(parses()).toBe(before);
  });

  it('where Handlebars alone compiles at the first render', () => {
    const { hbs, parses } = countingParses();
    const template = hbs.compile('<p>{{name}}</p>');
    expect(parses()).toBe(0);
    expect(template({ name: 'x' })).toBe('<p>x</p>');
    expect(parses()).toBe(1);
  });

  it('keeps the compile options (no escaping for plain-text parts)', () => {
    const { hbs } = countingParses();
    expect(compileNow(hbs, '{{name}}', { noEscape: true })({ name: 'A & B <c>' })).toBe('A & B <c>');
  });

  it('leaves a template whose empty render fails to fail at its real render, compiled', () => {
    const { hbs, parses } = countingParses();
    hbs.registerHelper('upper', (value: string) => value.toUpperCase());
    const template = compileNow(hbs, '{{upper name}}');
    expect(template({ name: 'duijie' })).toBe('DUIJIE');
    expect(parses()).toBe(1);
  });

  it('a template that does not parse fails when rendered, as before', () => {
    const { hbs } = countingParses();
    const template = compileNow(hbs, '{{#if}}');
    expect(() => template({})).toThrow(/if/);
  });
});
