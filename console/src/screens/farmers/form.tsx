import type { ComponentChildren } from 'preact';
import { ApiProblem } from '../../api/client';
import { t } from '../../i18n';

/**
 * Kheti's message for one rejected request field (`body.state`), or undefined. A missing required
 * property gets the console's own words, since that is the one message a person needs in their language.
 */
export function errorFor(problem: unknown, path: string): string | undefined {
  if (!(problem instanceof ApiProblem)) return undefined;
  const found = problem.errors.find((error) => error.path === path || error.path.startsWith(`${path}.`));
  if (!found) return undefined;
  return /required property/.test(found.message) ? t('farmers.form.required') : found.message;
}

/** A problem whose every error is shown next to an input of the form needs no second list above it. */
export function unplacedProblem(problem: unknown, placed: readonly string[]): unknown {
  if (!(problem instanceof ApiProblem) || problem.errors.length === 0) return problem;
  const shown = problem.errors.every((error) => placed.some((path) => error.path === path || error.path.startsWith(`${path}.`)));
  return shown ? undefined : problem;
}

/**
 * A labelled control with its hint and its error underneath, tied to it for screen readers.
 * `control` receives the ids and aria attributes to spread on the input or select.
 */
export function FormField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: (aria: ControlAria) => ComponentChildren;
}) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'form-field form-field-invalid' : 'form-field'}>
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="form-hint">
          {hint}
        </p>
      )}
      {children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy })}
      {error && (
        <p id={`${id}-error`} class="form-error">
          {error}
        </p>
      )}
    </div>
  );
}

export interface ControlAria {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}
