import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { SourceTable } from "../../src/warehouse/tables.js";
import { etlError, etlWarning, type EtlIssue } from "../etl-issue.js";

/** A source as an input row cites it. Claims cite a url only: their title and date are null. */
export interface SourceInput {
  readonly url: string;
  readonly title: string | null;
  readonly published: string | null;
}

/** Where a row cites a source, for messages. */
export interface SourceCitation {
  readonly file: string;
  readonly line: number;
  readonly column: string;
}

interface Entry {
  readonly source_id: number;
  readonly url: string;
  title: string;
  published: string;
  readonly is_local: boolean;
  is_synthetic: boolean;
  titleFrom: string | null;
  /** `published/funding.csv line 12`: where the url was first cited, for collision messages. */
  readonly citedAt: string;
}

const WEB = /^https?:\/\//i;
const SYNTHETIC_URL = /^synthetic:/i;
const SYNTHETIC_TITLE = /\bsynthetic\b/i;

/**
 * A source's id from its address alone, so that adding or reordering input files never renumbers a source (a
 * saved query's `sources: [id]` keeps reading the same document): the first 4 bytes of the url's sha256, big
 * endian, masked to 31 bits (a positive DuckDB INTEGER and GraphQL Int), 0 read as 1.
 * `sourceIdOf("sources/2024-05-north-conference-xviii.txt")` is always the same number.
 */
export function sourceIdOf(url: string): number {
  const id = createHash("sha256").update(url, "utf8").digest().readUInt32BE(0) & 0x7fffffff;
  return id === 0 ? 1 : id;
}

/**
 * Interns the sources rows cite: one `source_id` per url, `sourceIdOf(url)`. Two urls of one load with the same
 * id (about one chance in 2^31 per pair) are an error naming both, never a silent merge. A url that is not a
 * web address nor `synthetic:` is a local file and must exist under the data folder. A source is synthetic
 * when its url starts with `synthetic:` or its title says "synthetic". A url cited with two different titles
 * keeps the first and warns; a url first cited without a title (claims) takes the first title given later.
 */
export class SourceRegistry {
  private readonly dataDir: string;
  private readonly entries = new Map<string, Entry>();
  private readonly byId = new Map<number, Entry>();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /**
   * The source_id of `url` when interning it again with this title and date would change nothing and report
   * nothing (same title or none, a date already known or none); null otherwise: then call `intern`.
   */
  citedAgain(url: string, title: string | null, published: string | null): number | null {
    const known = this.entries.get(url);
    if (known === undefined) return null;
    if (title !== null && title !== "" && (known.titleFrom === null || known.title !== title)) return null;
    if (published !== null && published !== "" && known.published === "") return null;
    return known.source_id;
  }

  /** The source_id of `source`, or null after pushing an error onto `issues`. */
  intern(source: SourceInput, at: SourceCitation, issues: EtlIssue[]): number | null {
    const url = source.url.trim();
    const title = source.title?.trim() || null;
    const published = source.published?.trim() || null;
    const where = `in ${at.file} line ${at.line}, column ${at.column}`;
    if (url === "") {
      issues.push(etlError({ ...at, message: `Empty source url ${where}: every row names its source.` }));
      return null;
    }
    const known = this.entries.get(url);
    if (known !== undefined) {
      if (title !== null) {
        if (known.titleFrom === null) {
          known.title = title;
          known.titleFrom = `${at.file}:${at.line}`;
          known.is_synthetic ||= SYNTHETIC_TITLE.test(title);
        } else if (known.title !== title) {
          issues.push(
            etlWarning({
              ...at,
              column: "source_title",
              value: title,
              message: `Source "${url}" has the title "${title}" in ${at.file} line ${at.line}, column source_title, but "${known.title}" in ${known.titleFrom}; the first title is kept.`,
            }),
          );
        }
      }
      if (published !== null && known.published === "") known.published = published;
      return known.source_id;
    }
    const isWeb = WEB.test(url);
    const isSynthetic = SYNTHETIC_URL.test(url) || (title !== null && SYNTHETIC_TITLE.test(title));
    const isLocal = !isWeb && !SYNTHETIC_URL.test(url);
    if (isLocal && !this.localFileExists(url)) {
      issues.push(
        etlError({
          ...at,
          value: url,
          message: `Missing local source file "${url}" ${where}: a source that is not an http(s) address must be a file under the data folder (${this.dataDir}).`,
        }),
      );
      return null;
    }
    const id = sourceIdOf(url);
    const clash = this.byId.get(id);
    if (clash !== undefined) {
      issues.push(
        etlError({
          ...at,
          value: url,
          message: `Source "${url}" ${where} has the same id (${id}, from the first 31 bits of its sha256) as "${clash.url}" in ${clash.citedAt}: change one of the two urls (for example, cite the page without its query string).`,
        }),
      );
      return null;
    }
    const entry: Entry = {
      source_id: id,
      url,
      title: title ?? "",
      published: published ?? "",
      is_local: isLocal,
      is_synthetic: isSynthetic,
      titleFrom: title === null ? null : `${at.file}:${at.line}`,
      citedAt: `${at.file} line ${at.line}`,
    };
    this.entries.set(url, entry);
    this.byId.set(id, entry);
    return entry.source_id;
  }

  /**
   * The `source` table, ordered by id (not by first citation, so the order too is independent of the input
   * files). A source never given a title is titled by its url; no date reads `n.d.`.
   */
  rows(): SourceTable[] {
    return [...this.byId.values()]
      .sort((a, b) => a.source_id - b.source_id)
      .map((e) =>
        Object.freeze({
          source_id: e.source_id,
          url: e.url,
          title: e.title === "" ? e.url : e.title,
          published: e.published === "" ? "n.d." : e.published,
          is_local: e.is_local,
          is_synthetic: e.is_synthetic,
        }),
      );
  }

  private localFileExists(url: string): boolean {
    const root = path.resolve(this.dataDir);
    const target = path.resolve(root, url);
    if (target !== root && !target.startsWith(root + path.sep)) return false;
    return existsSync(target) && statSync(target).isFile();
  }
}
