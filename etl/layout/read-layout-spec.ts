import { readFile, stat } from "node:fs/promises";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from "yaml";
import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { etlError, type EtlIssue } from "../etl-issue.js";
import { INPUT_COLUMNS } from "../extract/input-columns.js";
import { INPUT_KINDS, type InputKind } from "../extract/input-kind.js";
import { compileTemplate } from "./header-template.js";
import { EITHER_FIELDS, layoutField, layoutFields, readFieldValue } from "./layout-fields.js";
import { NUMBER_FORMATS, type NumberFormat } from "../../src/shared/vietnamese-number.js";
import {
  type ColumnRule,
  type FieldSetting,
  type LayoutSpec,
  type NumberFormatAt,
  type RowCondition,
  type RowRule,
  type SpecLocation,
  type TemplateAt,
  type ValueColumns,
  type ValueRule,
} from "./layout-spec.js";

/** A spec is a few dozen lines; anything far bigger is not one. */
const MAX_SPEC_BYTES = 256 * 1024;

/** Reads and checks a layout spec file; `file` is the name messages use. Never throws for a bad spec. */
export async function readLayoutSpec(
  absolutePath: string,
  file: string,
): Promise<{ readonly spec: LayoutSpec | null; readonly issues: ReadonlyArray<EtlIssue> }> {
  let text: string;
  try {
    const { size } = await stat(absolutePath);
    if (size > MAX_SPEC_BYTES)
      return fail(
        file,
        `The layout spec ${file} is ${size} bytes: a spec is a short YAML file (at most 256 KB).`,
      );
    text = await readFile(absolutePath, "utf8");
  } catch (error) {
    return fail(file, `The layout spec ${file} cannot be read: ${(error as Error).message}.`);
  }
  return parseLayoutSpec(text, file);
}

function fail(file: string, message: string) {
  return { spec: null, issues: [etlError({ file, message })] };
}

/**
 * Parses and checks a layout spec's text. Every mistake is reported, each with the line and column of the YAML
 * node at fault and a did-you-mean where one helps: YAML syntax, an unknown key or field, a value the field's
 * vocabulary (src/model) does not know, a template that does not compile, a field given twice, a required field
 * given nowhere. The spec is returned only when there is none.
 *
 * Why hand checks over the YAML tree rather than a schema library (zod, valibot): every message must point at
 * the node (line and column), suggest the key or value meant, and read field names and values from our own
 * registries (input columns, src/model vocabularies, periods, money units); a schema library would check the
 * shapes, the smaller part, and each of its messages would still have to be rewritten and mapped back to a node.
 */
export function parseLayoutSpec(
  text: string,
  file: string,
): { readonly spec: LayoutSpec | null; readonly issues: ReadonlyArray<EtlIssue> } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const reader = new SpecReader(file, lineCounter);
  // The first syntax error only: the ones after it are mostly its consequences.
  for (const error of doc.errors.slice(0, 1)) {
    const pos = lineCounter.linePos(error.pos[0]);
    const reason = error.message.replace(/\s+at line \d+.*$/s, "").replace(/\.$/, "");
    reader.issues.push(
      etlError({
        file,
        line: pos.line,
        column: String(pos.col),
        message: `Bad YAML in the layout spec ${file} line ${pos.line}, column ${pos.col}: ${reason}.`,
      }),
    );
  }
  if (reader.issues.length > 0) return { spec: null, issues: reader.issues };
  const spec = reader.spec(doc.contents);
  return { spec: reader.issues.length > 0 ? null : spec, issues: reader.issues };
}

const TOP_KEYS = [
  "kind",
  "files",
  "sheets",
  "header",
  "find",
  "set",
  "columns",
  "values",
  "rows",
  "number_format",
] as const;

/** Where a field got its value for the file: a clash between two of them is an error. */
type FieldOrigin = { readonly where: string; readonly at: SpecLocation };

class SpecReader {
  readonly issues: EtlIssue[] = [];
  private kind: InputKind = "funding";
  /** Fields given for the whole file (set, find, sheets, columns), to report one given twice. */
  private readonly fileFields = new Map<string, FieldOrigin>();
  /** Every field the spec gives somewhere, for the required-field check. */
  private readonly given = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  at(node: Node | null | undefined): SpecLocation {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }

