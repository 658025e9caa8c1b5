import { BrowserWindow, screen } from 'electron';
import { APP_ORIGIN } from './protocol';

export type WindowKind = 'console' | 'wall';

/**
 * The console on the primary screen; the wall display full-screen on the chosen screen (by index in
 * the display list, default: the first that is not primary), in kiosk mode when asked.
 */
export function openWindow(
  kind: WindowKind,
  options: { preload: string; wallScreen?: number | undefined; kiosk?: boolean },
) {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  const target =
    kind === 'wall'
      ? ((options.wallScreen !== undefined
          ? displays[options.wallScreen]
          : displays.find((d) => d.id !== primary.id)) ?? primary)
      : primary;
  const win = new BrowserWindow({
    x: target.workArea.x,
    y: target.workArea.y,
    width: kind === 'wall' ? target.bounds.width : Math.min(1600, target.workArea.width),
    height: kind === 'wall' ? target.bounds.height : Math.min(1000, target.workArea.height),
    fullscreen: kind === 'wall',
    kiosk: kind === 'wall' && options.kiosk === true,
    backgroundColor: kind === 'wall' ? '#050b16' : '#eef2f6',
    autoHideMenuBar: true,
    show: false,
    // The renderer is an untrusted page with one typed bridge (Electron's security checklist).
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html${kind === 'wall' ? '?view=wall' : ''}`);
  return win;
}
