import { LRUCache } from "lru-cache";
import type { TrustedDocuments } from "./trusted-documents.js";

/** Room for documents registered by automatic persisted queries (APQ), in characters of their text. */
export const DEFAULT_PERSISTED_QUERY_CACHE_BYTES = 1024 * 1024;

// Apollo Server prefixes every key of its persisted-query cache with this (APQ_CACHE_PREFIX in @apollo/server).
const APQ_PREFIX = "apq:";

/**
 * The documents Apollo Server answers persisted-query hashes with (its `persistedQueries.cache`):
 * - the trusted documents (schema/operations, through codegen) always: they are never evicted nor replaced, so
 *   a dashboard built on them keeps working whatever anyone registers;
 * - documents registered by APQ (a client sends the hash with the document once; Apollo registers it only after
 *   checking the hash and validating the document against the schema and our limits) in an LRU bounded to
 *   `maxRegisteredBytes` characters. Anyone may register, so the bound is what stops a visitor from filling
 *   memory: past it the least recently used registration goes, and its client simply sends the document again.
 *   0 turns registration off (only trusted hashes are answered).
 */
export class PersistedQueryCache {
  readonly #trusted: TrustedDocuments;
  readonly #registered: LRUCache<string, string> | null;

  constructor(trusted: TrustedDocuments, maxRegisteredBytes: number = DEFAULT_PERSISTED_QUERY_CACHE_BYTES) {
    this.#trusted = trusted;
    this.#registered =
      maxRegisteredBytes > 0
        ? new LRUCache<string, string>({
            maxSize: maxRegisteredBytes,
            sizeCalculation: (document) => Math.max(1, document.length),
          })
        : null;
  }

  async get(key: string): Promise<string | undefined> {
    const hash = hashOf(key);
    return this.#trusted.get(hash) ?? this.#registered?.get(hash);
  }

  async set(key: string, document: string): Promise<void> {
    const hash = hashOf(key);
    // A document larger than the whole room is not kept (lru-cache skips it).
    if (!this.#trusted.has(hash)) this.#registered?.set(hash, document);
  }

  async delete(key: string): Promise<boolean> {
    return this.#registered?.delete(hashOf(key)) ?? false;
  }

  /** Characters of registered documents held now (for tests and the bench). */
  get registeredBytes(): number {
    return this.#registered?.calculatedSize ?? 0;
  }
}

function hashOf(key: string): string {
  return key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key;
}
