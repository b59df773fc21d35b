import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, print, type OperationDefinitionNode } from "graphql";
import { PROJECT_ROOT } from "../support/test-warehouse.js";

/** The text of one named operation of schema/operations/<file>.graphql, as the UI and typed clients send it. */
export function operation(file: "trend" | "slice", name: string): string {
  const document = parse(readFileSync(join(PROJECT_ROOT, "schema/operations", `${file}.graphql`), "utf8"));
  const found = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === "OperationDefinition" && d.name?.value === name,
  );
  if (found === undefined) throw new Error(`No operation ${name} in schema/operations/${file}.graphql.`);
  return print(found);
}
