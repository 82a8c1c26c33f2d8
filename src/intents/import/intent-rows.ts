import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../../common/validation.js';
import type { SheetColumn } from '../../spreadsheet/columns.js';
import type { SheetProblem, SheetRow } from '../../spreadsheet/read-sheet.js';
import { codeByName, importColumns, type ImportField, type ImportRowProblem } from '../../spreadsheet/import-fields.js';
import { INTENT_STAGES, stageChangeProblems, type IntentStage } from '../domain/stages.js';
import { CreateIntentDto, type OwnerDto, type PartyDto } from '../dto/intents.dto.js';
import { DROP_REASONS, INTENT_KINDS, type DropReason, type IntentKind } from '../domain/vocabulary.js';
import { parseContact, splitList } from './contacts.js';

/**
 * The rows of an intents spreadsheet as intents to create: the columns an import reads and an export writes, each
 * row checked with the API's rules (the DTO, the stage rules, the events, categories and organisers it names), and
 * every problem as a row, a column, a stable code and a reason. No database here: the service reads what rows refer
 * to and writes.
 */

export const MAX_INTENT_ROWS = 2000;
export const MAX_INTENT_COLUMNS = 60;
export const MAX_INTENT_UNPACKED_BYTES = 30 * 1024 * 1024;

export type IntentImportProblem = ImportRowProblem;

export const KIND_NAMES: Record<IntentKind, string> = {
  technology_transfer: '技术转让',
  licence: '技术许可',
  joint_development: '联合开发',
  order: '订单',
  investment: '投资',
  other: '其他',
};

export const STAGE_NAMES: Record<IntentStage, string> = {
  intent: '意向',
  negotiating: '洽谈',
  signed: '签约',
  landed: '落地',
  dropped: '终止',
};

export const DROP_REASON_NAMES: Record<DropReason, string> = {
  no_budget: '资金不足',
  technology_mismatch: '技术不匹配',
  terms_not_agreed: '条款未谈拢',
  partner_withdrew: '对方退出',
  approval_not_granted: '审批未通过',
  found_alternative: '另选合作方',
  no_response: '对方无回应',
  duplicate: '重复登记',
  other: '其他',
};

export type IntentField = ImportField;

