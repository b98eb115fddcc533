/**
 * Hands a file produced by the services to the user as a download: the browser (or Electron's
 * download handler) asks where to save it, so the path always comes from the user, never from data.
 */

/**
 * @param base64 the file's bytes in base64.
 * @param fileName suggested name (the user may change it).
 * @param mediaType MIME type.
 */
export function downloadBase64(base64: string, fileName: string, mediaType: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName.replace(/[\\/]/g, '_');
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the download has started.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
