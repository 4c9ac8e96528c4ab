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
