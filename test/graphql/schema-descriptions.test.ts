import {
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { buildAppSchema } from "../../src/graphql/index.js";

// "plan (kế hoạch)": an English term followed by the Vietnamese one in parentheses, somewhere in the text.
const BILINGUAL = /\([^)]*[^\x00-\x7F][^)]*\)/;

function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (where: string, description: string | null | undefined): void => {
    if (!description || !BILINGUAL.test(description)) missing.push(where);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    if (type === schema.getQueryType() || type === schema.getMutationType()) {
      // Root types need no description of their own; their fields do.
    } else {
      check(type.name, type.description);
    }
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of "args" in field ? field.args : [])
          check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isEnumType(type))
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
  }
  return missing;
}

describe("the schema's descriptions", () => {
  it("give the Vietnamese term beside the English one for every type, field, argument and enum value", async () => {
    expect(undescribed(await buildAppSchema())).toEqual([]);
  });
});
