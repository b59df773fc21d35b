import { it } from "vitest";
import { openPublished, runBatch, type Call } from "./harness.js";
it("times", async () => {
  const ds = await openPublished();
  const areas = ["VN", "north", "01", "02", "35", "2025-37", "40", "79", "south", "68"];
  for (const field of ["funding", "trend", "share", "compare", "executionRate"]) {
    for (const basis of ["CURRENT", "CONSTANT", "PER_CAPITA"]) {
      const calls: Call[] = areas.flatMap((area) => {
        const filter = ["FactFilterInput", { areas: [area] }] as const;
        const v = { valueBasis: ["ValueBasis", basis], priceBaseYear: ["Int", basis === "CONSTANT" ? 2018 : undefined] } as const;
        const m: Record<string, Call> = {
          funding: { field, args: { filter, groupBy: ["[Dimension!]", ["YEAR"]], ...v }, selection: "rows { value }" },
          trend: { field, args: { filter, from: ["Int!", 2007], to: ["Int!", 2025], ...v }, selection: "series { points { value } }" },
          share: { field, args: { partsBy: ["SharePartsBy!", "FUNDING_SOURCE"], filter, ...v }, selection: "slices { whole { value } }" },
          compare: { field, args: { selections: ["[CompareSelectionInput!]!", [{ filter: filter[1] }, { filter: filter[1] }]], ...v }, selection: "selections { total { value } }" },
          executionRate: { field, args: { filter, ...v }, selection: "rates { ratePercent }" },
        };
        return [m[field]];
      });
      const t0 = performance.now();
      await runBatch(ds.server, calls);
      console.log(field, basis, ((performance.now() - t0) / calls.length).toFixed(1), "ms/field");
    }
  }
  await ds.close();
}, 120000);
