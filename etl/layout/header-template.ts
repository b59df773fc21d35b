import { foldHeader, foldHeaderWithOffsets } from "../../src/shared/vietnamese-text.js";

/**
 * A text pattern of a layout spec, as written for sheet names, header cells and row labels:
 * `"Kế hoạch năm {year} / {funding_source}"`. Literal text is compared as `foldHeader` folds it (diacritics,
 * case and line breaks ignored); `{field}` captures a non-empty part of the text for that field; `*` matches any
 * text, or none. `"Năm {year}"` matches `"NĂM\n2024"` with year `"2024"`.
 *
 * Matched without regular expressions, by the classic glob algorithm (prefix, suffix, and the leftmost place of
 * every literal between): linear in the text, so a cell of any length and a spec of any shape cannot make a
 * match run away (a regular expression built from user text could backtrack for minutes). Two variable parts
 * must be separated by literal text, so that what each captures is well defined.
 */
export interface HeaderTemplate {
  /** The template as written. */
  readonly text: string;
  /** The fields its placeholders name, in order. */
  readonly fields: ReadonlyArray<string>;
  readonly parts: ReadonlyArray<TemplatePart>;
}

type TemplatePart =
  | { readonly kind: "literal"; readonly folded: string }
  | { readonly kind: "capture"; readonly field: string }
  | { readonly kind: "any" };

export type CompiledTemplate =
  { readonly ok: true; readonly template: HeaderTemplate } | { readonly ok: false; readonly reason: string };

/** The fields a template captures, to the text each captured (trimmed, as written in the cell). */
export type Captures = ReadonlyMap<string, string>;

/**
 * Compiles a template (an empty one matches an empty cell); refuses an unclosed `{`, a placeholder that is not a plain field name,
 * a field captured twice, and two variable parts (`{a}{b}`, `*{a}`) with no text between them.
 */
export function compileTemplate(text: string): CompiledTemplate {
  const parts: TemplatePart[] = [];
  const fields: string[] = [];
  let literal = "";
  const flush = (final = false) => {
    const folded = foldHeader(literal);
    // "Năm {year}": the space before the brace belongs to the literal; folding trims it, so put it back (never at
    // the very start or end, where a folded cell has none).
    const before = /^\s/.test(literal) && parts.length > 0 ? " " : "";
    const after = /\s$/.test(literal) && !final && (folded !== "" || before === "") ? " " : "";
    const spaced = folded === "" ? (final ? "" : before || after) : before + folded + after;
    if (spaced !== "") parts.push({ kind: "literal", folded: spaced });
    literal = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === "{") {
      const close = text.indexOf("}", i);
      if (close < 0) return { ok: false, reason: `the "{" at character ${i + 1} is never closed` };
      const field = text.slice(i + 1, close).trim();
      if (!/^[a-z_]+$/.test(field))
        return { ok: false, reason: `"{${field}}" is not a field name (write {year}, {funding_source}…)` };
      if (fields.includes(field)) return { ok: false, reason: `it captures {${field}} twice` };
      flush();
      if (parts.at(-1)?.kind === "capture" || parts.at(-1)?.kind === "any")
        return { ok: false, reason: `{${field}} follows another placeholder or * with no text between them` };
      parts.push({ kind: "capture", field });
      fields.push(field);
      i = close;
    } else if (char === "*") {
      flush();
      const last = parts.at(-1);
      if (last?.kind === "capture") return { ok: false, reason: `a * directly follows {${last.field}}` };
      if (last?.kind !== "any") parts.push({ kind: "any" });
    } else literal += char;
  }
  flush(true);
  return {
    ok: true,
    template: Object.freeze({ text, fields: Object.freeze(fields), parts: Object.freeze(parts) }),
  };
}

/**
 * The captures of `template` in `cell`, or null when it does not match. The whole cell must match: prefix and
 * suffix literals are anchored, a capture takes the shortest non-empty text before the next literal.
 */
export function matchTemplate(template: HeaderTemplate, cell: string): Captures | null {
  const { folded, offsets, original } = foldHeaderWithOffsets(cell);
  const parts = template.parts;
  const captures = new Map<string, string>();
  const cut = (from: number, to: number): string => {
    const start = offsets[from] ?? original.length;
    const end = to >= offsets.length ? original.length : (offsets[to] ?? original.length);
    return original.slice(start, end).replace(/\s+/g, " ").trim();
  };
  let pos = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (part.kind === "literal") {
      // Only reached for a leading literal, or one after a literal (never: flush merges them).
      if (!folded.startsWith(part.folded, pos)) return null;
      pos += part.folded.length;
      continue;
    }
    const min = part.kind === "capture" ? 1 : 0;
    const next = parts[p + 1];
    let end: number;
    if (next === undefined) {
      end = folded.length;
      if (end - pos < min) return null;
    } else {
      // `next` is a literal: variable parts are never adjacent.
      const lit = (next as { readonly folded: string }).folded;
      if (p + 1 === parts.length - 1) {
        end = folded.length - lit.length;
        if (end - pos < min || !folded.endsWith(lit)) return null;
      } else {
        end = folded.indexOf(lit, pos + min);
        if (end < 0) return null;
      }
      p += 1;
      if (part.kind === "capture") {
        const value = cut(pos, end);
        if (value === "") return null;
        captures.set(part.field, value);
      }
      pos = end + lit.length;
      continue;
    }
    if (part.kind === "capture") {
      const value = cut(pos, end);
      if (value === "") return null;
      captures.set(part.field, value);
    }
    pos = end;
  }
  return pos === folded.length ? captures : null;
}
