/**
 * The Content-Security-Policy of the renderer, shared by the Electron window and the browser-mode
 * host: scripts only from the app itself, no eval, no plugins, no frames, no remote content.
 * Styles allow 'unsafe-inline' because recharts and cytoscape set inline style attributes.
 */
export function contentSecurityPolicy(connectSrc: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${connectSrc.map((c) => ` ${c}`).join('')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
