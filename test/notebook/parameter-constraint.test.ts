import { describe, expect, it } from "vitest";
import {
  constraintViolations,
  ParameterError,
  parseNotebook,
  resolveParameters,
  serializeNotebook,
  updateParameter,
  removeParameter,
  ParameterSpecError,
  type ParameterValues,
} from "../../src/notebook/index.js";
import { expectFormatError, lines } from "./notebook-harness.js";

const frontMatter = (...constraintLines: string[]): string =>
  lines(
    "---",
    "title: T",
    "parameters:",
    "  years: { type: yearRange, default: [2021, 2025], label: Years }",
    "  baseYear: { type: year, default: 2021, label: Index base year }",
    "  region: { type: area, default: north }",
    "  regions: { type: areas, default: [north, south] }",
    ...constraintLines,
    "---",
    "",
  );

describe("parameter constraints", () => {
  const nb = parseNotebook(frontMatter("constraints:", "  - baseYear in years # inside the span"));

  it("catches years 2022–2024 with the index base year still 2021, naming both", () => {
    const values = resolveParameters(nb.parameters, { years: "2022-2024" });
    const violations = constraintViolations(nb.constraints!, nb.parameters, values);
    expect(violations.map(({ message, parameters }) => ({ message, parameters }))).toEqual([
      {
        message:
          'Index base year (2021) must lie within Years (2022–2024): change one of them ("baseYear in years").',
        parameters: ["baseYear", "years"],
      },
    ]);
    expect(constraintViolations(nb.constraints!, nb.parameters, { ...values, baseYear: 2022 })).toEqual([]);
  });

  it("refuses such values on the command line as a parameter error", () => {
    expect(() => resolveParameters(nb.parameters, { years: "2022-2024" }, nb.constraints)).toThrow(
      new ParameterError(
        'Index base year (2021) must lie within Years (2022–2024): change one of them ("baseYear in years").',
        "baseYear",
      ),
    );
    expect(
      resolveParameters(nb.parameters, { years: "2022-2024", baseYear: "2022" }, nb.constraints),
    ).toEqual({
      years: { from: 2022, to: 2024 },
      baseYear: 2022,
      region: "north",
      regions: ["north", "south"],
    });
  });

  it("evaluates every operator", () => {
    const check = (constraint: string, values: ParameterValues): boolean => {
      const parsed = parseNotebook(frontMatter("constraints:", `  - "${constraint}"`));
      return (
        constraintViolations(parsed.constraints!, parsed.parameters, {
          ...resolveParameters(parsed.parameters),
          ...values,
        }).length === 0
      );
    };
    expect(check("years.from >= 2015", { years: { from: 2014, to: 2020 } })).toBe(false);
    expect(check("years.from >= 2015", { years: { from: 2015, to: 2020 } })).toBe(true);
    expect(check("baseYear < years.to", { baseYear: 2025 })).toBe(false);
    expect(check("baseYear <= years.to", { baseYear: 2025 })).toBe(true);
    expect(check("baseYear > 2020", { baseYear: 2020 })).toBe(false);
    expect(check("baseYear != 2020", { baseYear: 2020 })).toBe(false);
    expect(check("baseYear == years.from", { baseYear: 2022 })).toBe(false);
    expect(check("region in regions", { region: "02" })).toBe(false);
    expect(check("region in regions", { region: "south" })).toBe(true);
  });

  it("keeps constraints with a message through a round trip and writes them canonically after a change", () => {
    const text = frontMatter(
      "constraints:",
      '  - { check: baseYear in years, message: "Chọn năm gốc trong giai đoạn." }',
    );
    const parsed = parseNotebook(text);
    expect(serializeNotebook(parsed)).toBe(text);
    expect(
      constraintViolations(parsed.constraints!, parsed.parameters, {
        ...resolveParameters(parsed.parameters),
        baseYear: 2030,
      })[0]?.message,
    ).toBe("Chọn năm gốc trong giai đoạn.");
    const renamed = updateParameter(parsed, "years", {
      name: "span",
      type: "yearRange",
      default: "2021-2025",
    });
    expect(serializeNotebook(renamed)).toBe(
      text
        .replace(
          "  years: { type: yearRange, default: [2021, 2025], label: Years }",
          "  span: { type: yearRange, default: [2021, 2025] }",
        )
        .replace(
          '  - { check: baseYear in years, message: "Chọn năm gốc trong giai đoạn." }',
          "  - { check: baseYear in span, message: Chọn năm gốc trong giai đoạn. }",
        ),
    );
  });

  it("refuses edits that would break a constraint or leave it without its parameter", () => {
    expect(() => removeParameter(nb, "years")).toThrow(
      'Parameter "years" is used by the constraint "baseYear in years"; remove the constraint from the front matter first.',
    );
    let caught: unknown;
    try {
      updateParameter(nb, "baseYear", {
        name: "baseYear",
        type: "year",
        default: "2020",
        label: "Index base year",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ParameterSpecError);
    expect((caught as ParameterSpecError).field).toBe("default");
    expect((caught as Error).message).toBe(
      'The defaults break a constraint: Index base year (2020) must lie within Years (2021–2025): change one of them ("baseYear in years").',
    );
  });

  it("reports a malformed or ill-typed constraint at its place in the file", () => {
    expectFormatError(
      frontMatter("constraints:", "  - baseYear in yeras"),
      9,
      17,
      'constraint "baseYear in yeras" refers to unknown parameter "yeras". Did you mean "years"?',
    );
    expectFormatError(
      frontMatter("constraints:", '  - "baseYear within years"'),
      9,
      15,
      'constraint "baseYear within years" has "within" where an operator belongs; use one of <, <=, >, >=, ==, !=, in.',
    );
    expectFormatError(
      frontMatter("constraints:", "  - region <= years.to"),
      9,
      12,
      'constraint "region <= years.to" orders an area and a number;',
    );
    expectFormatError(
      frontMatter("constraints:", "  - years.form >= 2015"),
      9,
      5,
      'constraint "years.form >= 2015" refers to "years.form", but a yearRange parameter has no field "form"; use .from or .to.',
    );
    expectFormatError(
      frontMatter("constraints:", "  - baseYear > years.to"),
      9,
      5,
      "the defaults break a constraint: Index base year (2021) must be after Years (last year) (2025)",
    );
    expectFormatError(frontMatter("constraints: baseYear in years"), 8, 14, "constraints must be a list;");
  });
});
