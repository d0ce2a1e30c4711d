// Web mode's access token travels in the URL fragment (`#token=…`), which browsers never send to the
// server or put in a Referer; this takes it out of the fragment and leaves the rest (e.g. a route) alone.

export interface HashToken {
  /** The token, or null when the fragment carries none. */
  token: string | null;
  /** The fragment without the token, with its leading "#", or "" when nothing is left. */
  hash: string;
}

/** Parses `#token=abc`, `#token=abc&/page/3` or `#/page/3&token=abc`; other fragments pass unchanged. */
export function takeTokenFromHash(hash: string): HashToken {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return { token: null, hash: '' };
  let token: string | null = null;
  const kept: string[] = [];
  for (const part of body.split('&')) {
    if (part.startsWith('token=')) {
      let value = part.slice('token='.length);
      try {
        value = decodeURIComponent(value);
      } catch {
        // Keep the raw text: a malformed escape is the server's to refuse.
      }
      if (value !== '') token = value;
    } else if (part !== '') {
      kept.push(part);
    }
  }
  return { token, hash: kept.length > 0 ? `#${kept.join('&')}` : '' };
}
