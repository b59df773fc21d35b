import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

/**
 * The Query fields that run an analysis: each one is a warehouse query over the facts plus the shaping of its
 * rows, the expensive part of any request (the widest trend of the published data is 1.3 MB and a second).
 */
export const ANALYSIS_FIELDS: ReadonlySet<string> = new Set([
  "funding",
  "outputs",
  "trend",
  "outputTrend",
  "share",
  "compare",
  "executionRate",
  "fundingFacts",
  "outputFacts",
]);

/** Analyses per operation unless configured (KC_MAX_ANALYSES): a few panels of a dashboard in one request. */
export const DEFAULT_MAX_ANALYSES = 5;

/**
 * A validation rule: an operation may run at most `maxAnalyses` analyses (ANALYSIS_FIELDS), counted per
 * response key, so each alias of an analysis counts as one more analysis (`a: trend(…) b: trend(…)` is two) and
 * a field repeated under the same key, which graphql-js runs once, counts once. Fragments on Query are followed.
 *
 * Why our own rule: graphql-armor's costLimit gives every object field the same cost (objectCost, scalarCost,
 * depthCostFactor, times a literal `first`/`last`), with no weight per field, so ten aliases of the widest trend
 * (10.5 MB) cost as little as ten `snapshot { hash }`; its maxAliases counts an alias of `snapshot` like one of
 * `trend`. Neither can tell an analysis from a catalog lookup.
 */
export function analysisLimitRule(maxAnalyses: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const analyses = new Map<string, string>();
      collectAnalyses(operation.selectionSet, context, analyses, new Set());
      if (analyses.size <= maxAnalyses) return;
      context.reportError(
        new GraphQLError(
          `This operation runs ${analyses.size} analyses (${describe(analyses)}), over the limit of ` +
            `${maxAnalyses} per request: each alias of an analysis runs it once more. Send the analyses in ` +
            `several requests (the server's KC_MAX_ANALYSES sets the limit).`,
          { nodes: operation },
        ),
      );
    },
  });
}

/** Adds the response key → field name of every analysis selected at the root of `set`. */
function collectAnalyses(
  set: SelectionSetNode,
  context: ValidationContext,
  analyses: Map<string, string>,
  seenFragments: Set<string>,
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (ANALYSIS_FIELDS.has(name)) analyses.set(selection.alias?.value ?? name, name);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectAnalyses(selection.selectionSet, context, analyses, seenFragments);
    } else if (!seenFragments.has(selection.name.value)) {
      seenFragments.add(selection.name.value);
      const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(selection.name.value);
      if (fragment) collectAnalyses(fragment.selectionSet, context, analyses, seenFragments);
    }
  }
}

/** `trend ×10, share ×2`, most frequent first. */
function describe(analyses: ReadonlyMap<string, string>): string {
  const counts = new Map<string, number>();
  for (const field of analyses.values()) counts.set(field, (counts.get(field) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([field, n]) => (n === 1 ? field : `${field} ×${n}`))
    .join(", ");
}
