import { describe, expect, it } from "vitest";
import {
  addParameter,
  NotebookEditError,
  parseNotebook,
  ParameterSpecError,
  removeParameter,
  resolveParameters,
  serializeNotebook,
  setDescription,
  updateParameter,
} from "../../src/notebook/index.js";
import { expectFormatError, lines } from "./notebook-harness.js";

const text = lines(
  "---",
  "title: The north's plan",
  "parameters:",
  "  # where the plan was published",
  "  region: { type: area, default: north, label: Region } # the region",
  "  years: { type: yearRange, default: [2021, 2025] }",
  "---",
  "",
  "```graphql id=plan",
  "{ a }",
  "```",
  "```json variables",
  '{ "area": "{{region}}", "from": "{{years.from}}" }',
  "```",
  "",
);
const nb = parseNotebook(text);

function expectFieldError(edit: () => unknown, field: string, message: string): void {
  let caught: unknown;
  try {
    edit();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ParameterSpecError);
  expect({ field: (caught as ParameterSpecError).field, message: (caught as Error).message }).toEqual({
    field,
    message,
  });
}

describe("editing the front matter", () => {
  it("adds a description under the title and removes it again, byte for byte", () => {
    const described = setDescription(nb, "How the plan moved: a note");
    expect(serializeNotebook(described)).toBe(
      text.replace(
        "title: The north's plan\n",
        'title: The north\'s plan\ndescription: "How the plan moved: a note"\n',
      ),
    );
    const again = parseNotebook(serializeNotebook(described));
    expect(again.description).toBe("How the plan moved: a note");
    expect(serializeNotebook(setDescription(again, " "))).toBe(text);
  });

  it("adds a parameter as one new line after the others, keeping comments", () => {
    const added = addParameter(nb, {
      name: "source",
      type: "fundingSource",
      default: "national",
      label: "Funding source",
    });
    expect(serializeNotebook(added)).toBe(
      text.replace(
        "  years: { type: yearRange, default: [2021, 2025] }\n",
        "  years: { type: yearRange, default: [2021, 2025] }\n" +
          "  source: { type: fundingSource, default: NATIONAL, label: Funding source }\n",
      ),
    );
  });

  it("rewrites only the changed parameter's line, keeping the comment after it", () => {
    const changed = updateParameter(nb, "region", {
      name: "region",
      type: "area",
      default: "south",
      label: "Vùng",
      options: "north, south, '02'".replace("'02'", "02"),
    });
    expect(serializeNotebook(changed)).toBe(
      text.replace(
        "  region: { type: area, default: north, label: Region } # the region",
        '  region: { type: area, default: south, options: [north, south, "02"], label: Vùng } # the region',
      ),
    );
    expect(parseNotebook(serializeNotebook(changed)).parameters[0]).toEqual(changed.parameters[0]);
  });

  it("renames a parameter and every reference to it", () => {
    const renamed = updateParameter(nb, "years", { name: "span", type: "yearRange", default: "2022-2024" });
    const written = serializeNotebook(renamed);
    expect(written).toContain("  span: { type: yearRange, default: [2022, 2024] }\n");
    expect(written).toContain('{ "area": "{{region}}", "from": "{{span.from}}" }');
    expect(parseNotebook(written).parameters.map((parameter) => parameter.name)).toEqual(["region", "span"]);
  });

  it("removes an unused parameter with its line, and refuses one a cell uses, naming the cell", () => {
    const added = parseNotebook(
      serializeNotebook(addParameter(nb, { name: "note", type: "text", default: "" })),
    );
    expect(serializeNotebook(removeParameter(added, "note"))).toBe(text);
    expect(() => removeParameter(nb, "region")).toThrow(
      new NotebookEditError(
        'Parameter "region" is used by cell plan; remove {{region}} from their variables first.',
      ),
    );
  });

  it("refuses a type that the cells' references cannot use", () => {
    expect(() => updateParameter(nb, "years", { name: "years", type: "year", default: "2024" })).toThrow(
      'Cell "plan" variable "from" refers to "years.from", but a year parameter has no field "from"; use {{years}}.',
    );
  });

  it("names the field of an invalid parameter and changes nothing", () => {
    expectFieldError(
      () => addParameter(nb, { name: "2x", type: "year", default: 2024 }),
      "name",
      'A parameter name must be letters, digits and _ (starting with a letter), so {{name}} can refer to it; got "2x".',
    );
    expectFieldError(
      () => addParameter(nb, { name: "region", type: "year", default: 2024 }),
      "name",
      'There already is a parameter "region"; choose another name.',
    );
    expectFieldError(
      () => addParameter(nb, { name: "y", type: "yaer", default: 2024 }),
      "type",
      'Unknown parameter type "yaer". Did you mean "year"? Use one of area, areas, year, yearRange, fundingSource, stage, text.',
    );
    expectFieldError(
      () => addParameter(nb, { name: "y", type: "year", default: "20x4" }),
      "default",
      'The default expects a year such as 2024; got "20x4".',
    );
    expectFieldError(
      () => addParameter(nb, { name: "y", type: "year", default: "2024", options: "2021, 2022" }),
      "default",
      "The default allows only 2021, 2022; got 2024. Pick one of the options or add it to them.",
    );
    expectFieldError(
      () => addParameter(nb, { name: "y", type: "yearRange", default: "2021-2022", options: "2021" }),
      "options",
      'The a yearRange parameter cannot have options; bound it with a constraint instead (e.g. "years.from >= 2015").',
    );
    expect(serializeNotebook(nb)).toBe(text);
  });
});

describe("parameter options", () => {
  const withOptions = (spec: string): string =>
    lines("---", "title: T", "parameters:", `  ${spec}`, "---", "");

  it("parses options and keeps overrides within them", () => {
    const parsed = parseNotebook(
      withOptions("areas: { type: areas, default: [north], options: [north, south] }"),
    );
    expect(parsed.parameters[0]).toEqual({
      name: "areas",
      type: "areas",
      default: ["north"],
      options: ["north", "south"],
    });
    expect(resolveParameters(parsed.parameters, { areas: "south,north" })["areas"]).toEqual([
      "south",
      "north",
    ]);
    expect(() => resolveParameters(parsed.parameters, { areas: "north,02" })).toThrow(
      'Parameter "areas" (areas) allows only north, south; got "02". Pick one of the options or add it to them.',
    );
  });

  it("reports a bad option and a default outside the options at their place", () => {
    expectFormatError(
      withOptions("year: { type: year, default: 2024, options: [2023, x] }"),
      4,
      54,
      'parameter "year" option 2 expects a year such as 2024; got "x".',
    );
    expectFormatError(
      withOptions("year: { type: year, default: 2024, options: [2022, 2023] }"),
      4,
      32,
      'parameter "year" default allows only 2022, 2023; got 2024.',
    );
  });
});
