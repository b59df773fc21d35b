import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { foldDiacritics, normalizeName } from "../../src/shared/vietnamese-text.js";
import type { AreaLevel, AreaMembershipTable, AreaTable } from "../../src/warehouse/tables.js";
import type { ProvinceRecord } from "./province-record.js";

/** First and last year of the pre-2025 provinces' memberships (the accepted year range starts in 1990). */
const HISTORICAL_FROM = 1990;
const HISTORICAL_TO = 2025;
const MERGER_YEAR = 2025;

/** At most this many texts are remembered by resolve, so memory stays flat whatever the input. */
const RESOLVED_LIMIT = 4096;

const SOUTHEAST_2013: ReadonlyArray<string> = ["70", "72", "74", "75", "77", "79", "68"];

const fixedArea = (
  area_id: string,
  level: AreaLevel,
  name_vi: string,
  name_en: string,
  aliases: ReadonlyArray<string>,
  valid_from: number | null = null,
  valid_to: number | null = null,
): AreaTable =>
  Object.freeze({
    area_id,
    level,
    boundary: "historical",
    gso_code: level === "nation" ? "VN" : null,
    name_vi,
    name_ascii: foldDiacritics(name_vi),
    name_en,
    aliases: Object.freeze([...aliases]),
    region_id: null,
    subregion: null,
    successor_id: null,
    valid_from,
    valid_to,
  });

const FIXED_AREAS: ReadonlyArray<AreaTable> = [
  fixedArea("VN", "nation", "Việt Nam", "Viet Nam", ["Cả nước", "Vietnam", "Toàn quốc", "nationwide"]),
  fixedArea("north", "region", "Khu vực phía Bắc", "North (28 provinces)", [
    "phía Bắc",
    "miền Bắc",
    "northern region",
  ]),
  fixedArea(
    "central-highlands",
    "region",
    "Khu vực miền Trung - Tây Nguyên",
    "Central & Central Highlands (15 provinces)",
    ["MT-TN", "miền Trung Tây Nguyên", "central_highlands"],
  ),
  fixedArea("south", "region", "Khu vực phía Nam", "South (20 provinces)", [
    "phía Nam",
    "miền Nam",
    "southern region",
  ]),
  fixedArea(
    "south-2011",
    "region",
    "Khu vực phía Nam (2011, 21 tỉnh)",
    "South, 2011 grouping (21 incl. Lâm Đồng)",
    [],
    2011,
    2011,
  ),
  fixedArea(
    "southeast-2013",
    "region",
    "Đông Nam Bộ (2013, gồm Lâm Đồng)",
    "Southeast sub-group, 2013 (incl. Lâm Đồng)",
    [],
    2012,
    2013,
  ),
];

/**
 * Every area the warehouse knows (the nation, the khuyến công regions, the 63 provinces before 1 July 2025 and
 * the 34 after), which provinces each region holds, and name resolution for messy input. Immutable.
 */
export class AreaRegistry {
  readonly areas: ReadonlyArray<AreaTable>;
  readonly memberships: ReadonlyArray<AreaMembershipTable>;
  private readonly byId: ReadonlyMap<string, AreaTable>;
  private readonly byKey: ReadonlyMap<string, ReadonlyArray<AreaTable>>;
  /** resolve's answers by level and text: a big load names the same few areas millions of times. */
  private readonly resolved = new Map<string, AreaTable | null>();

  private constructor(areas: ReadonlyArray<AreaTable>, memberships: ReadonlyArray<AreaMembershipTable>) {
    this.areas = Object.freeze([...areas]);
    this.memberships = Object.freeze([...memberships]);
    this.byId = new Map(areas.map((a) => [a.area_id, a]));
    const byKey = new Map<string, AreaTable[]>();
    for (const area of areas) {
      for (const name of [area.area_id, area.name_vi, area.name_ascii, area.name_en, ...area.aliases]) {
        const key = normalizeName(name);
        const list = byKey.get(key) ?? [];
        if (!list.includes(area)) list.push(area);
        byKey.set(key, list);
      }
    }
    this.byKey = byKey;
    Object.freeze(this);
  }

