import { shortTitleOf } from './event-title.js';

describe('shortTitleOf', () => {
  const full = {
    title: '2023年先进技术成果交易大会',
    titleEn: '2023 Advanced Technology Achievement Trading Fair',
    shortTitle: '2023先进技术成果交易大会',
    shortTitleEn: '2023 Advanced Tech Trading Fair',
  };

  it.each([
    ['zh-CN', full, '2023先进技术成果交易大会'],
    ['en', full, '2023 Advanced Tech Trading Fair'],
    ['zh-CN', { ...full, shortTitle: null }, '2023年先进技术成果交易大会'],
    ['en', { ...full, shortTitleEn: null }, '2023 Advanced Technology Achievement Trading Fair'],
    ['en', { title: '成都活动', shortTitle: '成都' }, '成都'],
    ['en', { title: '成都活动' }, '成都活动'],
  ] as const)('in %s picks the right title (%#)', (locale, event, expected) => {
    expect(shortTitleOf(event, locale)).toBe(expected);
  });
});
