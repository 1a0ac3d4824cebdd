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
