import '../../styles/fields.css';
import { useCallback, useMemo, useState } from 'preact/hooks';
import { isAdmin, useSession } from '../../auth/session';
import { t } from '../../i18n';
import { FieldPolygons } from '../../map/FieldPolygons';
import { LeafletMap } from '../../map/LeafletMap';
import type { Boundary, Field } from '../../map/types';
import { hrefOf, navigate, useRoute } from '../../router';
import { Empty } from '../../ui/Empty';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { DrawPolygon } from './DrawPolygon';
import { FieldList } from './FieldList';
import { NdviComputing } from './NdviComputing';
import { NdviLegend } from './NdviLegend';
import { ndviColour, NO_DATA_COLOUR } from './ndviClasses';
import { NewFieldForm } from './NewFieldForm';
import { useAllFields } from './useAllFields';
import { useLatestNdvis } from './useLatestNdvis';

/** The popup of a clicked field: a link to its page (Leaflet takes a DOM node; textContent keeps names inert). */
function linkToField(field: Field): HTMLElement {
  const link = document.createElement('a');
  link.href = hrefOf(`/fields/${field.id}`);
  link.textContent = t('fields.open', { name: field.name });
  return link;
}

/** Roles the API lets draw fields (registry:write). */
const canDraw = (role: string) => isAdmin(role) || role === 'agronomist';

/** #/fields: every field on a map coloured by its latest NDVI, a searchable list beside it, and drawing a new field (#/fields?new=1). */
export function FieldsScreen() {
  const session = useSession();
  const route = useRoute();
  const drawing = route.query.get('new') === '1';
  const loaded = useAllFields();
  const [created, setCreated] = useState<Field[]>([]);
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string>();
  const [boundary, setBoundary] = useState<Boundary>();
  const [drawGeneration, setDrawGeneration] = useState(0);

  const fields = useMemo(() => [...(loaded.data ?? []), ...created].sort((a, b) => a.name.localeCompare(b.name)), [loaded.data, created]);
  const { byId: ndvi, computing } = useLatestNdvis(useMemo(() => fields.map((f) => f.id), [fields]));
  const styleOf = useCallback(
    (field: Field) => {
      const colour = ndviColour(ndvi.get(field.id)?.value);
      // No data is dashed as well as grey, so it does not rest on colour alone.
      return {
        fillColor: colour,
        color: '#1b1f1c',
        weight: 1.5,
        fillOpacity: 0.85,
        // Always said, dashed or not: a restyle keeps any option it does not name.
        dashArray: colour === NO_DATA_COLOUR ? '4 3' : '',
      };
    },
    [ndvi],
  );
  const needle = search.trim().toLocaleLowerCase();
  const shown = needle ? fields.filter((f) => f.name.toLocaleLowerCase().includes(needle)) : fields;

  const stopDrawing = () => {
    setBoundary(undefined);
    navigate('/fields');
  };

  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'error') return <Problem problem={loaded.problem} onRetry={loaded.reload} />;

  return (
    <div class="fields-screen">
      <div class="fields-heading">
        <h1>{t('nav.fields')}</h1>
        {session.status === 'signedIn' && canDraw(session.role) && !drawing && (
          <button type="button" class="primary" onClick={() => navigate('/fields?new=1')}>
            {t('fields.draw')}
          </button>
        )}
      </div>
      <div class="fields-layout">
        <div class="fields-map">
          {drawing && <p class="draw-hint">{t('fields.new.howTo')}</p>}
          <LeafletMap class="fields-map-canvas">
            <FieldPolygons
              fields={fields}
              styleOf={styleOf}
              selectedId={selectedId}
              onSelect={(field) => setSelectedId(field.id)}
              popupOf={linkToField}
            />
            {drawing && <DrawPolygon generation={drawGeneration} onDrawn={setBoundary} />}
          </LeafletMap>
          <NdviLegend />
          <NdviComputing count={computing} />
        </div>
        <div class="fields-side">
          {drawing && (
            <NewFieldForm
              boundary={boundary}
              onCreated={(field, stayOpen) => {
                setCreated((previous) => [...previous, field]);
                setSelectedId(field.id);
                if (!stayOpen) stopDrawing();
              }}
              onRedraw={() => {
                setBoundary(undefined);
                setDrawGeneration((n) => n + 1);
              }}
              onCancel={stopDrawing}
            />
          )}
          <h2 id="field-list-title">{t('fields.list.title', { count: fields.length })}</h2>
          <label for="field-search">{t('fields.search')}</label>
          <input id="field-search" type="search" value={search} onInput={(event) => setSearch(event.currentTarget.value)} />
          {fields.length === 0 ? (
            <Empty>
              <p>{t('fields.empty')}</p>
            </Empty>
          ) : shown.length === 0 ? (
            <p>{t('fields.noMatch', { search: search.trim() })}</p>
          ) : (
            <FieldList fields={shown} ndvi={ndvi} selectedId={selectedId} onHighlight={setSelectedId} />
          )}
        </div>
      </div>
    </div>
  );
}
