import { parse, validate, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { analysisLimitRule, buildAppSchema } from "../../src/graphql/index.js";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

/** The messages of `analysisLimitRule(max)` on `query`. */
const errors = (query: string, max = 2) =>
  validate(schema, parse(query), [analysisLimitRule(max)]).map((e) => e.message);

const TREND = "trend(from: 2020, to: 2024) { from }";

describe("analysisLimitRule", () => {
  it("counts each alias of an analysis as one more analysis", () => {
    expect(errors(`{ a: ${TREND} b: ${TREND} c: ${TREND} }`)).toEqual([
      "This operation runs 3 analyses (trend ×3), over the limit of 2 per request: each alias of an analysis " +
        "runs it once more. Send the analyses in several requests (the server's KC_MAX_ANALYSES sets the limit).",
    ]);
  });

  it("counts a field repeated under one response key once: graphql-js runs it once", () => {
    expect(errors(`{ ${TREND} ${TREND} ${TREND} }`)).toEqual([]);
  });

  it("follows fragments and inline fragments on Query, each fragment once", () => {
    const query = `query { ...F ... on Query { b: ${TREND} } } fragment F on Query { a: ${TREND} c: share(partsBy: AREA) { slices { year } } }`;
    expect(errors(query)).toEqual([
      expect.stringMatching(/^This operation runs 3 analyses \(trend ×2, share\)/),
    ]);
  });

  it("does not count catalog fields, however many", () => {
    const aliases = Array.from({ length: 10 }, (_, i) => `s${i}: snapshot { hash }`).join(" ");
    expect(errors(`{ ${aliases} }`)).toEqual([]);
  });
});
