import { v7 as uuidv7 } from 'uuid';
import { findFirstFarmerMemberId } from './auth/index.js';
import type { Db, Tx } from './infra/db/index.js';
import { addDays, todayInIndia } from './lib/calendar.js';
import { findCrop } from './modules/crops/index.js';
import {
  MEASUREMENTS,
  categoryOf,
  fieldOwner,
  insertCropCycle,
  insertFarm,
  insertFarmer,
  insertField,
  insertSoilTest,
  measureBoundary,
  type Measurement,
} from './modules/registry/index.js';

/**
 * The demo organisation's field registry: six farmers in four districts, one farm each, fields drawn
 * as walked boundaries, the crop of the current season on every field and Soil Health Card results
 * on some. Farmers, farms and fields go in through the registry's own repository and service
 * functions, so areas, centroids and bounding boxes are measured exactly as for a field drawn in the
 * app; crop cycles and soil tests are written as their routes write them (the routes keep those
 * insert functions to themselves), with the crop checked against the catalogue.
 *
 * Places. Each district's anchor is its headquarters town at the coordinates of the town's Wikipedia
 * infobox; fields lie a few kilometres out from it in the surrounding farmland. The villages are real
 * villages of those districts close to the headquarters; a field's position is an offset from the
 * headquarters, not a surveyed plot of that village. The people are invented, and their records
 * carry no personal data (phone, Aadhaar, bank account).
 *
 *   Nashik (Maharashtra)      19.9975 N, 73.7898 E  Makhmalabad: irrigated farmland right at the
 *                                                    edge of Nashik city, in Nashik taluka.
 *   Ludhiana (Punjab)         30.91 N, 75.85 E      Lalton Kalan and Baddowal: villages south and
 *                                                    south-west of the city, towards Jodhan.
 *   Guntur (Andhra Pradesh)   16.3008 N, 80.4428 E  Lam: on the Guntur-Amaravathi road, home of the
 *                                                    Regional Agricultural Research Station (1922);
 *                                                    Pedakakani: towards Vijayawada on NH 16.
 *   Sehore (Madhya Pradesh)   23.20 N, 77.08 E      Sherpur: a village next to Sehore town.
 *
 * Crops are codes of the crop catalogue in a season the catalogue lists for them, sown when they are
 * sown in that region: rice then wheat in Ludhiana, soybean then wheat or gram in Sehore, cotton,
 * Samba Mahsuri paddy (BPT 5204, bred at Bapatla, then in Guntur district) and chickpea in Guntur,
 * onion and tomato in Nashik. Nashik's grapes and Guntur's chillies are not in the catalogue. Each
 * field has a yearly rotation; its crop cycles are the plantings that stood in the field in the year
 * before the seed runs (the current crop and those before it), so a year of satellite history has
 * crops to show.
 */

export interface DemoRegistrySummary {
  farmers: number;
  farms: number;
  fields: number;
  cropCycles: number;
  soilTests: number;
  /** The farmer record linked to the tenant's farmer account, when it has one. */
  linkedFarmerId: string | null;
}

export interface DemoRegistryOptions {
  /** The day the seed treats as today (YYYY-MM-DD, India); decides which crop is on each field. */
  today?: string;
}

type Irrigation = 'rainfed' | 'canal' | 'tubewell' | 'drip' | 'sprinkler' | 'other';

/** One crop of a field's yearly rotation: sown (or transplanted) on the same day every year. */
interface Planting {
  crop: string;
  season: 'kharif' | 'rabi' | 'zaid';
  variety?: string;
  irrigation: Irrigation;
  /** Month and day of sowing or transplanting, MM-DD. */
  sown: string;
  /** Days from sowing to the expected harvest. */
  days: number;
}

/** Soil Health Card values: N, P, K in kg/ha; pH; EC in dS/m; OC in %; S and micronutrients in ppm. */
type SoilCard = Partial<Record<Measurement, number>>;

interface FieldPlan {
  name: string;
  /** Where the field's first corner lies, in metres east and north of the farm's corner. */
  at: [east: number, north: number];
  /** The walked outline, in metres east and north of the field's first corner (closed automatically). */
  outline: [east: number, north: number][];
  rotation: Planting[];
  soil?: { card: SoilCard; lab: string };
}

