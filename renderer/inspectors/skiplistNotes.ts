/**
 * The Skiplist panel's notes, each said once. The engine's notes (ZsetInspectView.notes) repeat
 * what the panel already shows in place: the article's 0.5^k error (the panel's warning line)
 * and, for a listpack key, "there is no skiplist yet" (shown where the towers would be). The
 * offset-cost table's notes are dropped when the view already said the same.
 */

/** The article's-error note: the panel shows it once, as its warning line. */
export function isArticleNote(note: string): boolean {
  return /0\.5\^k/.test(note);
}

/** The engine's "listpack-encoded: no skiplist yet" note, when the key is not a skiplist. */
export function isEncodingNote(note: string): boolean {
  return /-encoded \(at most .* no skiplist yet/.test(note);
}

export interface SkiplistNotes {
  /** What to say where the towers would be (listpack keys), or null. */
  encoding: string | null;
  /** The rest of the view's notes, without repeats. */
  view: string[];
  /** The offset-cost table's notes not already said by the view. */
  cost: string[];
}

export function skiplistNotes(viewNotes: readonly string[], costNotes: readonly string[] = []): SkiplistNotes {
  const seen = new Set<string>();
  const once = (n: string): boolean => !seen.has(n) && (seen.add(n), true);
  const encoding = viewNotes.find(isEncodingNote) ?? null;
  const view = viewNotes.filter((n) => !isArticleNote(n) && n !== encoding && once(n));
  const cost = costNotes.filter((n) => !isArticleNote(n) && n !== encoding && once(n));
  return { encoding, view, cost };
}
