/**
 * Saves text the engine produced (a flame graph export) as a file the person downloads: a Blob
 * behind an object URL and a link with `download`, so no Node API is needed in either mode.
 */
export function downloadText(filename: string, mime: string, text: string): void {
  downloadBlob(filename, new Blob([text], { type: mime }));
}

/** Saves a Blob (an image drawn in the page, bytes read in ranges) as a download. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  downloadDataUrl(filename, url);
  // The download has taken its copy once the click's task has run.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A URL (a data: URL such as cytoscape's png(), or an object URL) as a download: a hidden link with `download`, clicked. */
export function downloadDataUrl(filename: string, dataUrl: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
