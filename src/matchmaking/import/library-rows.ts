import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../../common/validation.js';
import type { SheetColumn } from '../../spreadsheet/columns.js';
import type { SheetProblem, SheetRow } from '../../spreadsheet/read-sheet.js';
import { codeByName, importColumns, type ImportField, type ImportRowProblem } from '../../spreadsheet/import-fields.js';
import { MATURITIES, TRANSFER_MODES } from '../achievement.entity.js';
import { CreateAchievementDto, CreateDemandDto } from '../dto/library.dto.js';
import type { LibraryKind } from '../library-search.js';

/**
 * The rows of an achievement or demand list as items to create: the columns an import reads and an export writes,
 * every row checked with the API's rules (the DTO, the categories), and every problem as a row, a column, a stable
 * code and a reason. No database here.
 */

export const MAX_LIBRARY_ROWS = 10_000;
export const MAX_LIBRARY_COLUMNS = 100;
export const MAX_LIBRARY_UNPACKED_BYTES = 60 * 1024 * 1024;

export type LibraryImportProblem = ImportRowProblem;

export interface LibraryField extends ImportField {
  /** Several values in one cell, separated by ; or ；. */
  list?: boolean;
}

const OPTIONAL = { 'zh-CN': '选填', en: 'optional' };

/** A column that may stay empty. */
const optional = (key: string, zh: string, maxLength: number, aliases: string[], example: string): LibraryField => ({
  key,
  zh,
  required: false,
  maxLength,
  aliases,
  example,
  hint: OPTIONAL,
});

/** A required text column of at most `maxLength` characters (the title, the summary or description). */
const requiredText = (
  key: string,
  zh: string,
  maxLength: number,
  aliases: string[],
  example: string,
): LibraryField => ({
  key,
  zh,
  required: true,
  maxLength,
  aliases,
  example,
  hint: {
    'zh-CN': `必填，最多 ${maxLength} 字`,
    en: `required, at most ${maxLength.toLocaleString('en')} characters`,
  },
});

const titleEn = (example: string) => optional('titleEn', '英文名称', 300, ['english title'], example);

const category: LibraryField = {
  key: 'category',
  zh: '领域',
  required: true,
  aliases: ['产业领域', '所属领域', '类别'],
  example: '装备制造',
  hint: { 'zh-CN': '领域代码或名称（见下表）', en: 'a category code or name (see below)' },
};

const contactFields: LibraryField[] = [
  optional('contactName', '联系人', 100, ['contact', '联系人'], '李工'),
  {
    ...optional('contactEmail', '联系邮箱', 254, ['email', '邮箱'], 'li@example.cn'),
    hint: { 'zh-CN': '选填；同一邮箱复用联系人', en: 'optional; the same email reuses the person' },
  },
  optional('contactPhone', '联系电话', 40, ['phone', 'tel', '电话'], '028-8888 0000'),
];

export const MATURITY_NAMES: Record<(typeof MATURITIES)[number], string> = {
  lab: '实验室',
  pilot: '中试',
  small_batch: '小批量',
  mass_production: '量产',
};
export const TRANSFER_MODE_NAMES: Record<(typeof TRANSFER_MODES)[number], string> = {
  transfer: '转让',
  licence: '许可',
  equity: '作价入股',
  joint_development: '合作开发',
  order: '订单',
};

