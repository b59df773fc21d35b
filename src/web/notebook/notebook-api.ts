import type { AreaLevel } from "../../model/index.js";
import operations from "../../../schema/operations/notebook-ui.graphql?raw";
import type { Coverage, FactKind } from "../../notebook/fact-coverage.js";
import { errorCode, postGraphQL, type ResponseError } from "./graphql-client.js";

export interface NotebookSummary {
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly updatedAt: string;
  readonly parameterCount: number;
  readonly cellCount: number;
}

export interface NotebookFile {
  readonly name: string;
  readonly title: string;
  readonly text: string;
  readonly version: string;
  readonly updatedAt: string;
}

export interface AreaOption {
  readonly id: string;
  readonly name: string;
  readonly nameAscii: string;
  /** The GraphQL `AreaLevel`: the model's level in upper case. */
  readonly level: Uppercase<AreaLevel>;
  readonly boundary: "HISTORICAL" | "MERGED_2025";
  readonly validFrom: number | null;
  readonly validTo: number | null;
}

/**
 * A failed notebook request; `code` is the GraphQL error code (CONFLICT when the file changed meanwhile), and
 * `gone` says a CONFLICT's file no longer exists (deleted or renamed: the server's `currentVersion` is null).
 */
export class NotebookApiError extends Error {
  override readonly name = "NotebookApiError";
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly gone = false,
  ) {
    super(message);
  }
}

async function call<T>(operationName: string, field: string, variables: Record<string, unknown>): Promise<T> {
  const response = await postGraphQL(operations, variables, operationName);
  const first: ResponseError | undefined = response.errors[0];
  if (first !== undefined) {
    const gone = first.extensions?.["currentVersion"] === null;
    throw new NotebookApiError(first.message, errorCode(first), gone);
  }
  if (response.data === null || !(field in response.data)) {
    throw new NotebookApiError(`The server sent no ${field} in its answer to ${operationName}.`, undefined);
  }
  return response.data[field] as T;
}

/** The notebook API of issue 4, through the named operations of schema/operations/notebook-ui.graphql. */
export const notebookApi = {
  list: () => call<NotebookSummary[]>("NotebookList", "notebooks", {}),
  open: (name: string) => call<NotebookFile | null>("OpenNotebook", "notebook", { name }),
  create: (name: string, title: string) =>
    call<NotebookFile>("CreateNotebook", "createNotebook", { name, title }),
  save: (name: string, text: string, baseVersion: string) =>
    call<NotebookFile>("SaveNotebook", "saveNotebook", { name, text, baseVersion }),
  rename: (name: string, newName: string, baseVersion: string) =>
    call<NotebookFile>("RenameNotebook", "renameNotebook", { name, newName, baseVersion }),
  delete: (name: string, baseVersion: string) =>
    call<boolean>("DeleteNotebook", "deleteNotebook", { name, baseVersion }),
  /** Areas whose names match `search` with or without diacritics; every area when it is null. */
  searchAreas: (search: string | null) => call<AreaOption[]>("AreaPicker", "areas", { search }),
  /** The preferred figures `filter` keeps (fact-coverage.ts). */
  coverage: (kind: FactKind, filter: Readonly<Record<string, unknown>>) =>
    kind === "output"
      ? call<Coverage>("OutputCoverage", "outputFacts", { filter })
      : call<Coverage>("FundingCoverage", "fundingFacts", { filter }),
};
