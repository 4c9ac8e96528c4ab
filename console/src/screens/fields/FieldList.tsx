import { useEffect, useRef } from 'preact/hooks';
import { formatNumber, t } from '../../i18n';
import type { Field } from '../../map/types';
import { Link } from '../../router';
import { formatNdvi, NO_DATA_COLOUR, ndviColour } from './ndviClasses';
import type { NdviById } from './useLatestNdvis';

interface FieldListProps {
  fields: Field[];
  ndvi: NdviById;
  selectedId: string | undefined;
  /** Hovering or focusing a name shows the field on the map, so keyboard users see where it is. */
  onHighlight: (id: string) => void;
}

/** Each field by name with its area and latest NDVI, in the map's colour too; a name opens the field's page. */
export function FieldList({ fields, ndvi, selectedId, onHighlight }: FieldListProps) {
  const list = useRef<HTMLUListElement>(null);
  // A field picked on the map scrolls into view here.
  useEffect(() => {
    list.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <ul class="field-list" ref={list}>
      {fields.map((field) => {
        const latest = ndvi.get(field.id);
        const ndviText =
          latest === undefined
            ? t('fields.list.ndviLoading')
            : latest === null
              ? t('fields.ndvi.noData')
              : t('fields.list.ndvi', { value: formatNdvi(latest.value) });
        // The same colour as the field's shape on the map, from the same answer, so the two never disagree.
        const colour = ndviColour(latest?.value);
        return (
          <li
            key={field.id}
            class={field.id === selectedId ? 'selected' : undefined}
            aria-current={field.id === selectedId ? 'true' : undefined}
          >
            <Link href={`/fields/${field.id}`} onFocus={() => onHighlight(field.id)} onMouseEnter={() => onHighlight(field.id)}>
              {field.name}
            </Link>
            <span class="field-facts">
              {t('fields.list.area', { area: formatNumber(field.areaHa, { maximumFractionDigits: 2 }) })} ·{' '}
              <span
                class={colour === NO_DATA_COLOUR ? 'swatch swatch-no-data' : 'swatch'}
                style={{ background: colour }}
                aria-hidden="true"
              />{' '}
              {ndviText}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
