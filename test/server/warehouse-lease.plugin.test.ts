import type { GraphQLRequestContext } from "@apollo/server";
import { describe, expect, it } from "vitest";
import type { ReloadService } from "../../src/graphql/index.js";
import type { NotebookStore } from "../../src/graphql/notebooks/index.js";
import { RequestContext } from "../../src/server/request-context.js";
import { ServedSnapshots } from "../../src/server/served-snapshots.js";
import { warehouseLeasePlugin } from "../../src/server/warehouse-lease.plugin.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

/** Resolves with "closed" when `closing` settles within `ms`, else "still open". */
function settledWithin(closing: Promise<void>, ms: number): Promise<"closed" | "still open"> {
  return Promise.race([
    closing.then(() => "closed" as const),
    new Promise<"still open">((resolve) => setTimeout(() => resolve("still open"), ms)),
  ]);
}

describe("warehouseLeasePlugin", () => {
  it("releases the snapshot lease when Apollo gives up on a request (unexpectedErrorProcessingRequest)", async () => {
    const snapshots = await ServedSnapshots.open(await buildTestWarehouse(), { poolSize: 1 });
    const plugin = warehouseLeasePlugin(snapshots, 30_000);
    const contextValue = new RequestContext(false, {} as ReloadService, {} as NotebookStore);
    const requestContext = { contextValue } as unknown as GraphQLRequestContext<RequestContext>;
    await plugin.requestDidStart?.(requestContext);
    expect(contextValue.warehouse.path).toMatch(/\.duckdb$/);
    // Apollo calls this instead of willSendResponse when a hook or the serializer threw.
    await plugin.unexpectedErrorProcessingRequest?.({
      requestContext,
      error: new Error("serializer failed"),
    });
    // Closing waits for every lease: it finishes only because the lease was released.
    expect(await settledWithin(snapshots.close(), 5_000)).toBe("closed");
  });

  it("holds the snapshot open while a request is in flight", async () => {
    const snapshots = await ServedSnapshots.open(await buildTestWarehouse(), { poolSize: 1 });
    const plugin = warehouseLeasePlugin(snapshots, 30_000);
    const contextValue = new RequestContext(false, {} as ReloadService, {} as NotebookStore);
    const requestContext = { contextValue } as unknown as GraphQLRequestContext<RequestContext>;
    const listener = await plugin.requestDidStart?.(requestContext);
    const closing = snapshots.close();
    expect(await settledWithin(closing, 300)).toBe("still open");
    await listener?.willSendResponse?.(requestContext as never);
    expect(await settledWithin(closing, 5_000)).toBe("closed");
  });
});