interface FarmerPlan {
  name: string;
  village: string;
  district: string;
  state: string;
  /** The tenant's farmer account signs in as this farmer. */
  linked?: boolean;
  farmName: string;
  /** The farm's corner, in kilometres east and north of the district headquarters. */
  offsetKm: [east: number, north: number];
  fields: FieldPlan[];
}

/** District headquarters, at the coordinates of each town's Wikipedia infobox (see above). */
const HEADQUARTERS = {
  Nashik: { lat: 19.9975, lon: 73.7898 },
  Ludhiana: { lat: 30.91, lon: 75.85 },
  Guntur: { lat: 16.3008, lon: 80.4428 },
  Sehore: { lat: 23.2, lon: 77.08 },
} as const;

/** Typical Soil Health Card results of each district's soils, for demonstration. */
const SOIL = {
  // Medium-deep black soil of the Godavari valley: alkaline, potassium-rich, low in phosphorus.
  nashik: { n: 226, p: 14.5, k: 318, ph: 7.9, ec: 0.34, oc: 0.56, s: 11.2, zn: 0.58, fe: 5.6, mn: 9.4, cu: 1.9, b: 0.62 },
  // Sandy loam alluvium of central Punjab: low organic carbon and nitrogen after decades of rice-wheat.
  ludhiana: { n: 198, p: 21.8, k: 162, ph: 7.8, ec: 0.29, oc: 0.41, s: 13.5, zn: 0.74, fe: 6.8, mn: 5.1, cu: 0.52, b: 0.48 },
  // Black cotton soil of the Guntur uplands: alkaline, high potassium, often low zinc.
  guntur: { n: 188, p: 27.4, k: 412, ph: 8.2, ec: 0.48, oc: 0.49, s: 15.6, zn: 0.52, fe: 4.9, mn: 7.2, cu: 1.4, b: 0.71 },
  // Deep vertisol of the Malwa plateau.
  sehore: { n: 232, p: 12.6, k: 376, ph: 7.6, ec: 0.24, oc: 0.53, s: 10.4, zn: 0.61, fe: 7.3, mn: 8.8, cu: 1.6, b: 0.55 },
} satisfies Record<string, SoilCard>;

const PADDY_WHEAT: Planting[] = [
  { crop: 'paddy', season: 'kharif', variety: 'PR 126', irrigation: 'tubewell', sown: '06-20', days: 110 },
  { crop: 'wheat', season: 'rabi', variety: 'HD 3086', irrigation: 'tubewell', sown: '11-05', days: 155 },
];

