// Remembers the main window's size, position and maximized state between launches.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { z } from 'zod';

const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

const DEFAULT_STATE: WindowState = { width: 1280, height: 820, maximized: false };

function fileFor(dataDir: string): string {
  return join(dataDir, 'window-state.json');
}

/** A saved position is used only if it is still on a connected display. */
function isVisible(state: WindowState): boolean {
  if (state.x === undefined || state.y === undefined) return true;
  const rect: Rectangle = { x: state.x, y: state.y, width: state.width, height: state.height };
  return screen.getAllDisplays().some((d) => {
    const a = d.workArea;
    return rect.x < a.x + a.width && rect.x + rect.width > a.x && rect.y < a.y + a.height && rect.y + rect.height > a.y;
  });
}

export function loadWindowState(dataDir: string): WindowState {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(fileFor(dataDir), 'utf8')));
    if (parsed.success && isVisible(parsed.data)) return parsed.data;
  } catch {
    // First launch or unreadable state: use the default.
  }
  return DEFAULT_STATE;
}

export function trackWindowState(window: BrowserWindow, dataDir: string): void {
  const save = () => {
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    try {
      writeFileSync(fileFor(dataDir), JSON.stringify(state));
    } catch (error) {
      console.warn('[galley] could not save the window state:', error);
    }
  };
  window.on('close', save);
}
