/**
 * Header cells to columns. People type headers as "姓名", "Name", "姓名 name*", "电子邮箱（email）" or "ＥＭＡＩＬ":
 * a header matches a column when, ignoring case, full-width forms, spaces and a required-marker `*`, it is the
 * column's key, a label or an alias, or one of its words is.
 */
export interface SheetColumn<K extends string = string> {
  key: K;
  label: { zh: string; en: string };
  aliases?: readonly string[];
  /** The header written on export and in templates; `"<zh> <en>"` when not given. */
  header?: string;
  required?: boolean;
  /** Longer values are a `too_long` problem. */
  maxLength?: number;
  /** Turns the cell text (trimmed, never empty) into the row's value; a thrown Error is an `invalid` problem. */
  parse?: (text: string) => unknown;
  /** Values that differ only in case and spaces must not repeat (a `duplicate` problem names the first row). */
  unique?: boolean;
  /** A known column whose values are not read (e.g. the status column of an export imported back). */
  ignore?: boolean;
  /** Column width on export, in characters. */
  width?: number;
}

/** NFKC folds full-width letters, digits and punctuation to their ASCII forms; then case and spacing go. */
export function normaliseHeader(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\*/g, '').replace(/\s+/g, ' ').trim();
}

/** "姓名 name*", "电子邮箱(email)" → its words. */
export function headerWords(text: string): string[] {
  return normaliseHeader(text)
    .split(/[\s/()（）:：,，、|]+/)
    .filter(Boolean);
}

export function columnHeader(column: SheetColumn): string {
  if (column.header !== undefined) return column.header;
  return column.label.zh === column.label.en ? column.label.zh : `${column.label.zh} ${column.label.en}`;
}

function namesOf(column: SheetColumn): string[] {
  return [column.key, column.label.zh, column.label.en, columnHeader(column), ...(column.aliases ?? [])].map(
    normaliseHeader,
  );
}

/**
 * The column a header cell names, or undefined. A header that is exactly a column's name wins over one that only
 * contains a word of another; otherwise the first column in the given order whose name is a word of the header.
 */
export function matchHeader<C extends SheetColumn>(text: string, columns: readonly C[]): C | undefined {
  const whole = normaliseHeader(text);
  if (!whole) return undefined;
  const exact = columns.find((c) => namesOf(c).includes(whole));
  if (exact) return exact;
  const words = headerWords(text);
  return columns.find((c) => namesOf(c).some((name) => words.includes(name)));
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    out = String.fromCharCode(65 + m) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
