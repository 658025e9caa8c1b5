/**
 * Domain words in one place (issue 20): each set of codes has one table of its Chinese and English
 * labels, read by the window's i18n tables (renderer/i18n), the station's exports (.docx, .xlsx, the
 * printed handover) and its pages and messages (the field terminal, the phone). A word changed here
 * changes everywhere it is shown; a word that reads differently in one place on purpose stays there.
 */
export interface Label {
  zh: string;
  en: string;
}
export type Labels<K extends string> = Readonly<Record<K, Label>>;

/** One language's column of a table, keyed by code. */
export function column<K extends string>(table: Labels<K>, language: keyof Label): Record<K, string> {
  return Object.fromEntries(Object.entries<Label>(table).map(([code, label]) => [code, label[language]])) as Record<K, string>;
}
export const zhOf = <K extends string>(table: Labels<K>) => column(table, 'zh');
export const enOf = <K extends string>(table: Labels<K>) => column(table, 'en');
