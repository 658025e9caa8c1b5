import { describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { senderAllowed } from './sender';

// WebContents are opaque handles here: identity is all the check uses.
const ours = {} as WebContents;
const other = {} as WebContents;
const windows = new Set([ours]);
const top = (url: string) => ({ url, parent: null });

describe('IPC sender validation', () => {
  it("the app's own top frame in one of our windows may call the station", () => {
    expect(senderAllowed(top('app://dutyroom/index.html?view=wall'), ours, windows)).toBe(true);
  });

  it('a frame inside the page, another window, another origin or no frame is refused', () => {
    const iframe = { url: 'app://dutyroom/index.html', parent: top('app://dutyroom/index.html') } as never;
    expect(senderAllowed(iframe, ours, windows)).toBe(false);
    expect(senderAllowed(top('app://dutyroom/index.html'), other, windows)).toBe(false);
    expect(senderAllowed(top('https://example.com/'), ours, windows)).toBe(false);
    expect(senderAllowed(top('file:///etc/passwd'), ours, windows)).toBe(false);
    expect(senderAllowed(top('app://evil/index.html'), ours, windows)).toBe(false);
    expect(senderAllowed(null, ours, windows)).toBe(false);
  });
});

describe('what counts as the app', () => {
  it('app://dutyroom in any path or query is ours; look-alikes are not', async () => {
    const { isAppUrl } = await import('./origin');
    expect(isAppUrl('app://dutyroom/index.html?view=wall')).toBe(true);
    expect(isAppUrl('app://dutyroom.evil/index.html')).toBe(false);
    expect(isAppUrl('https://dutyroom/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
