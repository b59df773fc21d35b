import {
  getNamedType,
  isEnumType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type ArgumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { tablePath } from "./flatten-result.js";

/** A result column's heading in both languages: `Value (billion VND)` and `Giá trị (tỷ đồng)`. */
export interface ColumnLabel {
  readonly en: string;
  readonly vi: string;
}

/** Headings by column path (`points.value`); a column the schema cannot name is absent. */
export type ColumnLabels = ReadonlyMap<string, ColumnLabel>;

/** A schema description's leading name, `english (tiếng Việt[, %])`, as the schema writes every field. */
interface DescribedName {
  readonly en: string;
  readonly vi: string;
  readonly percent: boolean;
}

const LEADING_NAME = /^\s*([^():;]+?)\s*\(([^()]+)\)/;

/**
 * The name a schema description starts with. Every field, enum value and unit of our schema is described as
 * `english (tiếng Việt)`, then the rest of the sentence (`value (giá trị) on the value basis, in the unit`);
 * a trailing `, %` in the parentheses marks a percentage (`share (tỷ trọng, %) = part ÷ whole × 100`).
 * Null when the description does not start that way.
 *
 * @example describedName("share (tỷ trọng, %) = part ÷ whole × 100") // → { en: "share", vi: "tỷ trọng", percent: true }
 */
function describedName(description: string | null | undefined): DescribedName | null {
  const match = LEADING_NAME.exec(description ?? "");
  if (match === null) return null;
  const parts = match[2]!.split(/,\s*/);
  const percent = parts[parts.length - 1] === "%";
  const vi = (percent ? parts.slice(0, -1) : parts).join(", ").trim();
  if (vi === "") return null;
  return { en: match[1]!, vi, percent };
}

/**
 * Headings for a cell's columns, from the live schema: the description of the field each column comes from
 * (`describedName`), with its unit when the description gives one:
 * - `%` for a percentage;
 * - the money unit of the root field's `unit` argument (as sent, else its default) when the description says
 *   "in the unit", named by that `AmountUnit` value's own description (`billion VND (tỷ đồng)`); none for a
 *   per-capita value basis, whose unit is no longer that;
 * - a money unit the description names itself ("in billion VND (tỷ đồng)").
 * Group-key columns (`keys.AREA`, `keys.AREA.label`) take the name of their dimension. Columns are matched
 * through the query (aliases, fragments) below `tablePath(data)`, where `flattenResult` takes its rows from.
 * Returns an empty map when the query does not parse.
 *
 * @example for `trend(filter: …) { series { points { year value } } }`
 *   // → "points.year" → { en: "Year", vi: "Năm" }, "points.value" → { en: "Value (billion VND)", vi: "Giá trị (tỷ đồng)" }
 */
export function columnLabels(
  schema: GraphQLSchema,
  query: string,
  variables: Readonly<Record<string, unknown>> | null,
  data: unknown,
  columns: ReadonlyArray<string>,
): ColumnLabels {
  const fields = fieldsByPath(schema, query, variables ?? {});
  const prefix = tablePath(data);
  const labels = new Map<string, ColumnLabel>();
  for (const column of columns) {
    const label = labelOf(fields, [...prefix, ...column.split(".")]);
    if (label !== null) labels.set(column, label);
  }
  return labels;
}

/** The heading of `column` in `locale`'s language, or the column path itself when the schema gave none. */
export function columnLabelText(labels: ColumnLabels | null, column: string, locale: "vi" | "en"): string {
  return labels?.get(column)?.[locale] ?? column;
}

interface SelectedField {
  readonly field: GraphQLField<unknown, unknown>;
  /** The money unit this field's "in the unit" means, from its root field's arguments; null when none applies. */
  readonly unit: ColumnLabel | null;
  /** The schema's money units (the enum of the root fields' `unit` argument), to find one a description names. */
  readonly units: GraphQLEnumType | null;
}

function fieldsByPath(
  schema: GraphQLSchema,
  query: string,
  variables: Readonly<Record<string, unknown>>,
): ReadonlyMap<string, SelectedField> {
  let document;
  try {
    document = parse(query);
  } catch {
    return new Map();
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const root = operation?.operation === "query" ? schema.getQueryType() : undefined;
  const found = new Map<string, SelectedField>();
  if (operation === undefined || root == null) return found;
  const units = moneyUnits(root);

  const walk = (
    selections: SelectionSetNode,
    parent: GraphQLNamedType | null | undefined,
    path: string,
    unit: ColumnLabel | null | undefined,
  ): void => {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = parent.getFields()[selection.name.value];
        if (field === undefined) continue;
        const key = path + (selection.alias ?? selection.name).value;
        // The root field's arguments decide the unit of everything under it.
        const fieldUnit = unit === undefined ? amountUnit(field, selection.arguments ?? [], variables) : unit;
        found.set(key, { field, unit: fieldUnit, units });
        if (selection.selectionSet !== undefined) {
          walk(selection.selectionSet, getNamedType(field.type), `${key}.`, fieldUnit);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        walk(selection.selectionSet, type, path, unit);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment !== undefined) {
          walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), path, unit);
        }
      }
    }
  };
  walk(operation.selectionSet, root, "", undefined);
  return found;
}

