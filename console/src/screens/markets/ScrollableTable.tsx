import type { ComponentChildren } from 'preact';

/**
 * A wide table scrolls sideways on a phone; the scrolling box takes focus so a keyboard can scroll
 * it too, and is a named region (a labelled <section>) so a screen reader says what got focus.
 */
export function ScrollableTable({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section class="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
