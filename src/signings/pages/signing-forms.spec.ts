import {
  ceremonyFormValues,
  formField,
  parseWitnesses,
  readAgreementForm,
  readCeremonyForm,
  witnessesText,
} from './signing-forms.js';

describe('the agreement form', () => {
  it('reads party rows, witness lines, the landing place and amounts into the API’s values', () => {
    const { dto, errors } = readAgreementForm({
      title: '合作项目协议',
      kind: 'project',
      party1Organisation: '安徽磐石基业产业投资有限公司',
      party1Signatory: '王强',
      party1Title: '总经理',
      party1Side: 'left',
      party3Organisation: '德阳凯州新城管理委员会',
      party3Side: 'right',
      witnesses: '李明 / 主任 / 四川省同城化办公室\n赵华',
      facilitator: '先进技术成果西部转化中心',
      landingCity: '德阳市',
      amountWan: '1200.50',
    });
    expect(errors).toEqual([]);
    expect(dto).toEqual({
      title: '合作项目协议',
      titleEn: null,
      kind: 'project',
      parties: [
        { organisation: '安徽磐石基业产业投资有限公司', signatory: '王强', signatoryTitle: '总经理', side: 'left' },
        { organisation: '德阳凯州新城管理委员会', signatory: null, signatoryTitle: null, side: 'right' },
      ],
      witnesses: [{ name: '李明', title: '主任', organisation: '四川省同城化办公室' }, { name: '赵华' }],
      facilitator: '先进技术成果西部转化中心',
      landing: { province: null, city: '德阳市', district: null },
      amountWan: 1200.5,
      minutes: null,
      achievementId: null,
      demandId: null,
      meetingId: null,
    });
  });

  it('names the field of each reading problem', () => {
    const { errors } = readAgreementForm({
      title: 'x',
      kind: 'order',
      party2Signatory: '王强',
      amountWan: '12.345',
      minutes: 'five',
      witnesses: 'a / b / c / d',
    });
    expect(errors.map((e) => e.field)).toEqual(['party2Organisation', 'witnesses', 'amountWan', 'minutes']);
  });

  it('maps the API’s problems to the form’s fields', () => {
    expect(formField('parties.1.organisation')).toBe('party2Organisation');
    expect(formField('parties.0.signatoryTitle')).toBe('party1Title');
    expect(formField('parties')).toBe('party1Organisation');
    expect(formField('witnesses.2.name')).toBe('witnesses');
    expect(formField('landing.district')).toBe('landingDistrict');
    expect(formField('summary.byKind.project')).toBe('summaryProject');
    expect(formField('summary.note')).toBe('summaryNote');
    expect(formField('title')).toBe('title');
  });

  it('writes witnesses back as lines the form reads again', () => {
    const text = witnessesText([
      { name: '李明', title: '主任', organisation: '四川省同城化办公室' },
      { name: '赵华', title: null, organisation: null },
      { name: '钱进', title: null, organisation: '雅安市' },
    ]);
    expect(text).toBe('李明 / 主任 / 四川省同城化办公室\n赵华\n钱进 /  / 雅安市');
    expect(parseWitnesses('钱进 /  / 雅安市').witnesses).toEqual([{ name: '钱进', organisation: '雅安市' }]);
  });
});

describe('the ceremony form', () => {
  it('reads summary totals by kind, and no summary when nothing is given', () => {
    expect(
      readCeremonyForm({
        summaryProject: '45',
        summaryStrategic: '6',
        summaryStrategicPartners: '6',
        summaryNote: '45个',
      }).dto,
    ).toEqual({
      hostOrganisation: null,
      openingMinutes: undefined,
      minutesPerSigning: undefined,
      summary: {
        byKind: { project: 45, strategic: 6 },
        strategicPartners: 6,
        amountWan: undefined,
        note: '45个',
        noteEn: undefined,
      },
    });
    expect(readCeremonyForm({ minutesPerSigning: '4' }).dto).toMatchObject({ minutesPerSigning: 4, summary: null });
    expect(readCeremonyForm({ summaryProject: '4.5' }).errors).toEqual([
      { field: 'summaryProject', reason: 'enter a whole number' },
    ]);
  });

  it('fills the form from what is stored', () => {
    expect(
      ceremonyFormValues({
        host: '先进技术成果长三角转化中心',
        openingMinutes: 2,
        minutesPerSigning: 5,
        summary: { byKind: { project: 45 }, strategicPartners: 6, amountWan: null, note: null, noteEn: null },
      }),
    ).toMatchObject({
      hostOrganisation: '先进技术成果长三角转化中心',
      summaryProject: 45,
      summaryStrategic: '',
      summaryStrategicPartners: 6,
    });
  });
});
