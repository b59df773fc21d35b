import { GraphQLError } from "graphql";
import { badUserInput, quote, unauthenticated } from "../errors.js";

/** Codes of the notebook feature, beside those of ../errors.ts. */
export const NotebookErrorCode = Object.freeze({
  /** The file changed (or disappeared) since the client loaded it. */
  CONFLICT: "CONFLICT",
  /** There is no notebook of that name. */
  NOT_FOUND: "NOT_FOUND",
  /** The notebooks folder holds the most notebooks allowed, or a text is larger than allowed. */
  QUOTA_EXCEEDED: "QUOTA_EXCEEDED",
} as const);

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 100;

/**
 * Names Windows keeps for devices, with or without an extension (`con.md` is the console there): a notebook
 * folder copied or synced to Windows could not hold those files.
 */
const RESERVED = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\.|$)/i;

/** True for a name `checkNotebookName` accepts: what the notebooks folder lists. */
export function isNotebookName(name: string): boolean {
  return NAME.test(name) && name.length <= MAX_NAME_LENGTH && !RESERVED.test(name);
}

/**
 * Checks that `name` is a notebook name: lower-case letters, digits and single hyphens (`north-trend`), at most
 * 100 characters, not a Windows device name (con, prn, aux, nul, com1–com9, lpt1–lpt9). Names become file
 * names, so nothing else (no dots, slashes or spaces) may reach a path. Throws BAD_USER_INPUT naming the
 * argument and suggesting a name that is allowed.
 */
export function checkNotebookName(name: string, argumentName: string): string {
  if (isNotebookName(name)) return name;
  let suggestion = slugify(name);
  if (RESERVED.test(suggestion)) suggestion = `${suggestion}-notebook`;
  const hint = suggestion === "" ? "" : ` such as ${quote(suggestion)}`;
  if (RESERVED.test(name)) {
    throw badUserInput(
      `Notebook name ${quote(name)} in argument "${argumentName}" is a device name on Windows (CON, PRN, AUX, NUL, COM1–COM9 and LPT1–LPT9 are reserved there, in any case and with any extension), so its file could not be copied to Windows. Choose another name${hint}.`,
      argumentName,
    );
  }
  throw badUserInput(
    `Notebook name ${quote(name)} in argument "${argumentName}" is not allowed. Use lower-case letters, digits and hyphens (a-z, 0-9, -), at most ${MAX_NAME_LENGTH} characters${hint}.`,
    argumentName,
  );
}

/** `"Bắc 2024 / Plan"` → `"bac-2024-plan"`: diacritics dropped (đ → d), runs of other characters → `-`. */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, "");
}

/** The file changed since the client loaded `baseVersion`. */
export function notebookChanged(name: string, baseVersion: string, currentVersion: string): GraphQLError {
  return new GraphQLError(
    `Notebook ${quote(name)} changed since you loaded it (you had version ${short(baseVersion)}, the file is now at ${short(currentVersion)}). Reload it to see the other edit, or overwrite it by sending baseVersion ${quote(currentVersion)}.`,
    { extensions: { code: NotebookErrorCode.CONFLICT, name, baseVersion, currentVersion } },
  );
}

/** The file was deleted or renamed since the client loaded it. */
export function notebookGone(name: string): GraphQLError {
  return new GraphQLError(
    `Notebook ${quote(name)} was deleted or renamed since you loaded it. Reload the list, or create it again with createNotebook and save your text there.`,
    { extensions: { code: NotebookErrorCode.CONFLICT, name, currentVersion: null } },
  );
}

/** No notebook of that name. */
export function notebookNotFound(name: string, argumentName: string): GraphQLError {
  return new GraphQLError(`There is no notebook ${quote(name)}. List them with the notebooks query.`, {
    extensions: { code: NotebookErrorCode.NOT_FOUND, argumentName },
  });
}

/** The name is taken by another notebook. */
export function notebookExists(name: string, argumentName: string): GraphQLError {
  return badUserInput(
    `A notebook named ${quote(name)} already exists. Choose another name, or open that notebook.`,
    argumentName,
  );
}

function short(version: string): string {
  return version.slice(0, 12);
}

/** A change without write access: which field, and how to get access. */
export function writeAccessNeeded(field: string): GraphQLError {
  return unauthenticated(
    `${field} changes the notebooks folder, so it needs write access. In the browser, open the address with ?token= that the server printed at start; from a program, send "Authorization: Bearer <token>" with the write token (KC_WRITE_TOKEN or --write-token, or the one printed at start) or the admin token.`,
  );
}

/** The folder already holds `limit` notebooks. */
export function tooManyNotebooks(limit: number, setting: string): GraphQLError {
  return new GraphQLError(
    `The notebooks folder already holds ${limit} notebooks, the most allowed (${setting}). Delete a notebook you no longer need, or ask the server's operator to raise ${setting}.`,
    { extensions: { code: NotebookErrorCode.QUOTA_EXCEEDED, limit, setting } },
  );
}

/** The text is larger than `limit` bytes. */
export function notebookTooLarge(name: string, bytes: number, limit: number, setting: string): GraphQLError {
  return new GraphQLError(
    `Notebook ${quote(name)} would be ${bytes} bytes, more than the ${limit}-byte limit per notebook (${setting}). Split it into smaller notebooks, or ask the server's operator to raise ${setting}.`,
    { extensions: { code: NotebookErrorCode.QUOTA_EXCEEDED, argumentName: "text", bytes, limit, setting } },
  );
}
