import { NARRATIVE_REFERENCE, narrativeValueText, parseNarrativeReference } from "../narrative-value.js";
import type { NarrativeValues } from "../render-markdown.js";
import type { ReportLocale } from "./format-value.js";
import type { NotebookRun } from "./notebook-run.js";

/** The values a run's narrative refers to (`{{@plan-trend.points.value[points.year=2024]}}`), in `locale`. */
export function narrativeValuesOf(run: NotebookRun, locale: ReportLocale): NarrativeValues {
  return (reference) => {
    const cell = run.cells.find((candidate) => candidate.id === reference.cellId);
    if (cell === undefined || cell.kind !== "graphql") return `[no query cell "${reference.cellId}"]`;
    return narrativeValueText(
      reference,
      cell.errors.length > 0 ? { kind: "failed" } : { kind: "table", table: cell.table },
      locale,
    );
  };
}

/**
 * Markdown narrative with each `{{@…}}` replaced by its value, Markdown-escaped so that a value from the data
 * is read as plain text (the Markdown report; the HTML report renders through `renderMarkdown`).
 */
export function substituteNarrativeValues(markdown: string, values: NarrativeValues): string {
  // Code (fenced blocks, inline spans) is matched first and kept as written, as the HTML renderer keeps it.
  const pattern = new RegExp(`${CODE.source}|${NARRATIVE_REFERENCE.source}`, "gm");
  return markdown.replace(pattern, (text: string, code: string | undefined) => {
    if (code !== undefined) return text;
    const reference = parseNarrativeReference(text);
    return reference === null ? text : escapeMarkdown(values(reference));
  });
}

/** A fenced code block or an inline code span (one capture group: the whole code). */
const CODE = /(^ {0,3}(?:```|~~~)[^\n]*\n[\s\S]*?^ {0,3}(?:```|~~~)[ \t]*$|`+[^`]*`+)/;

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~&]/g, (character) => `\\${character}`);
}
