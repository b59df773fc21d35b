import {
  areaUnder,
  isTotalFigure,
  passes,
  strictFilter,
  type FilterInput,
  type Valuation,
} from "./reference-facts.js";
import { valueFacts } from "./reference-values.js";
import type { FundingFactRow, WarehouseRows } from "./warehouse-rows.js";

/** The reference of rule 4 (share): see reference.ts for what the reference is and is not. */

export type SharePartsBy = "FUNDING_SOURCE" | "AREA" | "BUDGET_LEVEL";
export type ShareBasis = "PUBLISHED_TOTAL" | "SUM_OF_PARTS";

export interface ShareRequest extends Valuation {
  readonly partsBy: SharePartsBy;
  readonly filter: FilterInput;
  readonly wholeArea?: string;
  readonly basis?: ShareBasis;
}

export interface ReferenceSharePart {
  readonly key: string;
  readonly levels: ReadonlySet<string>;
  readonly amountVnd: number;
  readonly valued: ReturnType<typeof valueFacts>;
}

export interface ReferenceShareSlice {
  /** `yearFrom|yearTo|period|stage|area|fundingSource`, as `shareSliceIdentity` reads the API's. */
  readonly identity: string;
  readonly wholeArea: string | null;
  readonly parts: ReadonlyMap<string, ReferenceSharePart>;
  readonly publishedVnd: number | null;
  readonly publishedValued: ReturnType<typeof valueFacts> | null;
  readonly sumOfPartsVnd: number | null;
  readonly mixedLevels: boolean;
  /** The basis of the whole used, or null when neither gives a usable whole. */
  readonly wholeBasis: ShareBasis | null;
  /** The whole the shares divide by (current prices, VND); null: every share is null. */
  readonly wholeVnd: number | null;
  /** part key → share % (null when the whole is unusable or zero). */
  readonly shares: ReadonlyMap<string, number | null>;
}

/** The regions that make up the nation: the default parts of a nationwide whole. */
export const NATION_PARTS: ReadonlyArray<string> = ["north", "central-highlands", "south"];

/**
 * Rule 4: share% = part / whole × 100 on current amounts, per slice (year span, period, stage, and the area
 * or funding source that is not the parts' axis). The whole is its own published fact, or the sum of the
 * parts present when asked SUM_OF_PARTS (or when there is no published total and no basis is asked); a sum
 * over parts of different levels is no whole.
 */
