import type { Warehouse } from "./warehouse.js";

interface Held {
  readonly warehouse: Warehouse;
  leases: number;
  drained: (() => void) | undefined;
}

/**
 * The warehouse the server currently serves, swappable without failing requests in flight.
 *
 * Every request runs inside `use`, which leases the current warehouse for the duration of its callback.
 * `swap(next)` sends new uses to `next` at once; the old warehouse is closed only when its last lease ends
 * (DuckDB hangs when a file is closed under a running query). The ETL writes the next snapshot to a new
 * file, so the old and new warehouses are open side by side during the swap.
 */
export class SnapshotHolder {
  #current: Held;
  readonly #retiring = new Set<Promise<void>>();
  #closed = false;

  constructor(initial: Warehouse) {
    this.#current = hold(initial);
  }

  /** Runs `fn` on the current warehouse, which stays open until `fn` settles. */
  async use<T>(fn: (warehouse: Warehouse) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error("The snapshot holder is closed; the server is shutting down.");
    const held = this.#current;
    held.leases += 1;
    try {
      return await fn(held.warehouse);
    } finally {
      held.leases -= 1;
      if (held.leases === 0) held.drained?.();
    }
  }

  /** Makes `next` current for new uses; resolves once the previous warehouse has drained and closed. */
  async swap(next: Warehouse): Promise<void> {
    if (this.#closed)
      throw new Error("The snapshot holder is closed; close the new warehouse instead of swapping it in.");
    const previous = this.#current;
    if (previous.warehouse === next) return;
    this.#current = hold(next);
    await this.#retire(previous);
  }

  /** Refuses new uses, waits for those in flight, and closes every warehouse it holds. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      void this.#retire(this.#current);
    }
    await Promise.all([...this.#retiring]);
  }

  #retire(held: Held): Promise<void> {
    const retired = (async () => {
      if (held.leases > 0) await new Promise<void>((resolve) => (held.drained = resolve));
      await held.warehouse.close();
    })();
    this.#retiring.add(retired);
    const forget = (): void => void this.#retiring.delete(retired);
    retired.then(forget, forget);
    return retired;
  }
}

function hold(warehouse: Warehouse): Held {
  return { warehouse, leases: 0, drained: undefined };
}