  where(at: SpecLocation): string {
    return `${this.file} line ${at.line}, column ${at.col}`;
  }

  error(node: Node | null | undefined, message: (where: string) => string): void {
    const at = this.at(node);
    this.issues.push(
      etlError({ file: this.file, line: at.line, column: String(at.col), message: message(this.where(at)) }),
    );
  }

  spec(root: Node | null): LayoutSpec | null {
    if (!isMap(root)) {
      this.error(
        root,
        (w) =>
          `The layout spec ${w} is not a mapping: start with "kind: funding" and the keys of docs/layout-specs.md.`,
      );
      return null;
    }
    const top = this.entries(root, TOP_KEYS, "the layout spec");
    const kindNode = top.get("kind");
    if (kindNode !== undefined) {
      const text = this.text(kindNode, "kind");
      if (text !== null) {
        const kind = INPUT_KINDS.find((k) => k === text.trim().toLowerCase());
        if (kind === undefined) {
          const hint = formatDidYouMean(didYouMean(text, INPUT_KINDS));
          this.error(
            kindNode,
            (w) => `Unknown kind "${text}" in ${w}.${hint || ` Use one of ${INPUT_KINDS.join(", ")}.`}`,
          );
        } else this.kind = kind;
      }
    }
    const numberFormat = this.numberFormat(top.get("number_format"));
    const files = this.templates(top.get("files"), "files", false);
    const sheetsNode = top.get("sheets");
    const sheets = sheetsNode === undefined ? null : this.templates(sheetsNode, "sheets", true);
    for (const t of sheets ?? [])
      for (const f of t.template.fields) this.fileField(f, "the sheet name", t.at);
    const header = this.header(top.get("header"));
    const find = this.templates(top.get("find"), "find", true);
    for (const t of find) for (const f of t.template.fields) this.fileField(f, "a cell above the data", t.at);
    const set = this.settings(top.get("set"), "set");
    for (const s of set) this.fileField(s.field, "set", s.at);
    const columns = this.columns(top.get("columns"));
    const values = this.values(top.get("values"));
    const rows = this.rows(top.get("rows"), columns);
    // A misspelt field would also be "given nowhere": report that once, as the misspelling.
    if (this.issues.length === 0) this.checkRequired(root);
    return {
      file: this.file,
      kind: this.kind,
      files,
      sheets,
      header: header.rows,
      headerAt: header.at,
      find,
      set,
      columns,
      values,
      rows,
      numberFormat,
    };
  }

