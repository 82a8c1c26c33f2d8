import {
  bookTitle,
  buildRunSheet,
  chineseNumber,
  closingLine,
  openingLine,
  seatPlan,
  signingLine,
  signingTimes,
  type SheetAgreement,
} from './run-sheet.js';

const CENTRE = '先进技术成果西部转化中心';
const agreement = (over: Partial<SheetAgreement> & Pick<SheetAgreement, 'id' | 'title'>): SheetAgreement => ({
  kind: 'project',
  status: 'confirmed',
  minutes: null,
  parties: [],
  witnesses: [],
  facilitator: null,
  landing: null,
  ...over,
});

describe('Chinese numbers for the emcee', () => {
  it.each([
    [1, '一'],
    [3, '三'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [45, '四十五'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
    [999, '九百九十九'],
    [1000, '1000'],
  ])('%i is %s', (n, text) => expect(chineseNumber(n)).toBe(text));
});

describe('the emcee’s lines', () => {
  it('introduces a signing with its number, title, signatories and witnesses', () => {
    const line = signingLine(
      3,
      agreement({
        id: 1,
        title: '安徽磐石基业产业投资有限公司与德阳凯州新城管理委员会合作项目协议',
        parties: [
          { organisation: '安徽磐石基业产业投资有限公司', signatory: '王强', signatoryTitle: '总经理', side: 'left' },
          { organisation: '德阳凯州新城管理委员会', signatory: null, signatoryTitle: '主任', side: 'right' },
        ],
        witnesses: [
          { name: '李明', title: '主任', organisation: '四川省同城化办公室' },
          { name: '赵华', title: null, organisation: null },
        ],
        facilitator: CENTRE,
      }),
    );
    expect(line).toBe(
      '下面进行第三项签约：《安徽磐石基业产业投资有限公司与德阳凯州新城管理委员会合作项目协议》（由先进技术成果西部转化中心助推）。' +
        '有请安徽磐石基业产业投资有限公司总经理王强、德阳凯州新城管理委员会主任上台签约，有请四川省同城化办公室主任李明、赵华见证。',
    );
  });

  it('names a party without a signatory as its representative, and leaves out witnesses when there are none', () => {
    expect(
      signingLine(
        5,
        agreement({
          id: 5,
          title: '《磁流变减震器商业航天配套项目协议》',
          parties: [{ organisation: '重庆武瓴智行科技有限公司', signatory: null, signatoryTitle: null, side: 'left' }],
          facilitator: CENTRE,
          landing: '四川省资阳市',
        }),
      ),
    ).toBe(
      '下面进行第五项签约：《磁流变减震器商业航天配套项目协议》（由先进技术成果西部转化中心助推，项目落地四川省资阳市）。' +
        '有请重庆武瓴智行科技有限公司代表上台签约。',
    );
  });

  it('puts a title in book-title marks once', () => {
    expect(bookTitle('战略合作协议')).toBe('《战略合作协议》');
    expect(bookTitle(' 《战略合作协议》 ')).toBe('《战略合作协议》');
  });

  it('opens with the number of signings by kind and closes with the photo', () => {
    const kinds = [{ kind: 'strategic' }, { kind: 'strategic' }, { kind: 'project' }] as const;
    expect(openingLine('多方签约仪式', kinds)).toBe(
      '尊敬的各位领导、各位来宾：下面举行多方签约仪式。本次仪式共有3项签约，其中战略合作协议2项、项目合作协议1项。',
    );
    expect(openingLine('签约仪式', [{ kind: 'order' }])).toBe(
      '尊敬的各位领导、各位来宾：下面举行签约仪式。本次仪式共有1项签约，均为订货协议。',
    );
    expect(closingLine(6)).toBe(
      '请全体签约代表和见证嘉宾上台合影留念。签约仪式到此结束，感谢各位！祝愿各方合作顺利，项目早日落地见效。',
    );
  });
});

describe('order, times and seats', () => {
  it('plans each signing after the opening, one after another', () => {
    const start = new Date('2027-05-20T01:15:00Z');
    expect(signingTimes(start, 3, [5, 4, 5]).map((t) => [t.startsAt.toISOString(), t.endsAt.toISOString()])).toEqual([
      ['2027-05-20T01:18:00.000Z', '2027-05-20T01:23:00.000Z'],
      ['2027-05-20T01:23:00.000Z', '2027-05-20T01:27:00.000Z'],
      ['2027-05-20T01:27:00.000Z', '2027-05-20T01:32:00.000Z'],
    ]);
  });

  it('seats each side in the parties’ order', () => {
    const plan = seatPlan([
      { organisation: 'A', signatory: '甲', signatoryTitle: null, side: 'left' },
      { organisation: 'B', signatory: null, signatoryTitle: null, side: 'right' },
      { organisation: 'C', signatory: '丙', signatoryTitle: '董事长', side: 'left' },
    ]);
    expect(plan.left.map((s) => [s.seat, s.organisation])).toEqual([
      ['左1', 'A'],
      ['左2', 'C'],
    ]);
    expect(plan.right.map((s) => [s.seat, s.organisation])).toEqual([['右1', 'B']]);
  });

  it('numbers the signings without the withdrawn one, uses each one’s own minutes and reports an overrun', () => {
    const two = [
      { organisation: 'A', signatory: null, signatoryTitle: null, side: 'left' as const },
      { organisation: 'B', signatory: null, signatoryTitle: null, side: 'right' as const },
    ];
    const sheet = buildRunSheet(
      {
        title: '签约仪式',
        startsAt: new Date('2027-05-20T01:15:00Z'),
        endsAt: new Date('2027-05-20T01:30:00Z'),
        openingMinutes: 2,
        minutesPerSigning: 5,
      },
      [
        agreement({ id: 1, title: '甲', parties: two }),
        agreement({ id: 2, title: '乙', status: 'withdrawn', parties: two }),
        agreement({ id: 3, title: '丙', minutes: 10, parties: two }),
      ],
    );
    expect(sheet.items.map((i) => [i.number, i.agreement.id, i.minutes, i.startsAt.toISOString()])).toEqual([
      [1, 1, 5, '2027-05-20T01:17:00.000Z'],
      [2, 3, 10, '2027-05-20T01:22:00.000Z'],
    ]);
    expect(sheet.items[1].line).toMatch(/^下面进行第二项签约：《丙》。有请A代表、B代表上台签约。$/);
    expect(sheet.items[1].after).toBe('请签约双方交换文本，握手合影。');
    expect(sheet.endsAt.toISOString()).toBe('2027-05-20T01:32:00.000Z');
    expect(sheet.closing.startsAt).toEqual(sheet.endsAt);
    expect(sheet.overrunMinutes).toBe(2);
    expect(sheet.opening.line).toContain('本次仪式共有2项签约');
  });
});