  /**
   * Builds the registry from the parsed rows of provinces.csv plus the fixed rows: VN; the regions north (28),
   * central-highlands (15), south (20), south-2011 (the south plus Lâm Đồng, 2011 only) and southeast-2013
   * (70, 72, 74, 75, 77, 79 and Lâm Đồng 68, 2012–2013); and the provinces after 1 July 2025 (`2025-` + their
   * code, named as in `merged_into_2025`, valid from 2025). A pre-2025 province is valid to 2025 and names its
   * successor. The regions and VN hold the pre-2025 provinces from 1990 to 2025.
   */
  static build(provinces: ReadonlyArray<ProvinceRecord>): AreaRegistry {
    const areas: AreaTable[] = [...FIXED_AREAS];
    const memberships: AreaMembershipTable[] = [];
    const successors = new Map<string, string>();
    for (const p of provinces) {
      if (!successors.has(p.merged_into_2025_code))
        successors.set(p.merged_into_2025_code, p.merged_into_2025);
    }
    for (const p of provinces) {
      areas.push(
        Object.freeze({
          area_id: p.gso_code,
          level: "province",
          boundary: "historical",
          gso_code: p.gso_code,
          name_vi: p.name_vi,
          name_ascii: p.name_ascii,
          name_en: p.name_ascii,
          aliases: Object.freeze([...p.aliases]),
          region_id: p.region_id,
          subregion: p.subregion,
          successor_id: `2025-${p.merged_into_2025_code}`,
          valid_from: null,
          valid_to: MERGER_YEAR,
        }),
      );
      const member = (region_id: string, from_year: number, to_year: number) =>
        memberships.push(Object.freeze({ region_id, area_id: p.gso_code, from_year, to_year }));
      member("VN", HISTORICAL_FROM, HISTORICAL_TO);
      member(p.region_id, HISTORICAL_FROM, HISTORICAL_TO);
      if (p.region_id === "south" || p.gso_code === "68") member("south-2011", 2011, 2011);
      if (SOUTHEAST_2013.includes(p.gso_code)) member("southeast-2013", 2012, 2013);
    }
    for (const [code, name] of [...successors].sort(([a], [b]) => a.localeCompare(b))) {
      const short = name.replace(/^Thành phố\s+/u, "");
      const ascii = foldDiacritics(short);
      areas.push(
        Object.freeze({
          area_id: `2025-${code}`,
          level: "province",
          boundary: "2025",
          gso_code: code,
          name_vi: name,
          name_ascii: foldDiacritics(name),
          name_en: short === name ? ascii : `${ascii} City`,
          aliases: Object.freeze(short === name ? [] : [short]),
          region_id: null,
          subregion: null,
          successor_id: null,
          valid_from: MERGER_YEAR,
          valid_to: null,
        }),
      );
    }
    memberships.sort(
      (a, b) =>
        a.region_id.localeCompare(b.region_id) ||
        a.area_id.localeCompare(b.area_id) ||
        a.from_year - b.from_year,
    );
    return new AreaRegistry(areas, memberships);
  }

  /** The area with this id (`02`, `north`, `2025-08`, `VN`), or null. */
  get(areaId: string): AreaTable | null {
    return this.byId.get(areaId) ?? null;
  }

  /**
   * The area a code or name means, or null. Accepts a GSO code (`2`, `02`), an area id (`VN`, `north`,
   * `2025-08`), a name with or without diacritics in any case, an alias (`TP HCM`, `BR-VT`, `TT-Huế`, `Huế`),
   * the old or the new name, `Viet Nam`/`cả nước`. When a name fits both a pre-2025 province and a post-2025
   * one (`Tuyên Quang`), the pre-2025 province wins; `level` restricts the search.
   */
  resolve(codeOrName: string, level?: AreaLevel): AreaTable | null {
    const key = `${level ?? ""}\u0000${codeOrName}`;
    const hit = this.resolved.get(key);
    if (hit !== undefined) return hit;
    const area = this.lookup(codeOrName, level);
    if (this.resolved.size < RESOLVED_LIMIT) this.resolved.set(key, area);
    return area;
  }

  private lookup(codeOrName: string, level?: AreaLevel): AreaTable | null {
    const text = codeOrName.trim();
    if (text === "") return null;
    const fits = (area: AreaTable | null | undefined): area is AreaTable =>
      area !== null && area !== undefined && (level === undefined || area.level === level);
    if (/^\d{1,2}$/.test(text)) {
      const area = this.byId.get(text.padStart(2, "0"));
      return fits(area) ? area : null;
    }
    const byId = this.byId.get(text) ?? this.byId.get(text.replace(/^2025-(\d)$/, "2025-0$1"));
    if (fits(byId)) return byId;
    const candidates = (this.byKey.get(normalizeName(text)) ?? []).filter(fits);
    return candidates.find((a) => a.boundary === "historical") ?? candidates[0] ?? null;
  }

  /**
   * A did-you-mean sentence for an unresolved name, or `''`: ` Did you mean "Hà Giang" (02)?`.
   */
  suggest(text: string, level?: AreaLevel): string {
    const names = new Map<string, AreaTable>();
    for (const area of this.areas) {
      if (level !== undefined && area.level !== level) continue;
      for (const name of [area.name_vi, ...area.aliases]) if (!names.has(name)) names.set(name, area);
    }
    const seen = new Set<string>();
    const picked = didYouMean(text, [...names.keys()]).filter((name) => {
      const id = names.get(name)?.area_id ?? name;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    return formatDidYouMean(picked, (name) => `"${name}" (${names.get(name)?.area_id ?? "?"})`);
  }

  /** How a message names an area: `"Hà Giang" (02)`. */
  describe(area: AreaTable): string {
    return `"${area.name_vi}" (${area.area_id})`;
  }
}