  /** A mapping's entries by key, reporting unknown keys (with a did-you-mean) and non-string keys. */
  private entries<K extends string>(map: YAMLMap, keys: ReadonlyArray<K>, what: string): Map<K, Node> {
    const out = new Map<K, Node>();
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : null;
      if (key === null || !keys.includes(key as K)) {
        const hint = key === null ? "" : formatDidYouMean(didYouMean(key, keys));
        this.error(
          keyNode,
          (w) =>
            `Unknown key "${key ?? "?"}" in ${what} at ${w}.${hint || ` The keys are ${keys.join(", ")}.`}`,
        );
        continue;
      }
      out.set(key as K, (pair.value as Node | null) ?? (keyNode as Node));
    }
    return out;
  }

  /** A scalar's text (numbers as written), or null after an error. */
  private text(node: Node, what: string): string | null {
    if (isAlias(node)) {
      this.error(
        node,
        (w) => `An alias at ${w}: layout specs do not use YAML anchors and aliases; write the ${what} out.`,
      );
      return null;
    }
    if (!isScalar(node) || node.value === null || typeof node.value === "object") {
      this.error(node, (w) => `The ${what} at ${w} must be a single value, not ${describe(node)}.`);
      return null;
    }
    return typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
  }

  private list(node: Node | undefined): Node[] {
    if (node === undefined) return [];
    if (isSeq(node)) return node.items as Node[];
    return [node];
  }

  /** A pattern; only a row rule's may be empty (it matches an empty cell). */
  private template(node: Node, what: string, placeholders: boolean, allowEmpty = false): TemplateAt | null {
    const text = this.text(node, what);
    if (text === null) return null;
    if (text.trim() === "" && !allowEmpty) {
      this.error(node, (w) => `An empty pattern in ${what} at ${w}: write the text to look for.`);
      return null;
    }
    const compiled = compileTemplate(text);
    if (!compiled.ok) {
      this.error(node, (w) => `Bad pattern "${text}" in ${what} at ${w}: ${compiled.reason}.`);
      return null;
    }
    const at = this.at(node);
    if (!placeholders && compiled.template.fields.length > 0) {
      this.error(
        node,
        (w) =>
          `The pattern "${text}" in ${what} at ${w} cannot capture fields: remove {${compiled.template.fields[0]}}.`,
      );
      return null;
    }
    for (const name of compiled.template.fields) {
      const field = this.field(node, name, `{${name}} in "${text}"`);
      if (field === null) return null;
      this.given.add(field);
    }
    const fields = compiled.template.fields.map((f) => layoutField(this.kind, f) ?? f);
    return { template: { ...compiled.template, fields }, at };
  }

  private templates(
    node: Node | undefined,
    what: string,
    placeholders: boolean,
    allowEmpty = false,
  ): TemplateAt[] {
    return this.list(node).flatMap((item) => this.template(item, what, placeholders, allowEmpty) ?? []);
  }

  /** A field name of the spec's kind, or null after an error with a did-you-mean. */
  private field(node: Node | null | undefined, name: string, what: string): string | null {
    const field = layoutField(this.kind, name);
    if (field !== null) return field;
    const known = layoutFields(this.kind);
    const hint = formatDidYouMean(didYouMean(name, known));
    this.error(
      node,
      (w) =>
        `Unknown field ${what} at ${w}: a ${this.kind} table has no field "${name}".${hint || ` Its fields are ${known.join(", ")}.`}`,
    );
    return null;
  }

  private fileField(field: string, where: string, at: SpecLocation): void {
    this.given.add(field);
    const first = this.fileFields.get(field);
    if (first === undefined) {
      this.fileFields.set(field, { where, at });
      return;
    }
    this.issues.push(
      etlError({
        file: this.file,
        line: at.line,
        column: String(at.col),
        message: `The field ${field} is given twice for the whole file: by ${first.where} at ${this.where(first.at)} and by ${where} at ${this.where(at)}. Keep one.`,
      }),
    );
  }

  private numberFormat(node: Node | undefined): NumberFormatAt | null {
    if (node === undefined) return null;
    const text = this.text(node, "number_format");
    if (text === null) return null;
    const format = NUMBER_FORMATS.find((f) => f === text.trim().toLowerCase());
    if (format === undefined) {
      const hint = formatDidYouMean(didYouMean(text, NUMBER_FORMATS));
      this.error(
        node,
        (w) =>
          `Unknown number_format "${text}" at ${w}.${hint} Use decimal-comma (1.234,5, as Vietnamese documents write) or decimal-point (1,234.5).`,
      );
      return null;
    }
    return { format: format satisfies NumberFormat, at: this.at(node) };
  }

  private header(node: Node | undefined): { rows: number[]; at: SpecLocation } {
    if (node === undefined) return { rows: [1], at: { file: this.file, line: 1, col: 1 } };
    const rows: number[] = [];
    for (const item of this.list(node)) {
      const text = this.text(item, "header row");
      if (text === null) continue;
      const row = Number(text);
      if (!Number.isInteger(row) || row < 1 || row > 1_048_576) {
        this.error(
          item,
          (w) => `Bad header row "${text}" at ${w}: write the row numbers of the header, such as [3, 4].`,
        );
        continue;
      }
      if (rows.length > 0 && row <= rows.at(-1)!) {
        this.error(
          item,
          (w) =>
            `Header row ${row} at ${w} comes after row ${rows.at(-1)}: list the header rows from top to bottom.`,
        );
        continue;
      }
      rows.push(row);
    }
    if (rows.length === 0 && isSeq(node))
      this.error(node, (w) => `No header rows at ${w}: write at least one, such as [3, 4].`);
    return { rows: rows.length > 0 ? rows : [1], at: this.at(node) };
  }

  /** `field: value` settings, each value read by its field's vocabulary. */
  private settings(node: Node | undefined, what: string): FieldSetting[] {
    if (node === undefined) return [];
    if (!isMap(node)) {
      this.error(
        node,
        (w) => `${capitalize(what)} at ${w} must map fields to values (year: 2024), not ${describe(node)}.`,
      );
      return [];
    }
    const out: FieldSetting[] = [];
    const seen = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const name = isScalar(keyNode) ? String(keyNode.value) : "?";
      const field = this.field(keyNode, name, `"${name}" under ${what}`);
      const valueNode = (pair.value as Node | null) ?? keyNode;
      if (field === null || valueNode === null) continue;
      // Given, even if its value is refused below: that is reported once, as the value.
      this.given.add(field);
      if (seen.has(field)) {
        this.error(keyNode, (w) => `The field ${field} is set twice under ${what} at ${w}.`);
        continue;
      }
      seen.add(field);
      const text = this.text(valueNode, `value of ${field}`);
      if (text === null) continue;
      const read = readFieldValue(this.kind, field, text);
      if (!read.ok) {
        this.error(valueNode, (w) => `Bad ${name} under ${what} at ${w}: ${read.reason}`);
        continue;
      }
      out.push({ field, value: read.value, at: this.at(valueNode) });
    }
    return out;
  }

  private columns(node: Node | undefined): ColumnRule[] {
    if (node === undefined) return [];
    if (!isMap(node)) {
      this.error(
        node,
        (w) => `columns at ${w} must map fields to headers (project: "Tên đề án"), not ${describe(node)}.`,
      );
      return [];
    }
    const out: ColumnRule[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const name = isScalar(keyNode) ? String(keyNode.value) : "?";
      const field = this.field(keyNode, name, `"${name}" under columns`);
      const valueNode = pair.value as Node | null;
      if (field === null || valueNode === null) continue;
      let headerNode: Node | undefined = valueNode;
      let numberFormat: NumberFormatAt | null = null;
      if (isMap(valueNode)) {
        const entries = this.entries(valueNode, ["header", "number_format"] as const, `the column ${field}`);
        headerNode = entries.get("header");
        numberFormat = this.numberFormat(entries.get("number_format"));
        if (headerNode === undefined) {
          this.error(valueNode, (w) => `The column ${field} at ${w} needs a header: write header: "…".`);
          continue;
        }
      }
      const header = this.template(headerNode, `the header of ${field}`, true);
      if (header === null) continue;
      this.fileField(field, "columns", this.at(keyNode));
      for (const f of header.template.fields) this.fileField(f, `the header of column ${field}`, header.at);
      out.push({ field, header, numberFormat });
    }
    return out;
  }

  private values(node: Node | undefined): ValueColumns | null {
    if (node === undefined) return null;
    if (!isMap(node)) {
      this.error(
        node,
        (w) => `values at ${w} must be a mapping with field: and columns:, not ${describe(node)}.`,
      );
      return null;
    }
    const entries = this.entries(node, ["field", "columns"] as const, "values");
    const fieldNode = entries.get("field");
    const columnsNode = entries.get("columns");
    if (fieldNode === undefined || columnsNode === undefined) {
      this.error(
        node,
        (w) =>
          `values at ${w} needs field: (the field each value cell fills, such as amount) and columns: (the header patterns of the value columns).`,
      );
      return null;
    }
    const name = this.text(fieldNode, "field of values");
    const field = name === null ? null : this.field(fieldNode, name, `"${name}" under values`);
    if (field === null) return null;
    this.fileField(field, "values", this.at(fieldNode));
    const rules: ValueRule[] = [];
    for (const item of this.list(columnsNode)) {
      let headerNode: Node | undefined = item;
      let set: FieldSetting[] = [];
      let numberFormat: NumberFormatAt | null = null;
      if (isMap(item)) {
        const rule = this.entries(item, ["header", "set", "number_format"] as const, "a value column");
        headerNode = rule.get("header");
        set = this.settings(rule.get("set"), "the value column's set");
        numberFormat = this.numberFormat(rule.get("number_format"));
        if (headerNode === undefined) {
          this.error(
            item,
            (w) => `The value column at ${w} needs a header pattern: write header: "Năm {year}".`,
          );
          continue;
        }
      }
      const header = this.template(headerNode, "a value column's header", true);
      if (header === null) continue;
      for (const f of [...header.template.fields, ...set.map((s) => s.field)]) {
        this.given.add(f);
        const clash = this.fileFields.get(f);
        if (clash !== undefined)
          this.error(
            headerNode,
            (w) =>
              `The value column at ${w} gives ${f}, which ${clash.where} at ${this.where(clash.at)} already gives for the whole file. Keep one.`,
          );
      }
      rules.push({ header, set, numberFormat });
    }
    if (rules.length === 0 && this.issues.length === 0)
      this.error(columnsNode, (w) => `values at ${w} lists no value columns.`);
    return { field, at: this.at(fieldNode), rules };
  }

  private rows(node: Node | undefined, columns: ReadonlyArray<ColumnRule>): RowRule[] {
    if (node === undefined) return [];
    if (!isSeq(node)) {
      this.error(node, (w) => `rows at ${w} must be a list of rules (- match: …), not ${describe(node)}.`);
      return [];
    }
    const out: RowRule[] = [];
    for (const item of node.items as Node[]) {
      if (!isMap(item)) {
        this.error(
          item,
          (w) => `A row rule at ${w} must be a mapping (match:, and skip:, total:, section: or set:).`,
        );
        continue;
      }
      const entries = this.entries(item, ["match", "skip", "total", "section", "set"] as const, "a row rule");
      const matchNode = entries.get("match");
      if (matchNode === undefined || !isMap(matchNode)) {
        this.error(
          matchNode ?? item,
          (w) =>
            `The row rule at ${w} needs match: with a column and its pattern ("Tên đề án": "Tỉnh {geo_name}").`,
        );
        continue;
      }
      const match: RowCondition[] = [];
      for (const pair of matchNode.items) {
        const keyNode = pair.key as Node;
        const key = this.text(keyNode, "column of a match");
        if (key === null) continue;
        const mapped = layoutField(this.kind, key);
        const field = mapped !== null && columns.some((c) => c.field === mapped) ? mapped : null;
        const header = field === null ? this.template(keyNode, "a match's column", false) : null;
        const patterns = this.templates(
          (pair.value as Node | null) ?? undefined,
          `the match of "${key}"`,
          true,
          true,
        );
        if (patterns.length === 0 && pair.value === null)
          this.error(
            keyNode,
            (w) => `The match of "${key}" at ${w} has no pattern: write "" for an empty cell.`,
          );
        for (const p of patterns) for (const f of p.template.fields) this.given.add(f);
        match.push({ field, header, patterns, at: this.at(keyNode) });
      }
      const flag = (name: "skip" | "total" | "section") => {
        const flagNode = entries.get(name);
        if (flagNode === undefined) return false;
        if (isScalar(flagNode) && typeof flagNode.value === "boolean") return flagNode.value;
        this.error(flagNode, (w) => `${name} at ${w} must be true or false.`);
        return false;
      };
      const skip = flag("skip");
      const total = flag("total");
      const section = flag("section");
      const set = this.settings(entries.get("set"), "the row rule's set");
      for (const s of set) this.given.add(s.field);
      if (skip && (total || section || set.length > 0))
        this.error(
          item,
          (w) =>
            `The row rule at ${w} skips the row, so total, section and set do nothing: remove them or skip.`,
        );
      out.push({ at: this.at(item), match, skip, total, section, set });
    }
    return out;
  }

  private checkRequired(root: Node): void {
    const spec = INPUT_COLUMNS[this.kind];
    const hint = "add each under set:, as a column, or as a {placeholder} in a pattern";
    for (const [a, b] of EITHER_FIELDS) {
      if (this.given.has(a) || this.given.has(b)) {
        this.given.add(a);
        this.given.add(b);
      }
    }
    const missing: string[] = spec.required.filter((field) => !this.given.has(field));
    for (const [a, b] of EITHER_FIELDS)
      if (missing.includes(a) && missing.includes(b)) missing.splice(missing.indexOf(a), 2, `${a} or ${b}`);
    if (missing.length > 0)
      this.error(
        root,
        () =>
          `The layout spec ${this.file} gives no ${list(missing)}, which a ${this.kind} table needs: ${hint}.`,
      );
    if (spec.oneOf && !spec.oneOf.some((set) => set.every((f) => this.given.has(f)))) {
      const forms = spec.oneOf.map((set) => set.join(" + ")).join(" or ");
      this.error(
        root,
        () => `The layout spec ${this.file} gives no amount: a ${this.kind} table needs ${forms}; ${hint}.`,
      );
    }
  }
}

function describe(node: Node | null | undefined): string {
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node) && node.value === null) return "nothing";
  return "this";
}

/** `a, b and c` */
function list(items: ReadonlyArray<string>): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