/** The enum of money units: the type of the root fields' `unit` argument. */
function moneyUnits(root: GraphQLObjectType): GraphQLEnumType | null {
  for (const field of Object.values(root.getFields())) {
    const type = getNamedType(field.args.find((arg) => arg.name === "unit")?.type);
    if (isEnumType(type)) return type;
  }
  return null;
}

/** The root field's money unit: its `unit` argument as sent (literal or variable), else the default. */
function amountUnit(
  field: GraphQLField<unknown, unknown>,
  argumentNodes: ReadonlyArray<ArgumentNode>,
  variables: Readonly<Record<string, unknown>>,
): ColumnLabel | null {
  const argument = field.args.find((arg) => arg.name === "unit");
  const type = argument === undefined ? undefined : getNamedType(argument.type);
  if (argument === undefined || !isEnumType(type)) return null;
  const sent = (name: string): unknown => {
    const node = argumentNodes.find((a) => a.name.value === name);
    const definition = field.args.find((arg) => arg.name === name);
    if (node === undefined || definition === undefined) return definition?.defaultValue;
    return valueFromAST(node.value, definition.type, variables as Record<string, unknown>);
  };
  if (sent("valueBasis") === "PER_CAPITA") return null;
  return unitName(type, sent("unit"));
}

function unitName(units: GraphQLEnumType, value: unknown): ColumnLabel | null {
  const described = describedName(units.getValues().find((v) => v.value === value)?.description);
  return described === null ? null : { en: described.en, vi: described.vi };
}

function labelOf(
  fields: ReadonlyMap<string, SelectedField>,
  path: ReadonlyArray<string>,
): ColumnLabel | null {
  const exact = fields.get(path.join("."));
  if (exact !== undefined) return fieldLabel(exact);
  // A pivoted group key: `keys.AREA` is the key of dimension AREA, `keys.AREA.label` its label.
  for (let cut = path.length - 1; cut > 0; cut--) {
    const keys = fields.get(path.slice(0, cut).join("."));
    if (keys === undefined) continue;
    const item = getNamedType(keys.field.type);
    if (!isObjectType(item)) return null;
    const dimensionType = getNamedType(item.getFields()["dimension"]?.type);
    const rest = path.slice(cut);
    if (!isEnumType(dimensionType) || rest.length > 2) return null;
    const dimension = describedName(dimensionType.getValue(rest[0]!)?.description);
    if (dimension === null) return null;
    if (rest.length === 1) return { en: capitalize(dimension.en), vi: capitalize(dimension.vi) };
    const field = describedName(item.getFields()[rest[1]!]?.description);
    if (field === null) return null;
    return { en: `${capitalize(dimension.en)}: ${field.en}`, vi: `${capitalize(dimension.vi)}: ${field.vi}` };
  }
  return null;
}

function fieldLabel({ field, unit, units }: SelectedField): ColumnLabel | null {
  const description = field.description ?? "";
  const name = describedName(description);
  if (name === null) return null;
  const rest = description.slice(LEADING_NAME.exec(description)![0].length);
  const namedUnit = units
    ?.getValues()
    .find((value) => value.description != null && rest.includes(`in ${value.description}`));
  const shown: ColumnLabel | null = name.percent
    ? { en: "%", vi: "%" }
    : /\bin the unit\b/.test(rest)
      ? unit
      : namedUnit === undefined
        ? null
        : unitName(units!, namedUnit.value);
  const en = capitalize(name.en);
  const vi = capitalize(name.vi);
  return shown === null ? { en, vi } : { en: `${en} (${shown.en})`, vi: `${vi} (${shown.vi})` };
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase("vi") + text.slice(1);
}
