/** Cells of an intents spreadsheet that hold lists and people (plain functions). */

export const splitList = (text: string) =>
  text
    .split(/[;；\n]/)
    .map((v) => v.trim())
    .filter(Boolean);

/** "王磊 wanglei@example.cn 13800000000" → name, email, phone (any order after the name). */
export function parseContact(text: string): { contactName?: string; contactEmail?: string; contactPhone?: string } {
  const words = text
    .trim()
    .split(/[\s,，]+/)
    .filter(Boolean);
  const email = words.find((w) => w.includes('@'))?.replace(/^<|>$/g, '');
  const phone = words.filter((w) => !w.includes('@') && /^[+\d][\d()-]{4,}$/.test(w)).join(' ');
  const name = words.filter((w) => !w.includes('@') && !/^[+\d][\d()-]{4,}$/.test(w)).join(' ');
  return {
    ...(name ? { contactName: name } : {}),
    ...(email ? { contactEmail: email } : {}),
    ...(phone ? { contactPhone: phone } : {}),
  };
}
