import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The operations of schema/operations by the sha256 of their text (hex), as the server answers them by hash. */
export type TrustedDocuments = ReadonlyMap<string, string>;

/** Where `npm run codegen` writes the manifest (codegen.yml, the client preset's `persistedDocuments`). */
export const TRUSTED_DOCUMENTS_PATH = fileURLToPath(
  new URL("../generated/persisted/persisted-documents.json", import.meta.url),
);

const SHA256_KEY = /^sha256:([0-9a-f]{64})$/;

/**
 * Reads the trusted-documents manifest: a JSON object of `"sha256:<hex>": "<document>"`. Every key must be the
 * sha256 of its document, since a client may send the document with its hash and Apollo checks that they agree;
 * a manifest that breaks this was not written by codegen and is refused, naming the entry.
 */
export async function loadTrustedDocuments(path: string = TRUSTED_DOCUMENTS_PATH): Promise<TrustedDocuments> {
  const text = await readFile(path, "utf8");
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `The trusted documents "${path}" are not JSON (${(error as Error).message}): run \`npm run codegen\`.`,
    );
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new Error(
      `The trusted documents "${path}" are not a JSON object of hashes and documents: run \`npm run codegen\`.`,
    );
  }
  const documents = new Map<string, string>();
  for (const [key, document] of Object.entries(manifest)) {
    const hash = SHA256_KEY.exec(key)?.[1];
    if (hash === undefined || typeof document !== "string" || sha256Hex(document) !== hash) {
      throw new Error(
        `The trusted documents "${path}" hold "${key}", which is not "sha256:" and the sha256 of its document: ` +
          `run \`npm run codegen\` (codegen.yml, persistedDocuments with hashAlgorithm sha256).`,
      );
    }
    documents.set(hash, document);
  }
  return documents;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
