import {
  countedFromGroups,
  countedTotals,
  partnershipKey,
  placeLabel,
  sumSummaries,
  type TotalsItem,
} from './totals.js';

const CENTRE = 1;
const item = (over: Partial<TotalsItem> & Pick<TotalsItem, 'id'>): TotalsItem => ({
  kind: 'project',
  status: 'signed',
  amountWan: null,
  landing: null,
  organisationIds: [],
  ...over,
});

describe('counted totals', () => {
  // The Chengdu ceremony: two strategic agreements of the centre (1) with 2 and 3; four projects.
  const chengdu: TotalsItem[] = [
    item({ id: 1, kind: 'strategic', organisationIds: [CENTRE, 2] }),
    item({ id: 2, kind: 'strategic', organisationIds: [CENTRE, 3] }),
    item({
      id: 3,
      organisationIds: [4, 5],
      amountWan: 1200.5,
      landing: { province: '四川省', city: '德阳市', district: null },
    }),
    item({ id: 4, organisationIds: [6, 7], status: 'confirmed' }),
    item({
      id: 5,
      organisationIds: [8],
      amountWan: 3000,
      landing: { province: '四川省', city: '资阳市', district: null },
    }),
    item({ id: 6, organisationIds: [9, 10], status: 'withdrawn', amountWan: 999 }),
    item({
      id: 7,
      organisationIds: [11, 12],
      status: 'planned',
      landing: { province: '四川省', city: '雅安市', district: null },
    }),
  ];

  it('counts signed agreements by kind, the rest by status, amounts and landing places of the signed only', () => {
    expect(countedTotals([{ items: chengdu, hostOrganisationId: CENTRE }])).toEqual({
      signed: 4,
      bySignedKind: { strategic: 2, project: 2, technology_transfer: 0, order: 0, investment: 0 },
      planned: 1,
      confirmed: 1,
      withdrawn: 1,
      strategicPartners: 2,
      amountWan: 4200.5,
      landingPlaces: [
        { province: '四川省', city: '德阳市', district: null, label: '四川省德阳市', signed: 1, amountWan: 1200.5 },
        { province: '四川省', city: '资阳市', district: null, label: '四川省资阳市', signed: 1, amountWan: 3000 },
      ],
    });
  });

  it('counts the host’s distinct partners; without a host, each signed strategic agreement is one partnership', () => {
    const items = [
      item({ id: 1, kind: 'strategic', organisationIds: [CENTRE, 2] }),
      item({ id: 2, kind: 'strategic', organisationIds: [CENTRE, 2] }),
      item({ id: 3, kind: 'strategic', organisationIds: [CENTRE, 3, 4] }),
      item({ id: 4, kind: 'strategic', organisationIds: [CENTRE, 5], status: 'confirmed' }),
    ];
    expect(countedTotals([{ items, hostOrganisationId: CENTRE }]).strategicPartners).toBe(3);
    expect(countedTotals([{ items, hostOrganisationId: null }]).strategicPartners).toBe(3);
    expect(countedTotals([{ items: items.slice(0, 2), hostOrganisationId: null }]).strategicPartners).toBe(2);
  });

  it('counts a host’s partner once across two ceremonies of the event', () => {
    const a = [item({ id: 1, kind: 'strategic', organisationIds: [CENTRE, 2] })];
    const b = [item({ id: 2, kind: 'strategic', organisationIds: [2, CENTRE] })];
    const totals = countedTotals([
      { items: a, hostOrganisationId: CENTRE },
      { items: b, hostOrganisationId: CENTRE },
    ]);
    expect([totals.signed, totals.strategicPartners]).toEqual([2, 1]);
  });

  it('groups landing places by the place written, most signings first', () => {
    const zy = { province: '四川省', city: '资阳市', district: null };
    const totals = countedTotals([
      {
        hostOrganisationId: null,
        items: [
          item({ id: 1, landing: { province: null, city: '雅安市', district: null } }),
          item({ id: 2, landing: zy, amountWan: 10 }),
          item({ id: 3, landing: zy, amountWan: 5.25 }),
          item({ id: 4, landing: { province: '', city: null, district: null } }),
        ],
      },
    ]);
    expect(totals.landingPlaces.map((p) => [p.label, p.signed, p.amountWan])).toEqual([
      ['四川省资阳市', 2, 15.25],
      ['雅安市', 1, 0],
    ]);
  });

  it('gives the same totals from grouped rows as from the items (what the reports query for many events)', () => {
    const fromItems = countedTotals([{ items: chengdu, hostOrganisationId: CENTRE }]);
    const fromGroups = countedFromGroups({
      kinds: [
        { kind: 'strategic', status: 'signed', agreements: 2, amountWan: 0 },
        { kind: 'project', status: 'signed', agreements: 2, amountWan: 4200.5 },
        { kind: 'project', status: 'confirmed', agreements: 1, amountWan: 0 },
        { kind: 'project', status: 'withdrawn', agreements: 1, amountWan: 999 },
        { kind: 'project', status: 'planned', agreements: 1, amountWan: 0 },
      ],
      places: [
        { province: '四川省', city: '资阳市', district: null, signed: 1, amountWan: 3000 },
        { province: '四川省', city: '德阳市', district: null, signed: 1, amountWan: 1200.5 },
      ],
      // One row per party of each signed strategic agreement, the host's own side included.
      partnerships: [
        { agreementId: 1, hostOrganisationId: CENTRE, organisationId: CENTRE },
        { agreementId: 1, hostOrganisationId: CENTRE, organisationId: 2 },
        { agreementId: 2, hostOrganisationId: CENTRE, organisationId: CENTRE },
        { agreementId: 2, hostOrganisationId: CENTRE, organisationId: 3 },
      ].map(partnershipKey),
    });
    expect(fromGroups).toEqual(fromItems);
  });

  it('merges places written alike across grouped rows (a blank district is no district)', () => {
    const totals = countedFromGroups({
      kinds: [{ kind: 'project', status: 'signed', agreements: 3, amountWan: 30 }],
      places: [
        { province: '四川省', city: '资阳市', district: null, signed: 1, amountWan: 10 },
        { province: '四川省', city: '资阳市', district: ' ', signed: 2, amountWan: 20 },
      ],
      partnerships: [],
    });
    expect(totals.landingPlaces).toEqual([
      { province: '四川省', city: '资阳市', district: null, label: '四川省资阳市', signed: 3, amountWan: 30 },
    ]);
  });

  it('keys a partnership by the host and the partner, or by the agreement without a host', () => {
    expect(partnershipKey({ agreementId: 9, hostOrganisationId: 1, organisationId: 2 })).toBe('partner:1:2');
    expect(partnershipKey({ agreementId: 9, hostOrganisationId: 1, organisationId: 1 })).toBeNull();
    expect(partnershipKey({ agreementId: 9, hostOrganisationId: 1, organisationId: null })).toBeNull();
    expect(partnershipKey({ agreementId: 9, hostOrganisationId: null, organisationId: 2 })).toBe('agreement:9');
  });

  it('writes a place from the parts given', () => {
    expect(placeLabel({ province: '江苏省', city: '苏州市', district: '虎丘区' })).toBe('江苏省苏州市虎丘区');
    expect(placeLabel({ province: null, city: ' ', district: '虎丘区' })).toBe('虎丘区');
  });
});

describe('summary totals', () => {
  it('adds up the summaries of the ceremonies that record one, by kind', () => {
    expect(
      sumSummaries([
        {
          byKind: { project: 45, strategic: 6 },
          strategicPartners: 6,
          amountWan: null,
          note: '45个转化项目签约',
          noteEn: null,
        },
        null,
        { byKind: { order: 3 }, strategicPartners: null, amountWan: 800, note: null, noteEn: null },
      ]),
    ).toEqual({
      ceremonies: 2,
      agreements: 54,
      byKind: { strategic: 6, project: 45, technology_transfer: 0, order: 3, investment: 0 },
      strategicPartners: 6,
      amountWan: 800,
      notes: [{ note: '45个转化项目签约', noteEn: null }],
    });
  });
});
