/**
 * Scroll scaling for very long lists. Browsers cap an element's height (Chromium ~33.5M px, Firefox
 * ~17.9M px), so 1 000 000 rows × 34 px cannot be laid out as one tall box. The real scroll box holds a
 * spacer of at most {@link MAX_SCROLL_PX}; this adapter presents it to the register's windowing
 * (use-fixed-rows.ts) as a box of the list's full (virtual) height, mapping offsets linearly both ways. Rows are then placed
 * at `realScrollTop + (index * rowHeight - virtualScrollTop)`, i.e. always around the viewport.
 */

/** Real scroll height never exceeds this (safe in every current browser). */
export const MAX_SCROLL_PX = 8_000_000;

/** A scroll-element stand-in with the virtual geometry; pass it to the windowing as its scroll element. */
export class ScaledScrollElement {
  readonly real: HTMLElement;
  /** Full height of the list in virtual pixels (rows × row height). */
  virtualHeight = 0;

  constructor(real: HTMLElement) {
    this.real = real;
  }

  /** Height of the real spacer, in CSS pixels. */
  get realHeight(): number {
    return Math.min(this.virtualHeight, MAX_SCROLL_PX);
  }

  /** Virtual pixels per real pixel of scrolling (1 for lists that fit). */
  get ratio(): number {
    const view = this.real.clientHeight;
    const realRange = this.realHeight - view;
    const virtualRange = this.virtualHeight - view;
    return realRange > 0 && virtualRange > realRange ? virtualRange / realRange : 1;
  }

  get scrollTop(): number {
    return this.real.scrollTop * this.ratio;
  }
  get scrollLeft(): number {
    return this.real.scrollLeft;
  }
  get scrollHeight(): number {
    return Math.max(this.virtualHeight, this.real.clientHeight);
  }
  get scrollWidth(): number {
    return this.real.scrollWidth;
  }
  get clientHeight(): number {
    return this.real.clientHeight;
  }
  get clientWidth(): number {
    return this.real.clientWidth;
  }
  get ownerDocument(): Document {
    return this.real.ownerDocument;
  }
  scrollTo(options: ScrollToOptions): void {
    const top = options.top === undefined ? undefined : options.top / this.ratio;
    this.real.scrollTo({ top, behavior: options.behavior });
  }
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: AddEventListenerOptions | boolean): void {
    this.real.addEventListener(type, listener, options);
  }
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: EventListenerOptions | boolean): void {
    this.real.removeEventListener(type, listener, options);
  }
  getBoundingClientRect(): DOMRect {
    return this.real.getBoundingClientRect();
  }
}
