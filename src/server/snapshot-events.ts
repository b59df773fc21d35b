import { createChannel, createSession, type Session } from "better-sse";
import type { RequestHandler } from "express";
import type { SnapshotInfo } from "../graphql/index.js";
import type { Logger } from "./logger.js";
import type { ServedSnapshots } from "./served-snapshots.js";

/** Where dashboards and the notebook page listen for new snapshots (`new EventSource("/snapshot-events")`). */
export const SNAPSHOT_EVENTS_PATH = "/snapshot-events";

/** Open streams per server process; past it a new one is refused with 503 (each holds a socket). */
export const DEFAULT_MAX_SNAPSHOT_STREAMS = 1_000;

/** The `data` of a `snapshot` event: the served snapshot as /health shows it. */
export interface SnapshotEvent {
  readonly hash: string | null;
  readonly etlRunId: string | null;
  readonly loadedAt: string | null;
}

export interface SnapshotEvents {
  /** GET handler of the event stream. */
  readonly handler: RequestHandler;
  /** Open streams, for tests and /health. */
  streams(): number;
  /** Ends every open stream (so a graceful stop does not wait for them) and stops listening for swaps. */
  close(): void;
}

/**
 * Server-sent events (text/event-stream) that say which snapshot this process serves: one `snapshot` event when
 * the stream opens and one after every swap (a reload, the warehouse watcher, a snapshot store), with
 * `{ hash, etlRunId, loadedAt }`, the event id being the ETL run id. A client refreshes what it shows when the
 * hash differs from the one its figures came from, instead of polling /health.
 *
 * Why plain SSE and not a GraphQL subscription (graphql-sse): the event has no arguments and no selection,
 * browsers have EventSource built in (reconnects by itself, no client library in the bundle), proxies pass it
 * as an ordinary GET (nginx: `X-Accel-Buffering: no`, which better-sse sends), and it needs no Subscription
 * type, PubSub or second transport beside Apollo. better-sse writes the protocol (fields, keep-alive comments,
 * the retry hint, `Cache-Control: no-transform`, which also keeps the compression middleware from buffering).
 * Every server process streams its own swaps, so a stream from any worker or replica is right for it.
 */
export function snapshotEvents(
  snapshots: ServedSnapshots,
  logger: Logger,
  options: { readonly maxStreams?: number; readonly keepAliveMs?: number } = {},
): SnapshotEvents {
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_SNAPSHOT_STREAMS;
  const channel = createChannel();
  const open = new Set<{ end(): void }>();
  let closed = false;
  const unsubscribe = snapshots.onSwap((info) => {
    const event = toSnapshotEvent(info);
    channel.broadcast(event, "snapshot", { eventId: eventIdOf(event) });
  });

  const handler: RequestHandler = (req, res, next) => {
    if (closed || open.size >= maxStreams) {
      res
        .status(503)
        .set("retry-after", "10")
        .type("text/plain")
        .send(`The server has ${open.size} snapshot streams open, its limit; try again later.\n`);
      return;
    }
    open.add(res);
    res.on("close", () => open.delete(res));
    void (async () => {
      const session: Session = await createSession(req, res, {
        keepAlive: options.keepAliveMs ?? 15_000,
        retry: 2_000,
        // The id the client sends back names a snapshot it saw; the current one is sent anyway.
        trustClientEventId: false,
      });
      // Registered before reading the current snapshot, so a swap in between is sent (twice at worst).
      channel.register(session);
      const event = toSnapshotEvent(await snapshots.current());
      if (session.isConnected) session.push(event, "snapshot", eventIdOf(event));
    })().catch((error: unknown) => {
      open.delete(res);
      if (res.headersSent) {
        logger.warn(`A snapshot event stream failed: ${(error as Error).message}`);
        res.end();
      } else next(error);
    });
  };

  return {
    handler,
    streams: () => open.size,
    close() {
      closed = true;
      unsubscribe();
      for (const res of open) res.end();
      open.clear();
    },
  };
}

export function toSnapshotEvent(info: SnapshotInfo): SnapshotEvent {
  return { hash: info.hash, etlRunId: info.etlRunId, loadedAt: info.loadedAt?.toISOString() ?? null };
}

function eventIdOf(event: SnapshotEvent): string {
  return event.etlRunId ?? event.hash ?? "none";
}