const DISTRICTS: Record<keyof typeof HEADQUARTERS, FarmerPlan[]> = {
  Nashik: [
    {
      name: 'Sunil Pawar',
      village: 'Makhmalabad',
      district: 'Nashik',
      state: 'Maharashtra',
      linked: true,
      farmName: 'Pawar farm, Makhmalabad',
      offsetKm: [-4.6, 1.8],
      fields: [
        {
          name: 'Onion plot',
          at: [0, 0],
          outline: [
            [0, 0],
            [118, 9],
            [126, 84],
            [61, 97],
            [-4, 78],
          ],
          rotation: [
            { crop: 'onion', season: 'kharif', variety: 'Baswant 780', irrigation: 'sprinkler', sown: '07-20', days: 110 },
            { crop: 'onion', season: 'rabi', variety: 'N-2-4-1', irrigation: 'sprinkler', sown: '12-15', days: 125 },
          ],
          soil: { card: SOIL.nashik, lab: 'District Soil Testing Laboratory, Nashik' },
        },
        {
          name: 'By the well',
          at: [165, 12],
          outline: [
            [0, 0],
            [88, -6],
            [97, 71],
            [5, 80],
          ],
          rotation: [
            { crop: 'tomato', season: 'kharif', irrigation: 'drip', sown: '06-15', days: 140 },
            { crop: 'wheat', season: 'rabi', irrigation: 'drip', sown: '11-15', days: 120 },
          ],
        },
        {
          name: 'Canal side',
          at: [20, 140],
          outline: [
            [0, 0],
            [132, -8],
            [141, 58],
            [70, 76],
            [6, 63],
          ],
          rotation: [
            { crop: 'soybean', season: 'kharif', irrigation: 'rainfed', sown: '06-25', days: 100 },
            { crop: 'gram', season: 'rabi', irrigation: 'sprinkler', sown: '11-01', days: 105 },
          ],
        },
      ],
    },
  ],
  Ludhiana: [
    {
      name: 'Harjinder Singh Grewal',
      village: 'Lalton Kalan',
      district: 'Ludhiana',
      state: 'Punjab',
      farmName: 'Grewal farm, Lalton Kalan',
      offsetKm: [-1.2, -9.0],
      fields: [
        {
          name: 'Tubewell field',
          at: [0, 0],
          outline: [
            [0, 0],
            [204, 4],
            [201, 101],
            [-3, 96],
          ],
          rotation: PADDY_WHEAT,
          soil: { card: SOIL.ludhiana, lab: 'Soil testing laboratory, Punjab Agricultural University, Ludhiana' },
        },
        {
          name: 'Road side',
          at: [0, 130],
          outline: [
            [0, 0],
            [150, 3],
            [147, 82],
            [-2, 79],
          ],
          rotation: [
            { crop: 'maize', season: 'kharif', variety: 'PMH 1', irrigation: 'tubewell', sown: '06-10', days: 100 },
            { crop: 'potato', season: 'rabi', variety: 'Kufri Pukhraj', irrigation: 'tubewell', sown: '10-15', days: 95 },
          ],
        },
      ],
    },
    {
      name: 'Paramjit Kaur Sidhu',
      village: 'Baddowal',
      district: 'Ludhiana',
      state: 'Punjab',
      farmName: 'Sidhu farm, Baddowal',
      offsetKm: [-8.7, -6.1],
      fields: [
        {
          name: 'Home field',
          at: [0, 0],
          outline: [
            [0, 0],
            [236, 7],
            [229, 126],
            [-6, 118],
          ],
          rotation: [
            { crop: 'paddy', season: 'kharif', variety: 'Pusa Basmati 1121', irrigation: 'tubewell', sown: '07-10', days: 120 },
            { crop: 'wheat', season: 'rabi', variety: 'PBW 725', irrigation: 'tubewell', sown: '11-15', days: 150 },
          ],
        },
      ],
    },
  ],
  Guntur: [
    {
      name: 'Kolli Venkateswara Rao',
      village: 'Lam',
      district: 'Guntur',
      state: 'Andhra Pradesh',
      farmName: 'Kolli farm, Lam',
      offsetKm: [-1.5, 7.8],
      fields: [
        {
          name: 'Black soil block',
          at: [0, 0],
          outline: [
            [0, 0],
            [171, 12],
            [163, 118],
            [74, 131],
            [-9, 102],
          ],
          rotation: [{ crop: 'cotton', season: 'kharif', irrigation: 'rainfed', sown: '07-05', days: 180 }],
          soil: { card: SOIL.guntur, lab: 'Soil testing laboratory, Regional Agricultural Research Station, Lam' },
        },
        {
          name: 'Pulses plot',
          at: [195, 20],
          outline: [
            [0, 0],
            [104, -4],
            [111, 77],
            [8, 83],
          ],
          rotation: [
            { crop: 'moong', season: 'kharif', irrigation: 'rainfed', sown: '06-20', days: 70 },
            { crop: 'gram', season: 'rabi', variety: 'JG 11', irrigation: 'rainfed', sown: '10-25', days: 100 },
          ],
        },
      ],
    },
    {
      name: 'Bandaru Lakshmi',
      village: 'Pedakakani',
      district: 'Guntur',
      state: 'Andhra Pradesh',
      farmName: 'Bandaru farm, Pedakakani',
      offsetKm: [6.2, 5.4],
      fields: [
        {
          name: 'Channel field',
          at: [0, 0],
          outline: [
            [0, 0],
            [138, 6],
            [133, 92],
            [-5, 87],
          ],
          rotation: [{ crop: 'paddy', season: 'kharif', variety: 'BPT 5204', irrigation: 'canal', sown: '07-25', days: 145 }],
        },
        {
          name: 'Upland',
          at: [0, 120],
          outline: [
            [0, 0],
            [96, 8],
            [90, 66],
            [2, 61],
          ],
          rotation: [{ crop: 'cotton', season: 'kharif', irrigation: 'rainfed', sown: '06-25', days: 180 }],
        },
      ],
    },
  ],
  Sehore: [
    {
      name: 'Rameshwar Verma',
      village: 'Sherpur',
      district: 'Sehore',
      state: 'Madhya Pradesh',
      farmName: 'Verma farm, Sherpur',
      offsetKm: [3.8, -4.2],
      fields: [
        {
          name: 'Big field',
          at: [0, 0],
          outline: [
            [0, 0],
            [212, -9],
            [224, 104],
            [97, 121],
            [4, 98],
          ],
          rotation: [
            { crop: 'soybean', season: 'kharif', variety: 'JS 20-34', irrigation: 'rainfed', sown: '06-25', days: 95 },
            { crop: 'wheat', season: 'rabi', variety: 'HI 1544', irrigation: 'tubewell', sown: '11-10', days: 130 },
          ],
          soil: { card: SOIL.sehore, lab: 'District Soil Testing Laboratory, Sehore' },
        },
        {
          name: 'Nala side',
          at: [250, 10],
          outline: [
            [0, 0],
            [121, 5],
            [116, 88],
            [-7, 80],
          ],
          rotation: [
            { crop: 'soybean', season: 'kharif', variety: 'JS 95-60', irrigation: 'rainfed', sown: '06-28', days: 90 },
            { crop: 'gram', season: 'rabi', variety: 'JG 11', irrigation: 'tubewell', sown: '10-25', days: 110 },
          ],
        },
      ],
    },
  ],
};

