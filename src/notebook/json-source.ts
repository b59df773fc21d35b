/** A JSON syntax error at `offset` in the parsed text; the message says what was expected. */
export class JsonSyntaxError extends Error {
  override readonly name = "JsonSyntaxError";
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A parsed JSON value plus the offset where each value starts, keyed by its path joined with "/". */
export interface JsonSource {
  readonly value: unknown;
  readonly offsets: ReadonlyMap<string, number>;
}

/**
 * Strict JSON (RFC 8259) that remembers where values start, so a notebook error can point at the line and
 * column of a bad variable rather than at its block. Throws `JsonSyntaxError` at the first offending character.
 */
export function parseJsonSource(text: string): JsonSource {
  const offsets = new Map<string, number>();
  let at = 0;

  const fail = (expected: string): never => {
    const found = at >= text.length ? "the end of the block" : `"${text[at]}"`;
    const hint = text[at] === "'" ? " JSON strings use double quotes." : "";
    throw new JsonSyntaxError(`expected ${expected} but found ${found}.${hint}`, at);
  };
  const space = (): void => {
    while (at < text.length && " \t\r\n".includes(text[at]!)) at++;
  };
  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') {
      if (text[at] === "\\") at++;
      else if (text.charCodeAt(at) < 0x20) fail("a closing double quote");
      at++;
    }
    if (at >= text.length) fail("a closing double quote");
    at++;
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      at = start;
      return fail("a valid string escape");
    }
  };
  const value = (path: string): unknown => {
    space();
    offsets.set(path, at);
    const char = text[at];
    if (char === "{") {
      at++;
      const object: Record<string, unknown> = {};
      space();
      if (text[at] === "}") return (at++, object);
      for (;;) {
        space();
        if (text[at] !== '"')
          fail(
            text[at] === "}"
              ? "another key after the comma (remove the trailing comma)"
              : "a key in double quotes",
          );
        const key = string();
        space();
        if (text[at] !== ":") fail('":" after the key');
        at++;
        object[key] = value(`${path}/${key}`);
        space();
        if (text[at] === ",") at++;
        else if (text[at] === "}") return (at++, object);
        else fail('"," or "}"');
      }
    }
    if (char === "[") {
      at++;
      const array: unknown[] = [];
      space();
      if (text[at] === "]") return (at++, array);
      for (;;) {
        if (text[at] === "]") fail("another item after the comma (remove the trailing comma)");
        array.push(value(`${path}/${array.length}`));
        space();
        if (text[at] === ",") {
          at++;
          space();
        } else if (text[at] === "]") return (at++, array);
        else fail('"," or "]"');
      }
    }
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at));
    if (literal === null)
      return fail("a value (a string in double quotes, number, true, false, null, [ or {)");
    at += literal[0].length;
    return JSON.parse(literal[0]) as unknown;
  };

  const result = value("");
  space();
  if (at < text.length) fail("the end of the block");
  return { value: result, offsets };
}
