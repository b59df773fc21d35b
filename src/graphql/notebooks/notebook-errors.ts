import { GraphQLError } from "graphql";
import { badUserInput, quote } from "../errors.js";

/** Codes of the notebook feature, beside those of ../errors.ts. */
export const NotebookErrorCode = Object.freeze({
  /** The file changed (or disappeared) since the client loaded it. */
  CONFLICT: "CONFLICT",
  /** There is no notebook of that name. */
  NOT_FOUND: "NOT_FOUND",
} as const);

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 100;

/**
 * Checks that `name` is a notebook name: lower-case letters, digits and single hyphens (`north-trend`), at most
 * 100 characters. Names become file names, so nothing else (no dots, slashes or spaces) may reach a path.
 * Throws BAD_USER_INPUT naming the argument and suggesting a slug.
 */
export function checkNotebookName(name: string, argumentName: string): string {
  if (NAME.test(name) && name.length <= MAX_NAME_LENGTH) return name;
  const suggestion = slugify(name);
  const hint = suggestion === "" ? "" : ` such as ${quote(suggestion)}`;
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
