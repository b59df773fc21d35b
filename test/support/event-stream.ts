/** One server-sent event as a browser's EventSource would dispatch it. */
export interface ReceivedEvent {
  readonly event: string;
  readonly id: string;
  readonly data: string;
}

export interface EventStream {
  readonly status: number;
  readonly headers: Headers;
  /** The next event; rejects after `timeoutMs` naming what it waited for. */
  next(timeoutMs?: number): Promise<ReceivedEvent>;
  /** Resolves true when the server ends the stream within `timeoutMs`. */
  ended(timeoutMs?: number): Promise<boolean>;
  close(): void;
}

/**
 * Opens `url` as an event stream over real HTTP and parses the text/event-stream format (WHATWG HTML §9.2.6:
 * fields up to a blank line; comments, which keep the stream alive, are skipped). Node has no EventSource of its
 * own before version 22, and the browser tests use the browser's.
 */
export async function openEventStream(
  url: URL | string,
  headers: Readonly<Record<string, string>> = {},
): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: abort.signal,
  });
  const queue: ReceivedEvent[] = [];
  const waiting: Array<() => void> = [];
  let done = false;
  const wake = (): void => void waiting.splice(0).forEach((resolve) => resolve());
  void (async () => {
    const decoder = new TextDecoder();
    let text = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
        let end: number;
        while ((end = text.indexOf("\n\n")) !== -1) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const fields = { event: "message", id: "", data: [] as string[] };
          for (const line of block.split("\n")) {
            if (line.startsWith(":") || line === "") continue;
            const colon = line.indexOf(":");
            const name = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (name === "event") fields.event = value;
            else if (name === "id") fields.id = value;
            else if (name === "data") fields.data.push(value);
          }
          if (fields.data.length > 0)
            queue.push({ event: fields.event, id: fields.id, data: fields.data.join("\n") });
          wake();
        }
      }
    } catch {
      // aborted by close()
    }
    done = true;
    wake();
  })();

  const waitFor = async (ready: () => boolean, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  };

  return {
    status: response.status,
    headers: response.headers,
    async next(timeoutMs = 10_000) {
      if (!(await waitFor(() => queue.length > 0 || done, timeoutMs)))
        throw new Error(`No event from ${String(url)} within ${timeoutMs} ms.`);
      const event = queue.shift();
      if (event === undefined) throw new Error(`The stream ${String(url)} ended before the next event.`);
      return event;
    },
    ended: (timeoutMs = 5_000) => waitFor(() => done, timeoutMs),
    close: () => abort.abort(),
  };
}
