/**
 * Save a file the station generated (base64: a report, a roster, the duty log) through the browser's download,
 * in Electron and browser mode.
 */
export function saveFile(file: { base64: string; mediaType: string; fileName: string }) {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
