import { seededRandom } from '../../lib/random.js';
import { DAILY_DAYS, HOURLY_HOURS, RECENT_DAYS, round, type DailyWeather, type HourlyWeather, type WeatherProvider } from './forecast.js';

/**
 * The offline twin: plausible, deterministic weather for a place in India from a simple seasonal
 * climatology, so Kheti runs with no key and no network. It is labelled `source: "synthetic"` and
 * is never a forecast. The same grid cell (0.01°) and the same day give the same numbers.
 *
 * Climatology (a reference point near 20°N, 74°E, e.g. the Deccan plateau of Maharashtra):
 * cool dry winter (Dec–Feb), hot pre-monsoon (Apr–May), south-west monsoon rain (Jun–Sep),
 * retreating monsoon (Oct–Nov). Latitude shifts temperatures (warmer south, cooler north, the
 * more so in winter; the northern plains hotter before the monsoon) and elevation cools by the standard lapse rate of 6.5 °C/km.
 */
export interface SyntheticOptions {
  now?: () => Date;
  /** Elevation of a place in metres; default 0 (none known). */
  elevationM?: (lat: number, lon: number) => number;
}

/** Mean daily temperature (°C) by month at the reference latitude (20°N), sea level. */
const MEAN_TEMP_C = [21, 23.5, 27.5, 30.5, 32, 29.5, 27, 26.5, 27, 26.5, 24, 21.5];
/** Diurnal range (°C) by month: wide in the dry season, narrow under monsoon cloud. */
const DIURNAL_RANGE_C = [15, 15, 15, 14, 12, 8, 6, 6, 7, 10, 13, 14];
/** Monthly rain (mm) at the reference point. */
const MONTHLY_RAIN_MM = [4, 3, 5, 8, 18, 170, 290, 250, 170, 70, 20, 6];
/** Mean relative humidity (%) by month. */
const HUMIDITY_PCT = [55, 48, 40, 38, 45, 72, 85, 86, 80, 65, 58, 57];
/** Mean cloud cover (%) by month. */
const CLOUD_PCT = [12, 10, 12, 18, 28, 70, 88, 86, 70, 40, 20, 14];
/** Mean wind (km/h) by month: the monsoon current is the windiest. */
const WIND_KMH = [7, 8, 9, 11, 14, 17, 18, 16, 12, 8, 6, 6];
const IST_OFFSET_MIN = 330;

/** Winter-ness: 1 in mid-January, 0 in mid-July. */
const winterness = (month: number) => (1 + Math.cos(((month - 0.5) / 12) * 2 * Math.PI)) / 2;

const pad = (n: number) => String(n).padStart(2, '0');
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

interface DayClimate extends DailyWeather {
  humidityPct: number;
  cloudPct: number;
}

/** One day's synthetic weather for a grid cell; `localDay` is midnight IST of that day, as a UTC date. */
function syntheticDay(cellLat: number, cellLon: number, elevationM: number, localDay: Date): DayClimate {
  const year = localDay.getUTCFullYear();
  const month = localDay.getUTCMonth();
  const date = `${year}-${pad(month + 1)}-${pad(localDay.getUTCDate())}`;
  const random = seededRandom(`${cellLat.toFixed(2)}:${cellLon.toFixed(2)}:${date}`);

  // Latitude: in winter about 0.7 °C colder per degree northward; in the hot season the northern
  // plains are the hotter ones (about 0.25 °C warmer per degree northward).
  const w = winterness(month);
  const latitudeEffect = -(cellLat - 20) * (0.7 * w - 0.25 * (1 - w));
  const mean = MEAN_TEMP_C[month]! + latitudeEffect - 0.0065 * Math.max(0, elevationM) + (random() - 0.5) * 3;
  const range = DIURNAL_RANGE_C[month]! + (random() - 0.5) * 3;

  // Rain days: wet-day probability from the monthly total at ~12 mm a wet day, amounts exponential.
  const monthly = MONTHLY_RAIN_MM[month]!;
  const days = daysInMonth(year, month);
  const wetProbability = Math.min(0.85, monthly / days / 12);
  const wet = random() < wetProbability;
  const meanWetDay = wetProbability > 0 ? monthly / days / wetProbability : 0;
  const rainMm = wet ? round(-Math.log(1 - random() * 0.999) * meanWetDay, 1) : 0;

  const humidityPct = Math.round(Math.min(98, Math.max(15, HUMIDITY_PCT[month]! + (wet ? 8 : -3) + (random() - 0.5) * 8)));
  const cloudPct = Math.round(Math.min(100, Math.max(0, CLOUD_PCT[month]! + (wet ? 15 : -5) + (random() - 0.5) * 20)));
  return {
    date,
    tMaxC: round(mean + range / 2 - (wet ? 1.5 : 0), 1),
    tMinC: round(mean - range / 2, 1),
    humidityMaxPct: Math.min(100, humidityPct + 15),
    humidityMinPct: Math.max(5, humidityPct - 20),
    windKmh: round(WIND_KMH[month]! * (0.75 + random() * 0.5), 1),
    rainMm,
    humidityPct,
    cloudPct,
  };
}

