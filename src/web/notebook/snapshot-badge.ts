import { h, replaceChildren } from "./dom.js";

/** The `data` of the server's `snapshot` events (src/server/snapshot-events.ts). */
interface SnapshotEvent {
  readonly hash: string | null;
  readonly etlRunId: string | null;
  readonly loadedAt: string | null;
}

/**
 * The header's "data 3f9c2a1b" badge: the snapshot the server serves now, kept current by the server-sent events
 * of /snapshot-events (the browser's EventSource reconnects by itself), so nobody polls. When a reload publishes
 * another snapshot while the page is open, the badge shows it and says so: results already shown keep their
 * own snapshot stamp, and running a cell again gets the new figures. The stream opens with the first notebook,
 * not with the list, so a first visit that opens none stays idle.
 */
export class SnapshotBadge {
  readonly element = h("span", {
    class: "snapshot-badge",
    role: "status",
    "aria-live": "polite",
    hidden: true,
  });
  private source: EventSource | null = null;
  private first: string | null = null;

  listen(): void {
    if (this.source !== null) return;
    this.source = new EventSource("snapshot-events");
    this.source.addEventListener("snapshot", (event) =>
      this.show(JSON.parse(event.data as string) as SnapshotEvent),
    );
  }

  private show(snapshot: SnapshotEvent): void {
    const hash = snapshot.hash ?? "none";
    this.first ??= hash;
    const changed = hash !== this.first;
    this.element.hidden = false;
    this.element.dataset["snapshot"] = hash;
    this.element.classList.toggle("changed", changed);
    this.element.title = [
      `snapshot ${hash}`,
      `ETL run ${snapshot.etlRunId ?? "unknown"}`,
      `loaded ${snapshot.loadedAt ?? "unknown"}`,
      ...(changed ? ["New data since this page opened: run the cells again for the new figures."] : []),
    ].join("\n");
    replaceChildren(
      this.element,
      changed ? "new data · dữ liệu mới " : "data · dữ liệu ",
      h("code", {}, hash.slice(0, 8)),
    );
  }
}
