/**
 * Where each value of a JSON text sits (line and column, 1-based), by JSON path, so that a schema
 * error can say "sample-graphs/x.json:12:5 at $.workload.pageSize". A small scanner over
 * already-valid JSON (JSON.parse ran first); it never throws, it returns what it found.
 */
export interface JsonPosition {
  line: number;
  column: number;
}

type PathPart = string | number;

/** `$.a.b[3]` from `['a','b',3]`. Keys that are not identifiers are quoted: `$["a b"]`. */
export function jsonPath(parts: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of parts) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) s += `.${p}`;
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s;
}

export function locateJsonPaths(text: string): Map<string, JsonPosition> {
  const out = new Map<string, JsonPosition>();
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const skipWs = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') {
        line++;
        i++;
        lineStart = i;
      } else if (c === ' ' || c === '\t' || c === '\r') i++;
      else break;
    }
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  /** Scans the members of an object or array; `next` reads one member's path part. */
  const members = (close: string, parts: PathPart[], next: (index: number) => PathPart): void => {
    i++;
    skipWs();
    if (text[i] === close) {
      i++;
      return;
    }
    for (let index = 0; i < text.length; index++) {
      value([...parts, next(index)]);
      skipWs();
      const sep = text[i++];
      if (sep !== ',') return;
    }
  };
  const value = (parts: PathPart[]): void => {
    skipWs();
    out.set(jsonPath(parts), { line, column: i - lineStart + 1 });
    const c = text[i];
    if (c === '{') {
      members('}', parts, () => {
        skipWs();
        const key = readString();
        skipWs();
        i++; // ':'
        return key;
      });
    } else if (c === '[') members(']', parts, (index) => index);
    else if (c === '"') readString();
    else while (i < text.length && !/[,\]}\s]/.test(text[i])) i++;
  };
  try {
    value([]);
  } catch {
    // Partial positions are still useful.
  }
  return out;
}

/** Line and column (1-based) of a character offset. */
export function offsetToPosition(text: string, offset: number): JsonPosition {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where `text` nests deeper than `maxDepth` objects and arrays, with the JSON path to that
 * point, or null. One pass without recursion, so a 100,000-deep text costs no stack; run it
 * before anything that walks the value recursively (JSON.stringify, the path scanner above).
 */
export function jsonDepthProblem(text: string, maxDepth: number): { offset: number; path: string } | null {
  // One frame per open container: its path part so far (a key or an index), and for objects
  // whether the next string is a key.
  const parts: PathPart[] = [];
  const isArray: boolean[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          key = text.slice(start + 1, i);
        }
        parts[parts.length - 1] = key;
        expectKey = false;
      }
    } else if (c === '{' || c === '[') {
      if (parts.length >= maxDepth) return { offset: i, path: jsonPath(parts) };
      parts.push(c === '[' ? 0 : '');
      isArray.push(c === '[');
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      parts.pop();
      isArray.pop();
      expectKey = false;
    } else if (c === ',' && parts.length > 0) {
      if (isArray[isArray.length - 1]) parts[parts.length - 1] = (parts[parts.length - 1] as number) + 1;
      else expectKey = true;
    }
  }
  return null;
}

/**
 * The first syntax error of `text` as an offset and what was expected there, in words that quote
 * nothing of the text (V8's messages quote it: "Unexpected token 'r', "root:x:0:0"..."), or null
 * when it is valid JSON. Recursive: check the depth first (jsonDepthProblem).
 */
export function jsonSyntaxError(text: string): { offset: number; expected: string } | null {
  let i = 0;
  class Bad {
    constructor(readonly offset: number, readonly expected: string) {}
  }
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= text.length) throw new Bad(i, 'a closing double quote (the text ends inside a string)');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) throw new Bad(i, 'no control character (a raw line break or tab) inside a string: write \\n or \\t');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Bad(i, 'four hex digits after \\u');
          i += 6;
          continue;
        }
        if (!e || !'"\\/bfnrt'.includes(e)) throw new Bad(i, 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)');
        i += 2;
        continue;
      }
      i++;
    }
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) throw new Bad(i, 'a value (the text ends early)');
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Bad(i, 'a key in double quotes (a trailing comma, or a key without quotes?)');
        string();
        ws();
        if (text[i] !== ':') throw new Bad(i, "':' after the key");
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        throw new Bad(i, "',' or '}' after a value (a missing comma?)");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        throw new Bad(i, "',' or ']' after a value (a missing comma?)");
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) throw new Bad(i, 'a value: a number, a string in double quotes, true, false, null, an object or an array');
    i += m[0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) throw new Bad(i, 'nothing after the end of the JSON value');
    return null;
  } catch (err) {
    if (err instanceof Bad) return { offset: err.offset, expected: err.expected };
    throw err;
  }
}