/** Hourly values shaped from the day: coolest near 06:00, warmest near 15:00, rain in the afternoon. */
function syntheticHour(day: DayClimate, hour: number): Omit<HourlyWeather, 'time'> {
  const phase = Math.cos(((hour - 15) / 24) * 2 * Math.PI); // 1 at 15:00, -1 at 03:00
  const tempC = round(day.tMinC + ((phase + 1) / 2) * (day.tMaxC - day.tMinC), 1);
  const humidityPct = Math.round(day.humidityPct - phase * 15);
  // Convective rain falls over 14:00–19:00.
  const rainMm = hour >= 14 && hour < 20 ? round(day.rainMm / 6, 2) : 0;
  return {
    tempC,
    humidityPct: Math.min(100, Math.max(5, humidityPct)),
    windKmh: round(day.windKmh * (0.7 + (0.3 * (phase + 1)) / 2), 1),
    rainMm,
    cloudPct: day.cloudPct,
    rainProbabilityPct: day.rainMm > 0 && hour >= 14 && hour < 20 ? 70 : day.rainMm > 0 ? 20 : 5,
  };
}

export interface SyntheticWeatherProvider extends WeatherProvider {
  readonly name: 'synthetic';
  history(lat: number, lon: number, from: string, to: string): Promise<DailyWeather[]>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The day's values as a forecast or history gives them (without the hourly-shaping fields). */
const toDaily = ({ humidityPct: _h, cloudPct: _c, ...day }: DayClimate): DailyWeather => day;

/** Today's date in India (IST), as a UTC midnight in ms. */
function localMidnightOf(at: Date): number {
  const local = new Date(at.getTime() + IST_OFFSET_MIN * 60_000);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
}

export function createSyntheticProvider(options: SyntheticOptions = {}): SyntheticWeatherProvider {
  const now = options.now ?? (() => new Date());
  return {
    name: 'synthetic',
    async forecast(lat, lon) {
      const cellLat = round(lat, 2);
      const cellLon = round(lon, 2);
      const elevationM = options.elevationM?.(cellLat, cellLon) ?? 0;
      const at = now();
      // Indian Standard Time, as a shifted UTC date, so calendar fields read local.
      const local = new Date(at.getTime() + IST_OFFSET_MIN * 60_000);
      const localMidnight = localMidnightOf(at);
      const dayCache = new Map<number, DayClimate>();
      const dayAt = (index: number) => {
        let day = dayCache.get(index);
        if (!day) {
          day = syntheticDay(cellLat, cellLon, elevationM, new Date(localMidnight + index * 86_400_000));
          dayCache.set(index, day);
        }
        return day;
      };
      const isoAt = (localMs: number) => {
        const d = new Date(localMs);
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:00+05:30`;
      };

      const hourNow = local.getUTCHours();
      const hourly: HourlyWeather[] = [];
      for (let i = 0; i < HOURLY_HOURS; i += 1) {
        const hoursFromMidnight = hourNow + i;
        const day = dayAt(Math.floor(hoursFromMidnight / 24));
        hourly.push({ time: isoAt(localMidnight + hoursFromMidnight * 3_600_000), ...syntheticHour(day, hoursFromMidnight % 24) });
      }
      const dailyAt = (index: number): DailyWeather => toDaily(dayAt(index));
      const daily = Array.from({ length: DAILY_DAYS }, (_, i) => dailyAt(i));
      const recentDays = Array.from({ length: RECENT_DAYS }, (_, i) => dailyAt(i - RECENT_DAYS));
      const first = hourly[0]!;
      return {
        source: 'synthetic',
        fetchedAt: at.toISOString(),
        lat: cellLat,
        lon: cellLon,
        current: {
          time: first.time,
          tempC: first.tempC,
          humidityPct: first.humidityPct,
          windKmh: first.windKmh,
          rainMm: first.rainMm,
          cloudPct: first.cloudPct,
        },
        hourly,
        daily,
        recentDays,
      };
    },
    /**
     * The same days the forecast gives for those dates, for any past date, so an offline install
     * has a whole season behind it. Days after today (IST) are left out: history is not invented
     * ahead of time.
     */
    async history(lat, lon, from, to) {
      if (!DATE.test(from) || !DATE.test(to)) throw new RangeError(`History dates must be YYYY-MM-DD (got ${from}..${to})`);
      const cellLat = round(lat, 2);
      const cellLon = round(lon, 2);
      const elevationM = options.elevationM?.(cellLat, cellLon) ?? 0;
      const last = Math.min(Date.parse(`${to}T00:00:00Z`), localMidnightOf(now()));
      const days: DailyWeather[] = [];
      for (let t = Date.parse(`${from}T00:00:00Z`); t <= last; t += 86_400_000) {
        days.push(toDaily(syntheticDay(cellLat, cellLon, elevationM, new Date(t))));
      }
      return days;
    },
  };
}
