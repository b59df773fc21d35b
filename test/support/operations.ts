import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, print, visit, type DefinitionNode, type FragmentDefinitionNode } from "graphql";
import { PROJECT_ROOT } from "./test-warehouse.js";

/**
 * The text of one named operation of schema/operations/<file>.graphql with the fragments it uses, exactly as
 * the UI and the typed clients send it.
 */
export function operation(file: string, name: string): string {
  const { definitions } = parse(
    readFileSync(join(PROJECT_ROOT, "schema/operations", `${file}.graphql`), "utf8"),
  );
  const found = definitions.find((d) => d.kind === "OperationDefinition" && d.name?.value === name);
  if (found === undefined) throw new Error(`No operation ${name} in schema/operations/${file}.graphql.`);
  const fragments = new Map(
    definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === "FragmentDefinition")
      .map((f) => [f.name.value, f]),
  );
  const used = new Set<DefinitionNode>([found]);
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread: (spread) => {
        const fragment = fragments.get(spread.name.value);
        if (fragment !== undefined && !used.has(fragment)) {
          used.add(fragment);
          collect(fragment);
        }
      },
    });
  collect(found);
  return [...used].map((d) => print(d)).join("\n");
}