export const LIBRARY_FIELDS: Record<LibraryKind, LibraryField[]> = {
  achievement: [
    requiredText('title', '成果名称', 200, ['名称', '项目名称'], '磁流变减震器'),
    titleEn('Magnetorheological damper'),
    requiredText(
      'summary',
      '成果简介',
      4000,
      ['简介', '摘要', 'description'],
      '基于磁流变液的半主动减震器，阻尼毫秒级可调。',
    ),
    category,
    {
      key: 'maturity',
      zh: '成熟度',
      required: true,
      aliases: ['成熟度', '技术成熟度'],
      example: '中试',
      hint: {
        'zh-CN': '实验室、中试、小批量、量产（或 lab, pilot, small_batch, mass_production）',
        en: 'lab, pilot, small_batch or mass_production (or the Chinese names)',
      },
    },
    {
      key: 'transferModes',
      zh: '转化方式',
      required: true,
      list: true,
      aliases: ['合作方式', 'transfer modes'],
      example: '许可;合作开发',
      hint: {
        'zh-CN': '转让、许可、作价入股、合作开发、订单，可多选，用分号分隔',
        en: 'transfer, licence, equity, joint_development, order; several separated by ;',
      },
    },
    {
      key: 'owner',
      zh: '成果单位',
      required: true,
      maxLength: 200,
      aliases: ['单位', '持有单位', '完成单位', 'organisation'],
      example: '重庆武瓴智行科技有限公司',
      hint: { 'zh-CN': '同名机构自动复用', en: 'an organisation of the same name is reused' },
    },
    ...contactFields,
    {
      key: 'keywords',
      zh: '关键词',
      required: false,
      list: true,
      aliases: ['keywords'],
      example: '磁流变;减震器;商业航天',
      hint: { 'zh-CN': '用分号分隔，最多 20 个', en: 'separated by ;, at most 20' },
    },
    optional('patents', '专利', 2000, ['专利情况'], 'ZL2020XXXXXXXX.X'),
    optional('cooperationSought', '合作需求', 2000, ['cooperation'], '寻求整车企业联合开发'),
  ],
  demand: [
    requiredText('title', '需求名称', 200, ['名称'], '高精度减震装置'),
    titleEn(''),
    requiredText('description', '需求描述', 4000, ['描述', '需求内容', 'summary'], '为商业航天地面设备寻求减震方案。'),
    category,
    {
      key: 'publisher',
      zh: '发布单位',
      required: true,
      maxLength: 200,
      aliases: ['需求单位', '单位', 'organisation'],
      example: '资阳市经济和信息化局',
      hint: { 'zh-CN': '城市政府部门或企业', en: 'a city government or an enterprise' },
    },
    optional('city', '城市', 50, ['所在城市', '地区'], '资阳'),
    {
      key: 'budgetMin',
      zh: '预算下限',
      required: false,
      aliases: ['预算下限(万元)', 'budget min'],
      example: '50',
      hint: { 'zh-CN': '万元，整数', en: '万元 (10,000 yuan), a whole number' },
    },
    {
      key: 'budgetMax',
      zh: '预算上限',
      required: false,
      aliases: ['预算上限(万元)', 'budget max'],
      example: '200',
      hint: { 'zh-CN': '万元，整数', en: '万元 (10,000 yuan), a whole number' },
    },
    {
      key: 'deadline',
      zh: '截止日期',
      required: false,
      aliases: ['截止时间'],
      example: '2026-12-31',
      hint: { 'zh-CN': 'YYYY-MM-DD', en: 'YYYY-MM-DD' },
    },
    {
      key: 'openCall',
      zh: '揭榜挂帅',
      required: false,
      aliases: ['open call', '是否揭榜挂帅'],
      example: '是',
      hint: { 'zh-CN': '是 / 否，默认否', en: 'yes / no; no when empty' },
    },
    ...contactFields,
  ],
};

export function libraryColumns(kind: LibraryKind): SheetColumn[] {
  return importColumns(LIBRARY_FIELDS[kind], { ignore: true });
}

/** What rows are checked against: the categories (code, Chinese and English names). */
export interface CategoryRef {
  code: string;
  name: string;
  nameEn: string | null;
}

const split = (text: string) =>
  text
    .split(/[;；,，、]/)
    .map((v) => v.trim())
    .filter(Boolean);

function categoryCode(categories: readonly CategoryRef[], raw: string): string | undefined {
  const wanted = raw.trim().toLowerCase();
  return categories.find((c) => c.code === wanted || c.name === raw.trim() || c.nameEn?.toLowerCase() === wanted)?.code;
}

const YES = new Set(['是', 'yes', 'y', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'no', 'n', 'false', '0']);

export type LibraryDraft = { row: number; dto: CreateAchievementDto | CreateDemandDto };

