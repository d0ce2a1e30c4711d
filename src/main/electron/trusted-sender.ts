// Decides whether a URL is the app's own page and whether an IPC sender may call Galley. Pure (no Electron
// import) so it is unit-tested; src/main/index.ts hands it the facts it reads from Electron's objects.

export interface AppLocation {
  /** The URL of the built renderer's index.html (galley://app/index.html), compared exactly. */
  rendererIndexUrl: string;
  /** electron-vite's dev server (unpackaged runs only). */
  devServerUrl?: string;
}

/** What is known about the sender of an IPC message. */
export interface SenderFacts {
  /** `event.sender.id`: the WebContents that sent the message. */
  senderId: number;
  /** The main window's WebContents id, or null while there is no window. */
  mainWindowId: number | null;
  /** The frame that sent it; null when it is gone or could not be read. */
  frame: { url: string; isMainFrame: boolean } | null;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for the app's own page only: the built index.html (any fragment, since the renderer routes with the
 * hash; no query, no other file) or, in development, a page of the dev server's origin. The dev server is
 * compared by origin, so `http://localhost:5173.evil.example/` is not mistaken for `http://localhost:5173`.
 */
export function isAppUrl(url: string, app: AppLocation): boolean {
  if (app.devServerUrl) {
    const dev = parse(app.devServerUrl);
    const candidate = parse(url);
    if (dev && candidate && (dev.protocol === 'http:' || dev.protocol === 'https:')) {
      if (candidate.origin === dev.origin) return true;
    }
  }
  const hashAt = url.indexOf('#');
  return (hashAt < 0 ? url : url.slice(0, hashAt)) === app.rendererIndexUrl;
}

/** Only the main frame of the main window, showing the app's own page, may call Galley over IPC. */
export function isTrustedSender(facts: SenderFacts, app: AppLocation): boolean {
  return (
    facts.mainWindowId !== null &&
    facts.senderId === facts.mainWindowId &&
    facts.frame !== null &&
    facts.frame.isMainFrame &&
    isAppUrl(facts.frame.url, app)
  );
}
