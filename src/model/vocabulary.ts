import { normalizeName } from "../shared/vietnamese-text.js";

/** Which fact tables a term or dimension belongs to. */
export type FactKind = "funding" | "outputs";

/**
 * One value of a vocabulary, written once: the string stored in the warehouse, its GraphQL enum name, English
 * and Vietnamese labels, an abbreviation, the spellings input files use, and a description for the API.
 */
export interface TermSpec<V extends string> {
  readonly value: V;
  readonly graphql: string;
  readonly en: string;
  readonly vi: string;
  readonly abbreviation?: string;
  /** Spellings an input file may use besides `value`, `en`, `vi` and `abbreviation` (case and diacritics ignored). */
  readonly synonyms?: ReadonlyArray<string>;
  /** The API's description of the value, bilingual. */
  readonly description: string;
  /** The fact tables the value applies to; both when omitted. */
  readonly only?: FactKind;
}

export interface Term<V extends string> extends Required<Omit<TermSpec<V>, "abbreviation" | "only">> {
  readonly abbreviation: string | null;
  readonly appliesTo: ReadonlyArray<FactKind>;
  /** "National · Quốc gia (KCQG)": the label a picker shows. */
  readonly label: string;
  /** "national funding (khuyến công quốc gia, KCQG)": the term in a sentence or an English label. */
  readonly phrase: string;
}

/**
 * A closed set of values (funding source, stage, level…), defined once. Everything else derives from it: the
 * DDL's CHECK constraints (`sqlList`), the Kysely column types (`Values<typeof X>`), the ETL's synonyms
 * (`parse`), the GraphQL enum (`graphqlEnum`, `graphqlValuesConfig`), notebook parameter kinds and web labels.
 */
export interface Vocabulary<V extends string> {
  /** The GraphQL enum's name: `FundingSource`. */
  readonly name: string;
  readonly description: string;
  readonly terms: ReadonlyArray<Term<V>>;
  readonly values: ReadonlyArray<V>;
  /** `{ NATIONAL: "national", … }`: the object type-graphql registers as the enum. */
  readonly graphqlEnum: Readonly<Record<string, V>>;
  readonly graphqlValuesConfig: Readonly<Record<string, { readonly description: string }>>;
  /** `('national', 'local', 'total')`: the values as a SQL list for CHECK constraints (constants, not user text). */
  readonly sqlList: string;
  /** Every accepted spelling, for did-you-mean messages. */
  readonly spellings: ReadonlyArray<string>;
  term(value: V): Term<V>;
  /** The value a text names, by any spelling, case- and diacritic-insensitive; null when none. */
  parse(text: string, kind?: FactKind): V | null;
  /** The values that apply to a fact table. */
  valuesFor(kind: FactKind): ReadonlyArray<V>;
}

/** The values of a vocabulary as a type: `Values<typeof FUNDING_SOURCE>` is `"national" | "local" | "total"`. */
export type Values<T> = T extends Vocabulary<infer V> ? V : never;

export function defineVocabulary<const V extends string>(spec: {
  readonly name: string;
  readonly description: string;
  readonly terms: ReadonlyArray<TermSpec<V>>;
}): Vocabulary<V> {
  const terms: ReadonlyArray<Term<V>> = Object.freeze(
    spec.terms.map((t) =>
      Object.freeze({
        value: t.value,
        graphql: t.graphql,
        en: t.en,
        vi: t.vi,
        abbreviation: t.abbreviation ?? null,
        synonyms: Object.freeze([...(t.synonyms ?? [])]),
        description: t.description,
        appliesTo: Object.freeze(t.only === undefined ? (["funding", "outputs"] as const) : [t.only]),
        label: `${capitalize(t.en)} · ${capitalize(t.vi)}${t.abbreviation === undefined ? "" : ` (${t.abbreviation})`}`,
        phrase: `${t.en} (${t.vi}${t.abbreviation === undefined ? "" : `, ${t.abbreviation}`})`,
      }),
    ),
  );
  const byValue = new Map(terms.map((t) => [t.value, t]));
  const spellingsOf = (t: Term<V>): string[] => [
    t.value,
    t.en,
    t.vi,
    ...(t.abbreviation === null ? [] : [t.abbreviation]),
    ...t.synonyms,
  ];
  const keys = new Map<string, Term<V>>();
  for (const t of terms)
    for (const spelling of spellingsOf(t)) {
      const key = normalizeName(spelling);
      // A spelling of punctuation alone ("~") has no key: it would match any empty or punctuation-only text.
      if (key !== "" && !keys.has(key)) keys.set(key, t);
    }
  return Object.freeze({
    name: spec.name,
    description: spec.description,
    terms,
    values: Object.freeze(terms.map((t) => t.value)),
    graphqlEnum: Object.freeze(Object.fromEntries(terms.map((t) => [t.graphql, t.value]))),
    graphqlValuesConfig: Object.freeze(
      Object.fromEntries(terms.map((t) => [t.graphql, Object.freeze({ description: t.description })])),
    ),
    sqlList: `(${terms.map((t) => `'${t.value.replace(/'/g, "''")}'`).join(", ")})`,
    spellings: Object.freeze([...new Set(terms.flatMap(spellingsOf))]),
    term(value: V): Term<V> {
      const term = byValue.get(value);
      if (term === undefined) throw new Error(`"${value}" is not a value of ${spec.name}.`);
      return term;
    },
    parse(text: string, kind?: FactKind): V | null {
      const key = normalizeName(text);
      const term = key === "" ? undefined : keys.get(key);
      if (term === undefined) return null;
      return kind === undefined || term.appliesTo.includes(kind) ? term.value : null;
    },
    valuesFor(kind: FactKind): ReadonlyArray<V> {
      return Object.freeze(terms.filter((t) => t.appliesTo.includes(kind)).map((t) => t.value));
    },
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
