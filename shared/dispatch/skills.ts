import type { IncidentSubtype } from '../domain/incident';

/**
 * Which team skills or equipment suit which kind of incident. Ledgers write skills as free text
 * ("防汛抢险", "水域救援", "冲锋舟 4 艘"), so each entry is a list of keywords matched as substrings,
 * Chinese first with English aliases for ledgers kept in English. Subtypes missing here (drought,
 * "other…") match nothing: every available team is still listed, just without a skills badge.
 */
export const skillKeywordsBySubtype: Partial<Record<IncidentSubtype, readonly string[]>> = {
  flood: ['防汛', '水域救援', '水上救援', '冲锋舟', '舟艇', '橡皮艇', '排涝', '抽排', 'water rescue', 'boat', 'flood'],
  rainstorm: ['防汛', '排涝', '抽排', '水域救援', '冲锋舟', '舟艇', 'pump', 'water rescue', 'flood'],
  landslide: ['地质灾害', '山地救援', '搜救', '破拆', '挖掘', 'landslide', 'search and rescue', 'excavat'],
  forest_fire: ['森林灭火', '森林消防', '扑火', '风力灭火', 'forest fire', 'wildfire'],
  earthquake: ['地震', '搜救', '破拆', '倒塌', '生命探测', 'search and rescue', 'collapse'],
  typhoon: ['防汛', '抢险', '排涝', 'flood', 'storm'],
  snow_freeze: ['除冰', '保通', '抢险', 'de-icing', 'snow'],
  fire: ['灭火', '消防', 'firefighting', 'fire'],
  road_traffic: ['破拆', '交通事故', '道路救援', 'extrication', 'road rescue'],
  hazardous_chemicals: ['危化', '化学', '洗消', '堵漏', 'hazmat', 'chemical'],
  mine: ['矿山救护', '矿山', 'mine rescue'],
  construction: ['破拆', '搜救', '倒塌', 'collapse', 'search and rescue'],
  water_traffic: ['水域救援', '水上救援', '潜水', '冲锋舟', '舟艇', 'water rescue', 'diving', 'boat'],
  special_equipment: ['特种设备', '电梯', '起重', 'special equipment'],
  epidemic: ['医疗', '防疫', '消杀', '救护', 'medical', 'disinfect'],
  food_poisoning: ['医疗', '救护', 'medical', 'ambulance'],
  mass_incident: ['警戒', '巡逻', '维稳', 'cordon', 'patrol'],
};

/** The team's own skill and equipment entries that suit this incident subtype, in ledger order. */
export function matchingSkills(subtype: string | undefined, skills: readonly string[], equipment: readonly string[] = []): string[] {
  return skillMatcher(subtype)(skills, equipment);
}

/**
 * A matcher for one subtype, for ranking many teams at once: keywords are lowered once and each
 * distinct ledger entry is tested once (teams of one district share most of their wording).
 */
export function skillMatcher(subtype: string | undefined): (skills: readonly string[], equipment?: readonly string[]) => string[] {
  const keywords = (subtype ? skillKeywordsBySubtype[subtype] : undefined)?.map((k) => k.toLowerCase());
  if (!keywords) return () => [];
  const verdicts = new Map<string, boolean>();
  const suits = (entry: string) => {
    let verdict = verdicts.get(entry);
    if (verdict === undefined) {
      const text = entry.toLowerCase();
      verdict = keywords.some((k) => text.includes(k));
      verdicts.set(entry, verdict);
    }
    return verdict;
  };
  return (skills, equipment = []) => {
    const matched: string[] = [];
    for (const entry of skills) if (suits(entry)) matched.push(entry);
    for (const entry of equipment) if (suits(entry)) matched.push(entry);
    return matched;
  };
}
