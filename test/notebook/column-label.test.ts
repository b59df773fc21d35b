import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { columnLabels, columnLabelText, flattenResult } from "../../src/notebook/index.js";
import { PROJECT_ROOT } from "../support/test-warehouse.js";

// The committed schema, emitted from the type-graphql classes (checked for drift by test/graphql).
const schema = buildSchema(readFileSync(join(PROJECT_ROOT, "schema/schema.graphql"), "utf8"));

function labelsOf(query: string, data: unknown, variables: Record<string, unknown> = {}) {
  const { columns } = flattenResult(data);
  const labels = columnLabels(schema, query, variables, data, columns);
  return Object.fromEntries(
    columns.map((column) => [
      column,
      [columnLabelText(labels, column, "en"), columnLabelText(labels, column, "vi")],
    ]),
  );
}

describe("columnLabels", () => {
  it("names a trend's columns from the field descriptions, with the unit the query asked for", () => {
    const query = `query($f: FactFilterInput!) { trend(filter: $f, from: 2021, to: 2024, unit: MILLION_VND) {
      series { keys { dimension value label } points { year value changePercent } } } }`;
    const data = {
      trend: {
        series: [
          {
            keys: [{ dimension: "AREA", value: "north", label: "Bắc" }],
            points: [{ year: 2021, value: 1, changePercent: null }],
          },
        ],
      },
    };
    expect(labelsOf(query, data)).toEqual({
      "keys.AREA": ["Area", "Địa bàn"],
      "keys.AREA.label": ["Area: label", "Địa bàn: nhãn"],
      "points.year": ["Year", "Năm"],
      "points.value": ["Value (million VND)", "Giá trị (triệu đồng)"],
      "points.changePercent": ["Percent change (%)", "Tỷ lệ thay đổi (%)"],
    });
  });

  it("takes the unit from a variable, else the argument's default, and none for a per-capita value", () => {
    const query = `query($u: AmountUnit!, $b: ValueBasis!) { v: compare(selections: [], unit: $u, valueBasis: $b) {
      selections { label total { value reason } vsReference { percentOfReference } } } }`;
    const data = {
      v: { selections: [{ label: "a", total: { value: 1, reason: null }, vsReference: null }] },
    };
    expect(labelsOf(query, data, { u: "VND", b: "CURRENT" })).toEqual({
      label: ["Label", "Nhãn"],
      "total.value": ["Value (VND)", "Giá trị (đồng)"],
      "total.reason": ["Reason", "Lý do"],
      vsReference: ["Against the reference selection", "So với mốc"],
    });
    const plain = "{ compare(selections: []) { selections { total { value } } } }";
    const one = { compare: { selections: [{ total: { value: 1 } }] } };
    expect(labelsOf(plain, one)).toEqual({ "total.value": ["Value (billion VND)", "Giá trị (tỷ đồng)"] });
    expect(labelsOf(query, data, { u: "VND", b: "PER_CAPITA" })["total.value"]).toEqual(["Value", "Giá trị"]);
  });

  it("keeps a unit the description names itself, and the path for a column the schema cannot name", () => {
    const query = `{ claimReconciliation(sourceUrls: ["x"]) { claim numerator ...F } } fragment F on ClaimReconciliation { s: stated }`;
    const data = { claimReconciliation: [{ claim: "c", numerator: 1, s: 2, extra: 3 }] };
    expect(labelsOf(query, data)).toEqual({
      claim: ["Claim", "Nhận định"],
      numerator: ["Numerator (billion VND)", "Tử số (tỷ đồng)"],
      s: ["Stated value", "Giá trị công bố"],
      extra: ["extra", "extra"],
    });
    expect(labelsOf("{ broken", { x: [{ a: 1 }] })).toEqual({ a: ["a", "a"] });
  });
});