/**
 * Every row checked with the API's rules; answers the items to create, or every problem (a row's problems in the
 * order of its columns; several reasons of one cell joined by "; ").
 */
export async function libraryDrafts(
  kind: LibraryKind,
  sheet: { rows: SheetRow[]; problems: SheetProblem[] },
  categories: readonly CategoryRef[],
): Promise<{ drafts: LibraryDraft[]; problems: LibraryImportProblem[] }> {
  const sheetProblem = (p: SheetProblem): LibraryImportProblem => ({
    row: p.row,
    column: p.column,
    code: p.code,
    reason: p.message ?? p.code,
  });
  const header = sheet.problems.filter((p) => p.row === 1);
  if (header.length) return { drafts: [], problems: header.map(sheetProblem) };
  if (sheet.rows.length === 0) {
    return { drafts: [], problems: [{ row: 2, column: '_file', code: 'no_rows', reason: 'no rows to import' }] };
  }
  const fields = LIBRARY_FIELDS[kind];
  const order = new Map(fields.map((f, i) => [f.key, i]));
  const cellProblems = new Map<number, SheetProblem[]>();
  for (const p of sheet.problems) cellProblems.set(p.row, [...(cellProblems.get(p.row) ?? []), p]);

  const drafts: LibraryDraft[] = [];
  const problems: LibraryImportProblem[] = [];
  for (const { row, values } of sheet.rows) {
    const found = new Map<string, { code: string; reason: string }[]>();
    const add = (column: string, code: string, reason: string) =>
      found.set(column, [...(found.get(column) ?? []), { code, reason }]);
    for (const p of cellProblems.get(row) ?? []) add(p.column, p.code, p.message ?? p.code);

    const plain: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(values)) {
      const text = String(raw).trim();
      switch (key) {
        case 'category': {
          const code = categoryCode(categories, text);
          if (code) plain.category = code;
          else add('category', 'not_a_category', `not a category (${text})`);
          break;
        }
        case 'maturity':
          plain.maturity = codeByName(MATURITY_NAMES, text);
          break;
        case 'transferModes':
          plain.transferModes = split(text).map((m) => codeByName(TRANSFER_MODE_NAMES, m));
          break;
        case 'keywords':
          plain.keywords = split(text);
          break;
        case 'budgetMin':
        case 'budgetMax': {
          const n = Number(text.replace(/[,，\s]/g, ''));
          if (/^\d+$/.test(text.replace(/[,，\s]/g, ''))) plain[key] = n;
          else add(key, 'invalid', `${key} must be a whole number of 万元`);
          break;
        }
        case 'openCall': {
          const v = text.toLowerCase();
          if (YES.has(v)) plain.openCall = true;
          else if (NO.has(v)) plain.openCall = false;
          else add('openCall', 'invalid', 'openCall must be 是 or 否 (yes or no)');
          break;
        }
        default:
          plain[key] = text;
      }
    }
    if (kind === 'achievement' && !('transferModes' in plain) && !found.has('transferModes')) plain.transferModes = [];
    const dto: CreateAchievementDto | CreateDemandDto =
      kind === 'achievement' ? plainToInstance(CreateAchievementDto, plain) : plainToInstance(CreateDemandDto, plain);
    const errors = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
    for (const error of errors) {
      const key = error.field.split('.')[0];
      if (!found.has(key)) add(key, 'invalid', error.reason);
    }
    if (kind === 'demand') {
      const d = dto as CreateDemandDto;
      if (d.budgetMin != null && d.budgetMax != null && d.budgetMin > d.budgetMax && !found.has('budgetMax')) {
        add('budgetMax', 'invalid', 'budgetMax must not be below budgetMin');
      }
    }
    if (found.size) {
      const sorted = [...found].sort(([a], [b]) => (order.get(a) ?? 999) - (order.get(b) ?? 999));
      for (const [column, list] of sorted) {
        problems.push({ row, column, code: list[0].code, reason: list.map((p) => p.reason).join('; ') });
      }
    } else drafts.push({ row, dto });
  }
  return { drafts, problems };
}
