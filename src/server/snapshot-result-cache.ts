import { LRUCache } from "lru-cache";
import type { ResultCache } from "../graphql/index.js";

/** Results kept per snapshot when the configuration does not say otherwise. */
export const DEFAULT_RESULT_CACHE_ENTRIES = 500;

/**
 * The results of one snapshot's analyses, by operation and arguments. A snapshot never changes once opened,
 * so a result computed on it stays right for as long as the snapshot is served; a reload opens a new snapshot
 * with a new, empty cache, and this one goes with the old snapshot. Concurrent identical requests share one
 * computation; a failed computation is not kept. Bounded to `maxEntries` results, least recently used first
 * out (analyses answer with at most a page of rows, so entries stay small). `maxEntries` 0 turns caching off.
 */
export function createResultCache(maxEntries: number): ResultCache {
  if (maxEntries === 0) return { memo: (_key, compute) => compute() };
  const cache = new LRUCache<string, Promise<unknown>>({ max: maxEntries });
  return {
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const hit = cache.get(key) as Promise<T> | undefined;
      if (hit !== undefined) return hit;
      const result = compute();
      cache.set(key, result);
      result.catch(() => {
        if (cache.peek(key) === result) cache.delete(key);
      });
      return result;
    },
  };
}
