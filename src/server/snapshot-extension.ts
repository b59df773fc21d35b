import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLContext, SnapshotInfo } from "../graphql/index.js";

/** What every GraphQL response carries in `extensions.snapshot`: the snapshot that answered it. */
export interface SnapshotExtension {
  /** Content hash of the snapshot; null when the warehouse records no ETL run. */
  readonly hash: string | null;
  /** The ETL run that built it. */
  readonly runId: string | null;
  /** When that run finished loading, ISO 8601. */
  readonly loadedAt: string | null;
}

/** The extension for one snapshot (the CLI adds the same shape to in-process results). */
export function snapshotExtension(info: SnapshotInfo): SnapshotExtension {
  return { hash: info.hash, runId: info.etlRunId, loadedAt: info.loadedAt?.toISOString() ?? null };
}

/**
 * What answered the request's analyses: `rollups`, per core aggregate in order, the rollup table it read or
 * null for the facts; `rollup`, the one rollup that answered every aggregate, or null when the facts answered
 * any (or several rollups did). Nothing when the request ran no analysis.
 */
export function rollupExtension(
  used: ReadonlyArray<string | null>,
): { rollup: string | null; rollups: ReadonlyArray<string | null> } | Record<string, never> {
  if (used.length === 0) return {};
  const first = used[0] ?? null;
  return { rollup: used.every((name) => name === first) ? first : null, rollups: [...used] };
}

/**
 * Adds `extensions.snapshot = { hash, runId, loadedAt }` to every single-result response, from the snapshot the
 * request leased (warehouseLeasePlugin attaches it when the request starts), so a client such as the notebook
 * can show which data answered each cell; and which rollups answered its analyses (`rollupExtension`); and, for
 * an explained request, `extensions.explain`: how each analysis ran (docs/api.md, "Explain"). A request that
 * leased nothing gets no extension.
 */
export function snapshotExtensionPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single") return;
          let info: SnapshotInfo;
          try {
            info = contextValue.snapshot;
          } catch {
            return;
          }
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            snapshot: snapshotExtension(info),
            ...rollupExtension(contextValue.rollupsUsed ?? []),
            ...(contextValue.explain === undefined ? {} : { explain: contextValue.explain.analyses }),
          };
        },
      };
    },
  };
}