export const INTENT_FIELDS: IntentField[] = [
  {
    key: 'title',
    zh: '意向名称',
    required: true,
    maxLength: 300,
    aliases: ['名称', '标题', 'title'],
    example: '小水电站变速恒频技术改造合作',
    hint: { 'zh-CN': '必填', en: 'required' },
  },
  {
    key: 'kind',
    zh: '合作方式',
    required: true,
    aliases: ['类型', '方式', 'kind'],
    example: '联合开发',
    hint: {
      'zh-CN': `必填：${Object.values(KIND_NAMES).join('、')}`,
      en: `required: ${INTENT_KINDS.join(', ')} (or the Chinese name)`,
    },
  },
  {
    key: 'parties',
    zh: '合作各方',
    required: true,
    maxLength: 2000,
    aliases: ['各方', '参与方', 'parties'],
    example: '清华四川能源互联网研究院；四川恒麓电气科技有限公司',
    hint: {
      'zh-CN': '必填：至少两个单位，用“；”分隔',
      en: 'required: at least two organisations, separated by ;',
    },
  },
  {
    key: 'contacts',
    zh: '联系人',
    required: false,
    maxLength: 2000,
    aliases: ['contacts'],
    example: '程远 cheng@tsinghua-sichuan.example.cn；罗文斌 13800000000',
    hint: {
      'zh-CN': '选填：与“合作各方”一一对应，用“；”分隔；每人写姓名，可加邮箱、电话',
      en: 'optional: one per party in the same order, separated by ;: a name, then an email or phone',
    },
  },
  {
    key: 'event',
    zh: '活动',
    required: false,
    maxLength: 80,
    aliases: ['活动编号', 'event', 'eventId'],
    example: 'chengdu-metro',
    hint: { 'zh-CN': '选填：活动的网址名或编号；活动间隙产生的意向留空', en: 'optional: the event slug or id' },
  },
  {
    key: 'category',
    zh: '领域',
    required: false,
    maxLength: 60,
    aliases: ['行业', 'category'],
    example: '新能源',
    hint: { 'zh-CN': '选填：领域名称或代码', en: 'optional: a category name or code' },
  },
  {
    key: 'city',
    zh: '城市',
    required: false,
    maxLength: 60,
    aliases: ['地区', 'city', 'region'],
    example: '雅安',
    hint: { 'zh-CN': '选填', en: 'optional' },
  },
  {
    key: 'valueWan',
    zh: '预估金额（万元）',
    required: false,
    aliases: ['金额', '金额（万元）', 'value', 'valueWan'],
    example: '300',
    hint: { 'zh-CN': '选填：整数，单位万元', en: 'optional: whole 万元 (10,000 yuan)' },
  },
  {
    key: 'owner',
    zh: '负责人',
    required: false,
    maxLength: 200,
    aliases: ['责任单位', 'owner'],
    example: '中共雅安市委军民融合发展委员会办公室',
    hint: {
      'zh-CN': '选填：主办方账号的邮箱，或责任单位名称（须填负责人联系人）',
      en: "optional: an organiser account's email, or an organisation (then give its contact)",
    },
  },
  {
    key: 'ownerContact',
    zh: '负责人联系人',
    required: false,
    maxLength: 300,
    aliases: ['ownerContact'],
    example: '王磊 wanglei@yaan.example.gov.cn',
    hint: { 'zh-CN': '责任单位的联系人：姓名，可加邮箱、电话', en: "the organisation's contact: a name, email, phone" },
  },
  {
    key: 'nextFollowUpOn',
    zh: '下次跟进',
    required: false,
    aliases: ['跟进日期', 'nextFollowUpOn'],
    example: '2027-01-15',
    hint: { 'zh-CN': '选填：YYYY-MM-DD', en: 'optional: YYYY-MM-DD' },
  },
  {
    key: 'stage',
    zh: '阶段',
    required: false,
    aliases: ['stage'],
    example: '洽谈',
    hint: {
      'zh-CN': `选填（默认“意向”）：${Object.values(STAGE_NAMES).join('、')}`,
      en: `optional (default intent): ${INTENT_STAGES.join(', ')}`,
    },
  },
  {
    key: 'landedPlace',
    zh: '落地地点',
    required: false,
    maxLength: 200,
    aliases: ['landedPlace'],
    example: '',
    hint: { 'zh-CN': '阶段为“落地”时必填', en: 'required when the stage is landed' },
  },
  {
    key: 'landedOn',
    zh: '落地日期',
    required: false,
    aliases: ['landedOn'],
    example: '',
    hint: { 'zh-CN': '阶段为“落地”时必填：YYYY-MM-DD', en: 'required when landed: YYYY-MM-DD' },
  },
  {
    key: 'droppedReason',
    zh: '终止原因',
    required: false,
    aliases: ['droppedReason'],
    example: '',
    hint: {
      'zh-CN': `阶段为“终止”时必填：${Object.values(DROP_REASON_NAMES).join('、')}`,
      en: `required when dropped: ${DROP_REASONS.join(', ')}`,
    },
  },
  {
    key: 'subjectText',
    zh: '合作内容',
    required: false,
    maxLength: 2000,
    aliases: ['内容', '说明', 'subject', 'subjectText'],
    example: '恒麓电气的变速恒频技术在雅安两座小水电站试点',
    hint: { 'zh-CN': '选填', en: 'optional' },
  },
];

export function intentColumns(): SheetColumn[] {
  return importColumns(INTENT_FIELDS, { ignore: false });
}

/** What rows are checked against. */
export interface IntentRefs {
  categories: readonly { code: string; name: string; nameEn: string | null }[];
  events: readonly { id: number; slug: string }[];
  organisers: readonly { id: number; email: string }[];
}

export interface IntentDraft {
  row: number;
  dto: CreateIntentDto;
  stage: IntentStage;
  landedPlace?: string;
  landedOn?: string;
  droppedReason?: DropReason;
}

