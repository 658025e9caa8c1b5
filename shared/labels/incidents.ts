import type { SeverityLevel } from '../domain/incident';
import type { Labels } from './labels';

/**
 * An incident's level, 特别重大 / 重大 / 较大 / 一般: the report's wording, the rule profile's printout and the
 * console, which adds the numeral (`numeral`: the Chinese Ⅰ–Ⅳ, the English I–IV) in the form each uses.
 */
export const INCIDENT_LEVEL_LABELS: Labels<SeverityLevel> = {
  I: { zh: '特别重大', en: 'Especially major' },
  II: { zh: '重大', en: 'Major' },
  III: { zh: '较大', en: 'Large' },
  IV: { zh: '一般', en: 'General' },
};

/** The numerals a Chinese text writes a level with (Ⅰ级), where an English one writes I. */
export const LEVEL_NUMERAL_ZH: Record<SeverityLevel, string> = { I: 'Ⅰ', II: 'Ⅱ', III: 'Ⅲ', IV: 'Ⅳ' };

/** 特别重大（Ⅰ级） as the console shows a level in Chinese; Especially major (I) in English. */
export const levelWithNumeral = (level: SeverityLevel, language: 'zh' | 'en') =>
  language === 'zh'
    ? `${INCIDENT_LEVEL_LABELS[level].zh}（${LEVEL_NUMERAL_ZH[level]}级）`
    : `${INCIDENT_LEVEL_LABELS[level].en} (${level})`;

/** Every level with its numeral, in one language: the console's i18n table. */
export const levelsIn = (language: 'zh' | 'en') =>
  Object.fromEntries(Object.keys(INCIDENT_LEVEL_LABELS).map((l) => [l, levelWithNumeral(l as SeverityLevel, language)])) as Record<
    SeverityLevel,
    string
  >;