/** Fields of the demo must look like smallholdings: 0.4 to 3 ha each. */
export const DEMO_FIELD_AREA_HA = { min: 0.4, max: 3 } as const;

const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320;

/** A closed GeoJSON polygon from an outline in metres east and north of a point. */
function polygonAt(origin: { lat: number; lon: number }, outline: [number, number][]) {
  const metresPerDegreeLon = METRES_PER_DEGREE_LON_AT_EQUATOR * Math.cos((origin.lat * Math.PI) / 180);
  const round = (degrees: number) => Math.round(degrees * 1e7) / 1e7;
  const ring = outline.map(([east, north]) => [
    round(origin.lon + east / metresPerDegreeLon),
    round(origin.lat + north / METRES_PER_DEGREE_LAT),
  ]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

const shift = (point: { lat: number; lon: number }, [east, north]: [number, number]) => ({
  lat: point.lat + north / METRES_PER_DEGREE_LAT,
  lon: point.lon + east / (METRES_PER_DEGREE_LON_AT_EQUATOR * Math.cos((point.lat * Math.PI) / 180)),
});

/**
 * The plantings of the rotation that stood in the field at some time in the year up to `today`,
 * latest first, with their dates: the first is the crop standing now (or just harvested), the
 * others the seasons before it, back to the one harvested within the year.
 */
function recentPlantings(rotation: Planting[], today: string) {
  const year = Number(today.slice(0, 4));
  const yearAgo = addDays(today, -365);
  return [year, year - 1, year - 2]
    .flatMap((y) =>
      rotation.map((planting) => {
        const sowingDate = `${y}-${planting.sown}`;
        return { ...planting, sowingDate, expectedHarvestDate: addDays(sowingDate, planting.days) };
      }),
    )
    .filter((planting) => planting.sowingDate <= today && planting.expectedHarvestDate > yearAgo)
    .sort((a, b) => b.sowingDate.localeCompare(a.sowingDate));
}

/**
 * Adds the demo registry to a tenant. Meant for a tenant that has just been created (the demo seed
 * calls it once); a second call would add the farmers again. The farmer account of the tenant, if
 * there is one, is linked to the Nashik farmer, so signing in by phone shows that farmer's fields.
 */
export async function seedDemoRegistry(db: Db, tenantId: string, options: DemoRegistryOptions = {}): Promise<DemoRegistrySummary> {
  const today = options.today ?? todayInIndia();
  return db.tenant(tenantId, async (tx) => {
    const farmerAccountId = await findFirstFarmerMemberId(tx);
    const summary: DemoRegistrySummary = { farmers: 0, farms: 0, fields: 0, cropCycles: 0, soilTests: 0, linkedFarmerId: null };

    for (const [district, farmers] of Object.entries(DISTRICTS) as [keyof typeof HEADQUARTERS, FarmerPlan[]][]) {
      for (const plan of farmers) {
        const corner = shift(HEADQUARTERS[district], [plan.offsetKm[0] * 1000, plan.offsetKm[1] * 1000]);
        // Measured first: the farmer's land holding is the sum of their fields.
        const measured = [];
        for (const field of plan.fields) {
          const measures = await measureBoundary(tx, polygonAt(shift(corner, field.at), field.outline));
          if (measures.area_ha < DEMO_FIELD_AREA_HA.min || measures.area_ha > DEMO_FIELD_AREA_HA.max) {
            throw new Error(
              `demo field "${field.name}" measures ${measures.area_ha} ha, outside ${DEMO_FIELD_AREA_HA.min}-${DEMO_FIELD_AREA_HA.max} ha`,
            );
          }
          measured.push({ field, measures });
        }
        const holdingHa = Math.round(measured.reduce((sum, { measures }) => sum + measures.area_ha, 0) * 100) / 100;
        const link = plan.linked ? farmerAccountId : undefined;

        const farmer = await insertFarmer(tx, uuidv7(), tenantId, {
          name: plan.name,
          village: plan.village,
          district: plan.district,
          state: plan.state,
          land_holding_ha: holdingHa,
          category: categoryOf(holdingHa),
          user_id: link,
        });
        if (!farmer) throw new Error('demo farmer id collided');
        summary.farmers++;
        if (link) summary.linkedFarmerId = farmer.id;

        const farm = await insertFarm(tx, uuidv7(), tenantId, {
          farmer_id: farmer.id,
          name: plan.farmName,
          village: plan.village,
          district: plan.district,
          state: plan.state,
        });
        if (!farm) throw new Error('demo farm id collided');
        summary.farms++;

        for (const { field, measures } of measured) {
          const row = await insertField(tx, uuidv7(), tenantId, { farm_id: farm.id, farmer_id: farmer.id, name: field.name, ...measures });
          if (!row) throw new Error('demo field id collided');
          summary.fields++;
          const owner = (await fieldOwner(tx, row.id, 'share'))!;
          const plantings = recentPlantings(field.rotation, today);
          const planting = plantings[0]!;
          for (const sown of plantings) {
            await seedCropCycle(tx, tenantId, owner, sown);
            summary.cropCycles++;
          }
          if (field.soil) {
            // Sampled before the current crop went in, as cards are.
            await seedSoilTest(tx, tenantId, owner, addDays(planting.sowingDate, -21), field.soil);
            summary.soilTests++;
          }
        }
      }
    }
    return summary;
  });
}

/** A crop cycle stored as POST /v1/fields/{id}/crop-cycles stores it, the crop checked against the catalogue. */
async function seedCropCycle(
  tx: Tx,
  tenantId: string,
  field: { id: string; farmerId: string },
  planting: Planting & { sowingDate: string; expectedHarvestDate: string },
) {
  const crop = await findCrop(tx, planting.crop);
  if (!crop) throw new Error(`demo crop "${planting.crop}" is not in the crop catalogue`);
  if (!crop.seasons.includes(planting.season)) throw new Error(`the catalogue does not list ${crop.code} as a ${planting.season} crop`);
  await insertCropCycle(tx, uuidv7(), tenantId, field, {
    crop: crop.code,
    variety: planting.variety ?? null,
    season: planting.season,
    sowingDate: planting.sowingDate,
    expectedHarvestDate: planting.expectedHarvestDate,
    irrigation: planting.irrigation,
  });
}

/** A soil test stored as POST /v1/fields/{id}/soil-tests stores it: measured values in catalogue order. */
async function seedSoilTest(
  tx: Tx,
  tenantId: string,
  field: { id: string; farmerId: string },
  sampledOn: string,
  soil: { card: SoilCard; lab: string },
) {
  const measurements = Object.fromEntries(MEASUREMENTS.flatMap((name) => (soil.card[name] === undefined ? [] : [[name, soil.card[name]]])));
  await insertSoilTest(tx, uuidv7(), tenantId, field, { sampledOn, lab: soil.lab, measurements });
}
