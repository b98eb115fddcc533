/**
 * Where the register's rows come from: `registry.page` (offset paging, newest first, total known) or,
 * with a query, `registry.search` (keyset paging by `beforeId`, total unknown until the end).
 * Pages are cached by index; the list asks for the rows it shows and re-renders when they arrive.
 */
import type { RegistrationSummary, SearchHit } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';

export const PAGE_SIZE = 100;
export const SEARCH_PAGE_SIZE = 100;

export type Row = RegistrationSummary & { snippet?: string | null };

let firstPage: ReturnType<DeskApiPage> | null = null;
type DeskApiPage = () => ReturnType<(typeof api)['registry.page']>;

/**
 * Starts fetching the register's newest page before the UI renders (called at start-up when the
 * register is the first screen), so the request overlaps script evaluation and the first render.
 */
export function prefetchFirstPage(): void {
  firstPage ??= api['registry.page']({ register: null, offset: 0, limit: PAGE_SIZE });
}

/** Offset-paged register. */
export class RegisterPages {
  total: number | null = null;
  private pages = new Map<number, Row[]>();
  private inflight = new Set<number>();
  error: ErrorValue | null = null;
  private readonly onUpdate: () => void;

  constructor(onUpdate: () => void) {
    this.onUpdate = onUpdate;
  }

  /** The row at `index`, or undefined while its page loads (and asks for it). */
  row(index: number): Row | undefined {
    const p = Math.floor(index / PAGE_SIZE);
    const page = this.pages.get(p);
    if (!page) {
      void this.load(p);
      return undefined;
    }
    return page[index - p * PAGE_SIZE];
  }

  /** Loads one page (no-op when cached or loading). */
  async load(p: number): Promise<void> {
    if (this.pages.has(p) || this.inflight.has(p)) return;
    this.inflight.add(p);
    let r;
    if (p === 0 && firstPage) {
      r = await firstPage;
      firstPage = null; // used once; later visits read fresh data
    } else {
      r = await api['registry.page']({ register: null, offset: p * PAGE_SIZE, limit: PAGE_SIZE });
    }
    this.inflight.delete(p);
    if (!r.ok) {
      this.error = r.error;
    } else {
      this.total = r.value.total;
      this.pages.set(p, r.value.items);
      if (p === 0) performance.mark('register-page0');
    }
    this.onUpdate();
  }
}

/** Keyset-paged search results. */
export class SearchResults {
  readonly query: string;
  rows: SearchHit[] = [];
  nextBeforeId: number | null = null;
  done = false;
  loading = false;
  error: ErrorValue | null = null;
  private readonly onUpdate: () => void;

  constructor(query: string, onUpdate: () => void) {
    this.query = query;
    this.onUpdate = onUpdate;
  }

  /** Fetches the next page of hits (no-op when loading or finished). */
  async more(): Promise<void> {
    if (this.loading || this.done) return;
    this.loading = true;
    const r = await api['registry.search']({ query: this.query, limit: SEARCH_PAGE_SIZE, beforeId: this.nextBeforeId });
    this.loading = false;
    if (!r.ok) {
      this.error = r.error;
      this.done = true;
    } else {
      this.rows = this.rows.concat(r.value.items);
      this.nextBeforeId = r.value.nextBeforeId;
      this.done = r.value.nextBeforeId === null;
    }
    this.onUpdate();
  }
}
