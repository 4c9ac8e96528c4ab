import { formatNumber, t } from '../../i18n';
import { Link } from '../../router';
import type { Farmer } from './types';

/** One line per farmer: name (a link to their page), where they live, their class and holding. */
export function FarmerList({ farmers }: { farmers: Farmer[] }) {
  return (
    <ul class="farmer-list">
      {farmers.map((farmer) => (
        <li key={farmer.id} class="farmer-item">
          <Link href={`/farmers/${farmer.id}`} class="farmer-name">
            {farmer.name}
          </Link>
          <span class="farmer-place">{[farmer.village, farmer.district, farmer.state].filter(Boolean).join(', ')}</span>
          <span class="farmer-land">
            {farmer.category ? t(`farmers.category.${farmer.category}`) : t('farmers.category.unknown')}
            {' · '}
            {farmer.landHoldingHa === null
              ? t('farmers.land.unknown')
              : t('farmers.land.ha', { ha: formatNumber(farmer.landHoldingHa, { maximumFractionDigits: 2 }) })}
          </span>
        </li>
      ))}
    </ul>
  );
}
