// The Content Security Policy for the renderer, sent by the web server and by Electron's session.
// The same policy is in src/renderer/index.html as a meta tag for the first paint; keep them equal
// (tests/unit/hardening/csp.test.ts checks).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
