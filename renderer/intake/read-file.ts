/**
 * Reads a dropped or opened File as base64 for `intake.analyse`, reporting progress and honouring an
 * AbortSignal (the clerk's Cancel).
 */

/**
 * @param file the File from an input or a drop.
 * @param onProgress called with (bytesRead, totalBytes).
 * @param signal aborting rejects with a DOMException named 'AbortError'.
 * @returns the file's bytes in base64 (no `data:` prefix).
 */
export function readFileAsBase64(file: Blob, onProgress: (loaded: number, total: number) => void, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException('cancelled', 'AbortError'));
      return;
    }
    const reader = new FileReader();
    const onAbort = () => reader.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    reader.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    reader.onabort = () => reject(new DOMException('cancelled', 'AbortError'));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      signal.removeEventListener('abort', onAbort);
      const url = String(reader.result);
      const comma = url.indexOf(',');
      resolve(comma >= 0 ? url.slice(comma + 1) : '');
    };
    reader.readAsDataURL(file);
  });
}
