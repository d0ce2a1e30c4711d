// The bridge the preload exposes, visible to both tsconfigs (see stack.md: a preload .d.ts beside
// index.ts is ignored).
import type { GalleyBridge } from '../shared/ipc';

declare global {
  interface Window {
    galley?: GalleyBridge;
  }
}

export {};
