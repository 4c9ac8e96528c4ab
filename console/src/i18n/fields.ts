import type { Messages } from './messages';

/** The fields screens' messages (the Fields list and the map every screen shares). Prefix every key with 'fields.'. */
export const fields = {
  // The map's accessible name: exactly "Map" in English, so tests and screen-reader users find it.
  'fields.map.label': { en: 'Map', hi: 'मानचित्र' },
  'fields.map.zoomIn': { en: 'Zoom in', hi: 'ज़ूम इन करें' },
  'fields.map.zoomOut': { en: 'Zoom out', hi: 'ज़ूम आउट करें' },
  'fields.ndvi.loading': { en: 'Loading the latest satellite image…', hi: 'नई सैटेलाइट तस्वीर लोड हो रही है…' },
  'fields.ndvi.none': {
    en: 'No satellite image of this field yet: its first analysis has not finished.',
    hi: 'इस खेत की अभी कोई सैटेलाइट तस्वीर नहीं है: इसका पहला विश्लेषण पूरा नहीं हुआ।',
  },
  'fields.ndvi.pending': {
    en: 'The satellite image is still being prepared; trying again in {seconds} s.',
    hi: 'सैटेलाइट तस्वीर अभी तैयार हो रही है; {seconds} सेकंड में फिर कोशिश करेंगे।',
  },
  'fields.ndvi.shown': { en: 'NDVI on {date}: {value} (average over the field).', hi: '{date} का NDVI: {value} (पूरे खेत का औसत)।' },
  'fields.zones.toggle': { en: 'Show management zones', hi: 'प्रबंधन ज़ोन दिखाएँ' },
  'fields.zones.legend': { en: 'Management zones', hi: 'प्रबंधन ज़ोन' },
  'fields.zones.zone': { en: 'Zone {zone}: NDVI {mean}, {area} ha', hi: 'ज़ोन {zone}: NDVI {mean}, {area} हेक्टेयर' },
  'fields.zones.none': {
    en: 'No zones yet: no clear satellite image of this field has been analysed.',
    hi: 'अभी कोई ज़ोन नहीं: इस खेत की कोई साफ़ सैटेलाइट तस्वीर विश्लेषित नहीं हुई।',
  },
} satisfies Messages;
