/** Opening the services of a data folder for one CLI command, and closing them whatever happens. */
import type { Services } from '../../services/services.ts';
import { signInActor } from '../actor.ts';

/** Runs `fn` with the services of `dataDir`, then closes them. */
export async function withServices<T>(dataDir: string, fn: (s: Services) => Promise<T>): Promise<T> {
  // Loaded on use, so `--help` and usage errors answer without loading OCR and PDF libraries.
  const { createServices } = await import('../../services/services.ts');
  const services = await createServices({ dataDir });
  try {
    await signInActor(services); // `--user NAME`, if given
    return await fn(services);
  } finally {
    await services.close();
  }
}
