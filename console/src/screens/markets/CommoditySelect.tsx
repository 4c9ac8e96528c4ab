import { t } from '../../i18n';
import { type Commodity, commodityName, sortedCommodities } from './commodities';

/** A labelled <select> of the catalogue, the crops with an MSP in their own group at the top. */
export function CommoditySelect({
  id,
  label,
  items,
  value,
  onChange,
  describedBy,
}: {
  id: string;
  label: string;
  items: Commodity[];
  value: string;
  onChange: (code: string) => void;
  describedBy?: string;
}) {
  const { withMsp, others } = sortedCommodities(items);
  const option = (c: Commodity) => (
    <option key={c.code} value={c.code}>
      {commodityName(c)}
    </option>
  );
  return (
    <div class="stack">
      <label for={id}>{label}</label>
      <select id={id} value={value} aria-describedby={describedBy} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('markets.chooseCommodity')}</option>
        <optgroup label={t('markets.withMsp')}>{withMsp.map(option)}</optgroup>
        <optgroup label={t('markets.otherCommodities')}>{others.map(option)}</optgroup>
      </select>
    </div>
  );
}
