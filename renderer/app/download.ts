import type { ExportedFile } from '../../../shared/reports/schemas';

/** Save a file the station generated (base64) through the browser's download, in Electron and browser mode. */
export function saveFile(file: ExportedFile) {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
