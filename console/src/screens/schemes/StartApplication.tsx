import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { currentLang, t } from '../../i18n';
import { Problem } from '../../ui/Problem';
import { errorFor, FormField, unplacedProblem } from '../farmers/form';
import type { Farmer, Page } from '../farmers/types';
import { createApplication, schemeName } from './data';
import type { Application, Scheme } from './types';

interface Props {
  /** Fixed when started from a farmer's page; otherwise the form asks for the farmer. */
  farmerId?: string;
  /** Fixed when started from a scheme; otherwise the form offers these. */
  schemeId?: string;
  schemes?: Scheme[];
  /** Makes the ids of the form's inputs unique on a page with several forms. */
  idPrefix: string;
  onCreated: (application: Application) => void;
}

/** Starts a farmer's application to a scheme, as a draft. */
export function StartApplication({ farmerId, schemeId, schemes = [], idPrefix, onCreated }: Props) {
  const [pickedFarmer, setPickedFarmer] = useState(farmerId ?? '');
  const [pickedScheme, setPickedScheme] = useState(schemeId ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();

  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      onCreated(await createApplication(pickedFarmer, pickedScheme, note.trim() || undefined));
      setNote('');
    } catch (caught) {
      setProblem(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="start-application" onSubmit={submit} noValidate>
      {farmerId === undefined && (
        <FarmerPicker idPrefix={idPrefix} value={pickedFarmer} onChange={setPickedFarmer} error={errorFor(problem, 'body.farmerId')} />
      )}
      {schemeId === undefined && (
        <FormField id={`${idPrefix}-scheme`} label={t('schemes.apply.scheme')} error={errorFor(problem, 'body.schemeId')}>
          {(aria) => (
            <select {...aria} value={pickedScheme} onChange={(e) => setPickedScheme(e.currentTarget.value)}>
              <option value="">{t('schemes.apply.pickScheme')}</option>
              {schemes.map((scheme) => (
                <option key={scheme.id} value={scheme.id}>
                  {schemeName(scheme, currentLang())}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      <FormField id={`${idPrefix}-note`} label={t('schemes.apply.note')} error={errorFor(problem, 'body.note')}>
        {(aria) => <input {...aria} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
      </FormField>
      {problem !== undefined && unplacedProblem(problem, ['body.farmerId', 'body.schemeId', 'body.note']) !== undefined && (
        <Problem problem={problem} />
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('schemes.apply.submit')}
      </button>
    </form>
  );
}

/** Finds a farmer by part of a name, village or district (Kheti's search) and picks one of the matches. */
function FarmerPicker({
  idPrefix,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  value: string;
  onChange: (id: string) => void;
  error: string | undefined;
}) {
  const [q, setQ] = useState('');
  const [matches, setMatches] = useState<Farmer[]>([]);
  const [problem, setProblem] = useState<unknown>();
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ limit: '50', ...(q.trim() ? { q: q.trim() } : {}) });
      api.get<Page<Farmer>>(`/v1/farmers?${params}`, { signal: controller.signal }).then(
        (page) => {
          setProblem(undefined);
          setMatches(page.items);
          // The only match is the one meant; several leave the choice to the person.
          if (page.items.length === 1) onChange(page.items[0]!.id);
        },
        (caught: unknown) => controller.signal.aborted || setProblem(caught),
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q]);
  return (
    <>
      <FormField id={`${idPrefix}-farmer-search`} label={t('schemes.apply.findFarmer')}>
        {(aria) => <input {...aria} type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />}
      </FormField>
      <FormField id={`${idPrefix}-farmer`} label={t('schemes.apply.farmer')} error={error}>
        {(aria) => (
          <select {...aria} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
            <option value="">{t('schemes.apply.pickFarmer', { count: matches.length })}</option>
            {matches.map((farmer) => (
              <option key={farmer.id} value={farmer.id}>
                {[farmer.name, farmer.village, farmer.district].filter(Boolean).join(', ')}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {problem !== undefined && <Problem problem={problem} />}
    </>
  );
}
