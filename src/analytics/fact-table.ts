/**
 * The two fact tables the analytics read, as a frozen registry: the SQL table name and which optional
 * columns it has. Queries refer to the fact as `f` and to its area row as `a`.
 */
export type FactKind = "funding" | "outputs";

export interface FactTableDef {
  readonly kind: FactKind;
  readonly table: "funding_fact" | "output_fact";
  readonly hasActivity: boolean;
  readonly hasBudgetLevel: boolean;
  readonly hasOutputType: boolean;
}

export const FACT_TABLES: Readonly<Record<FactKind, FactTableDef>> = Object.freeze({
  funding: Object.freeze({
    kind: "funding",
    table: "funding_fact",
    hasActivity: true,
    hasBudgetLevel: true,
    hasOutputType: false,
  }),
  outputs: Object.freeze({
    kind: "outputs",
    table: "output_fact",
    hasActivity: false,
    hasBudgetLevel: false,
    hasOutputType: true,
  }),
});
