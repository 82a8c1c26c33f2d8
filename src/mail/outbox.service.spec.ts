import { newMessageId } from './outbox.service.js';

describe('newMessageId', () => {
  it('is a valid Message-ID of the host, unique, and later ids sort after earlier ones', async () => {
    const first = newMessageId('duijie.example.cn');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = Array.from({ length: 1000 }, () => newMessageId('duijie.example.cn'));
    for (const id of [first, ...later]) expect(id).toMatch(/^<[0-9a-z]{9}-[0-9a-f-]{36}@duijie\.example\.cn>$/);
    expect(new Set(later).size).toBe(1000);
    expect(later.every((id) => id > first)).toBe(true);
  });
});
