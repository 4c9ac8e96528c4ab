import type { ComponentChildren } from 'preact';
import { Loading } from '../../../ui/Loading';
import { Problem } from '../../../ui/Problem';
import type { AsyncState } from '../../../ui/useApi';

/** One panel of the field's page: a card with its own heading, so each loads and fails on its own. */
export function Panel({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="card field-panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Loading, then the problem with a retry, or the content made from the data. */
export function Loaded<T>({
  state,
  children,
}: {
  state: AsyncState<T> & { reload: () => void };
  children: (data: T) => ComponentChildren;
}) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <Problem problem={state.problem} onRetry={state.reload} />;
  return <>{children(state.data)}</>;
}

/** A wide table that scrolls sideways on a phone: a named region that takes focus, so a keyboard can scroll it too. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus to be scrolled by keyboard (WCAG 2.1.1)
    <section class="table-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