export function referenceShare(rows: WarehouseRows, request: ShareRequest): ReferenceShareSlice[] {
  const { boundary } = request;
  const activitiesNamed = request.filter.activities !== undefined;
  const base = strictFilter(rows, request.filter, boundary);
  type Tagged = {
    fact: FundingFactRow;
    role: "part" | "whole";
    sliceArea: string | null;
    sliceSource: string | null;
    partKey: string;
  };
  const tagged: Tagged[] = [];
  let wholeArea: string | null = null;
  if (request.partsBy === "FUNDING_SOURCE") {
    const partSources = base.fundingSources ?? new Set(["national", "local"]);
    const any = { ...base, fundingSources: null };
    for (const fact of rows.funding) {
      if (!passes(rows, any, fact, boundary) || !isTotalFigure(fact, activitiesNamed)) continue;
      const role =
        fact.fundingSource === "total" ? "whole" : partSources.has(fact.fundingSource) ? "part" : null;
      if (role === null) continue;
      tagged.push({
        fact,
        role,
        sliceArea: areaUnder(rows, fact.areaId, boundary),
        sliceSource: null,
        partKey: fact.fundingSource,
      });
    }
  } else if (request.partsBy === "BUDGET_LEVEL") {
    const local = { ...base, fundingSources: new Set(["local"]) };
    for (const fact of rows.funding) {
      if (!passes(rows, local, fact, boundary) || !isTotalFigure(fact, activitiesNamed, true)) continue;
      const role = fact.budgetLevel === null ? "whole" : "part";
      tagged.push({
        fact,
        role,
        sliceArea: areaUnder(rows, fact.areaId, boundary),
        sliceSource: fact.fundingSource,
        partKey: fact.budgetLevel ?? "",
      });
    }
  } else {
    const whole = areaUnder(rows, request.wholeArea as string, boundary);
    wholeArea = whole;
    const wholeLevel = rows.areas.get(whole)?.level ?? "";
    const wholeFilter = { ...base, areaKeys: new Set([whole]), levels: new Set([wholeLevel]) };
    const partsFilter =
      wholeLevel === "region"
        ? { ...base, regions: new Set([whole]), levels: new Set(["province"]) }
        : { ...base, areaKeys: new Set(NATION_PARTS), levels: new Set(["region"]) };
    for (const fact of rows.funding) {
      if (!isTotalFigure(fact, activitiesNamed)) continue;
      const role = passes(rows, wholeFilter, fact, boundary)
        ? "whole"
        : passes(rows, partsFilter, fact, boundary)
          ? "part"
          : null;
      if (role === null) continue;
      tagged.push({
        fact,
        role,
        sliceArea: null,
        sliceSource: fact.fundingSource,
        partKey: areaUnder(rows, fact.areaId, boundary),
      });
    }
  }

  const slices = new Map<
    string,
    { whole: FundingFactRow[]; parts: Map<string, FundingFactRow[]>; area: string | null }
  >();
  for (const t of tagged) {
    const f = t.fact;
    const identity = [f.yearFrom, f.yearTo, f.period, f.stage, t.sliceArea, t.sliceSource]
      .join("|")
      .toLowerCase();
    const slice = slices.get(identity) ?? {
      whole: [] as FundingFactRow[],
      parts: new Map<string, FundingFactRow[]>(),
      area: t.sliceArea,
    };
    slices.set(identity, slice);
    if (t.role === "whole") slice.whole.push(f);
    else slice.parts.set(t.partKey, [...(slice.parts.get(t.partKey) ?? []), f]);
  }
  const baseYear = request.priceBaseYear;
  return [...slices].map(([identity, s]): ReferenceShareSlice => {
    const parts = new Map<string, ReferenceSharePart>();
    for (const [key, facts] of s.parts) {
      const valued = valueFacts(rows, facts, request.valueBasis, baseYear);
      parts.set(key, {
        key,
        levels: new Set(facts.map((f) => f.level)),
        amountVnd: valued.amountVnd,
        valued,
      });
    }
    const publishedValued =
      s.whole.length === 0 ? null : valueFacts(rows, s.whole, request.valueBasis, baseYear);
    const publishedVnd = publishedValued?.amountVnd ?? null;
    let sum: number | null = parts.size === 0 ? null : 0;
    for (const p of parts.values()) sum = (sum as number) + p.amountVnd;
    const levels = new Set([...parts.values()].flatMap((p) => [...p.levels]));
    const mixedLevels = levels.size > 1;
    let wholeBasis: ShareBasis | null;
    if (request.basis === "PUBLISHED_TOTAL" || (request.basis === undefined && publishedVnd !== null)) {
      wholeBasis = publishedVnd === null ? null : "PUBLISHED_TOTAL";
    } else {
      wholeBasis = sum === null || mixedLevels ? null : "SUM_OF_PARTS";
    }
    const wholeVnd =
      wholeBasis === "PUBLISHED_TOTAL" ? publishedVnd : wholeBasis === "SUM_OF_PARTS" ? sum : null;
    const shares = new Map<string, number | null>();
    for (const p of parts.values()) {
      shares.set(p.key, wholeVnd === null || wholeVnd === 0 ? null : (p.amountVnd / wholeVnd) * 100);
    }
    return {
      identity,
      wholeArea: wholeArea ?? s.area,
      parts,
      publishedVnd,
      publishedValued,
      sumOfPartsVnd: sum,
      mixedLevels,
      wholeBasis,
      wholeVnd,
      shares,
    };
  });
}