/** Every row checked; answers the intents to create, or every problem (by row, in the order of the columns). */
export async function intentDrafts(
  sheet: { rows: SheetRow[]; problems: SheetProblem[] },
  refs: IntentRefs,
): Promise<{ drafts: IntentDraft[]; problems: IntentImportProblem[] }> {
  const sheetProblem = (p: SheetProblem): IntentImportProblem => ({
    row: p.row,
    column: p.column,
    code: p.code,
    reason: p.message ?? p.code,
  });
  const header = sheet.problems.filter((p) => p.row === 1);
  if (header.length) return { drafts: [], problems: header.map(sheetProblem) };
  if (sheet.rows.length === 0)
    return { drafts: [], problems: [{ row: 2, column: '_file', code: 'no_rows', reason: 'no rows to import' }] };
  const order = new Map(['id', ...INTENT_FIELDS.map((f) => f.key)].map((k, i) => [k, i]));
  const cellProblems = new Map<number, SheetProblem[]>();
  for (const p of sheet.problems) cellProblems.set(p.row, [...(cellProblems.get(p.row) ?? []), p]);

  const drafts: IntentDraft[] = [];
  const problems: IntentImportProblem[] = [];
  for (const { row, values } of sheet.rows) {
    const found = new Map<string, { code: string; reason: string }[]>();
    const add = (column: string, code: string, reason: string) =>
      found.set(column, [...(found.get(column) ?? []), { code, reason }]);
    for (const p of cellProblems.get(row) ?? []) add(p.column, p.code, p.message ?? p.code);
    // Cells are text (the columns have no parse functions).
    const text = (key: string) => (typeof values[key] === 'string' ? values[key].trim() : undefined);

    if (text('id'))
      add('id', 'exists', 'the import adds new intents: leave the id column empty (this row names an existing one)');
    const plain: Record<string, unknown> = { title: text('title'), subjectText: text('subjectText') };
    if (text('kind')) plain.kind = codeByName(KIND_NAMES, text('kind')!);
    const partyNames = splitList(text('parties') ?? '');
    const contacts = splitList(text('contacts') ?? '');
    if (contacts.length > partyNames.length)
      add('contacts', 'invalid', `${contacts.length} contacts for ${partyNames.length} parties`);
    plain.parties = partyNames.map((organisation, i): PartyDto => ({
      organisation,
      ...(contacts[i] ? parseContact(contacts[i]) : {}),
    }));
    if (partyNames.length < 2) add('parties', 'invalid', 'at least two organisations, separated by ；');
    const event = text('event');
    if (event) {
      const match = refs.events.find((e) => e.slug === event || String(e.id) === event);
      if (match) plain.eventId = match.id;
      else add('event', 'invalid', `no such event (${event})`);
    }
    const category = text('category');
    if (category) {
      const wanted = category.toLowerCase();
      const match = refs.categories.find(
        (c) => c.code === wanted || c.name === category || c.nameEn?.toLowerCase() === wanted,
      );
      if (match) plain.category = match.code;
      else add('category', 'not_a_category', `not a category (${category})`);
    }
    if (text('city')) plain.city = text('city');
    const value = text('valueWan')?.replace(/[,，\s]/g, '');
    if (value !== undefined) {
      if (/^\d+$/.test(value)) plain.valueWan = Number(value);
      else add('valueWan', 'invalid', 'a whole number of 万元');
    }
    const owner = text('owner');
    const ownerContact = text('ownerContact');
    if (owner) {
      if (owner.includes('@')) {
        const user = refs.organisers.find((u) => u.email === owner.toLowerCase());
        if (user) plain.owner = { userId: user.id } satisfies OwnerDto;
        else add('owner', 'invalid', `no organiser account has the email ${owner}`);
      } else if (!ownerContact) add('ownerContact', 'required', 'an organisation as owner needs a contact person');
      else plain.owner = { organisation: owner, ...parseContact(ownerContact) } satisfies OwnerDto;
    } else if (ownerContact) add('owner', 'required', 'name the owner of this contact');
    if (text('nextFollowUpOn')) plain.nextFollowUpOn = text('nextFollowUpOn');

    const stage = (text('stage') ? codeByName(STAGE_NAMES, text('stage')!) : 'intent') as IntentStage;
    const draft: Omit<IntentDraft, 'dto'> = { row, stage };
    if (!(INTENT_STAGES as readonly string[]).includes(stage))
      add('stage', 'invalid', `stage must be one of ${INTENT_STAGES.join(', ')} (or 意向、洽谈、签约、落地、终止)`);
    else if (stage !== 'intent') {
      const reason = text('droppedReason') ? codeByName(DROP_REASON_NAMES, text('droppedReason')!) : undefined;
      if (reason !== undefined && !(DROP_REASONS as readonly string[]).includes(reason))
        add('droppedReason', 'invalid', `not a reason (${text('droppedReason')})`);
      const landedOn = text('landedOn');
      if (landedOn && !/^\d{4}-\d{2}-\d{2}$/.test(landedOn)) add('landedOn', 'invalid', 'must be a date (YYYY-MM-DD)');
      Object.assign(draft, {
        landedPlace: text('landedPlace'),
        landedOn,
        droppedReason: reason as DropReason | undefined,
      });
      for (const p of stageChangeProblems('intent', { to: stage, note: 'imported', ...draft }))
        if (!found.has(p.field)) add(p.field, 'required', p.reason);
    }

    const dto = plainToInstance(CreateIntentDto, plain);
    const errors = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
    for (const error of errors) {
      const top = error.field.split('.')[0];
      const column =
        top === 'eventId'
          ? 'event'
          : /^parties\.\d+\.contact/.test(error.field)
            ? 'contacts'
            : /^owner\.contact/.test(error.field)
              ? 'ownerContact'
              : top;
      if (!found.has(column)) add(column, 'invalid', error.reason);
    }
    if (found.size) {
      const sorted = [...found].sort(([a], [b]) => (order.get(a) ?? 999) - (order.get(b) ?? 999));
      for (const [column, list] of sorted)
        problems.push({ row, column, code: list[0].code, reason: list.map((p) => p.reason).join('; ') });
    } else drafts.push({ ...draft, dto });
  }
  return { drafts, problems };
}
