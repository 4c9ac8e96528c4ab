import type { IrrigationAdvice } from '../../lib/agronomy/irrigation.js';
import type { WeatherRisk } from '../../lib/agronomy/weather-risks.js';
import type { AdvisoryLanguage } from './language.js';
import { istDate, readableDate, readableTime } from './readable-time.js';

/**
 * The sentences of an advisory, in English and Hindi, each carrying the numbers behind it. Numbers
 * are written with Western digits in both languages, as Indian agricultural advisories commonly do;
 * dates and times as people read them (readable-time.ts), never as ISO strings. A Hindi sentence
 * has no Latin letter but those of °C: units are written in Hindi (मिमी, किमी/घंटा), and names
 * such as FAO or IMD in Devanagari.
 */
type Phrase = Record<AdvisoryLanguage, string>;

const mm = (n: number) => `${Math.round(n)}`;
const one = (n: number) => `${Math.round(n * 10) / 10}`;

/**
 * Said first in every sentence built on the offline twin's weather (WEATHER_PROVIDER=synthetic), so
 * that nobody reading only the words takes invented weather for a forecast.
 */
export const SYNTHETIC_WEATHER_NOTE: Phrase = {
  en: 'Invented weather from the offline twin, not a forecast: ',
  hi: 'यह असली पूर्वानुमान नहीं, ऑफ़लाइन ट्विन (नमूना मौसम मॉडल) का गढ़ा हुआ मौसम है: ',
};

export type NoIrrigationAdviceReason = 'no-crop' | 'no-coefficients' | 'flooded-rice';

export function irrigationText(advice: IrrigationAdvice, rainTomorrowMm: number): Phrase {
  const raw = mm(advice.readilyAvailableWaterMm);
  const depth = mm(advice.netDepthMm ?? 0);
  const horizon = readableDate(advice.horizon);
  const by = advice.date ? readableDate(advice.date) : horizon;
  switch (advice.action) {
    case 'not-needed':
      return {
        en: `No irrigation needed through ${horizon.en}: the root zone is ${mm(advice.depletionMm)} mm below field capacity, within the ${raw} mm the crop can draw without stress.`,
        hi: `${horizon.hi} तक सिंचाई की ज़रूरत नहीं: जड़ क्षेत्र में नमी क्षेत्र क्षमता से ${mm(advice.depletionMm)} मिमी कम है, जो बिना तनाव के उपलब्ध ${raw} मिमी के भीतर है।`,
      };
    case 'irrigate-by':
      return {
        en: `Irrigate by ${by.en} with about ${depth} mm: by then the root zone will be ${depth} mm below field capacity, past the ${raw} mm the crop can draw without stress.`,
        hi: `${by.hi} तक लगभग ${depth} मिमी सिंचाई करें: तब तक जड़ क्षेत्र में नमी क्षेत्र क्षमता से ${depth} मिमी कम हो जाएगी, जो बिना तनाव के उपलब्ध ${raw} मिमी से अधिक है।`,
      };
    case 'irrigate-now':
      return {
        en: `Irrigate today with about ${depth} mm: the root zone is ${depth} mm below field capacity, past the ${raw} mm the crop can draw without stress, and no rain in the forecast makes up for it.`,
        hi: `आज लगभग ${depth} मिमी सिंचाई करें: जड़ क्षेत्र में नमी क्षेत्र क्षमता से ${depth} मिमी कम है, जो बिना तनाव के उपलब्ध ${raw} मिमी से अधिक है, और पूर्वानुमान की वर्षा इसकी पूर्ति नहीं करती।`,
      };
    case 'wait-for-rain':
      return {
        en: `Hold irrigation: the root zone is ${depth} mm below field capacity, but ${mm(rainTomorrowMm)} mm of rain expected tomorrow should refill it.`,
        hi: `सिंचाई रोकें: जड़ क्षेत्र में नमी क्षेत्र क्षमता से ${depth} मिमी कम है, पर कल अपेक्षित ${mm(rainTomorrowMm)} मिमी वर्षा से इसकी पूर्ति हो जानी चाहिए।`,
      };
  }
}

/** What the root-zone water balance takes for granted on its first day: nothing tells Kheti how wet the field was before. */
export function balanceAssumptionText(firstDay: string): Phrase {
  const day = readableDate(firstDay);
  return {
    en: `The root zone is taken to be at field capacity at the start of ${day.en}; irrigation or heavy rain just before that makes this true.`,
    hi: `माना गया है कि ${day.hi} की शुरुआत में जड़ क्षेत्र की नमी क्षेत्र क्षमता पर थी; उससे ठीक पहले की सिंचाई या भारी वर्षा इसे सही बनाती है।`,
  };
}

export function noIrrigationAdviceText(reason: NoIrrigationAdviceReason, cropName?: { en: string; hi: string }): Phrase {
  if (reason === 'no-crop') {
    return {
      en: 'No crop is recorded on this field for today; irrigation advice needs the crop and its sowing date.',
      hi: 'इस खेत पर आज के लिए कोई फ़सल दर्ज नहीं है; सिंचाई सलाह के लिए फ़सल और बुवाई की तारीख़ चाहिए।',
    };
  }
  if (reason === 'flooded-rice') {
    return {
      en: 'Rice stands in flooded fields, where the root-zone water balance does not hold (FAO-56 gives its depletion fraction as a fraction of saturation): keep the water level up; the daily crop water use (etcMm) shows how fast it falls.',
      hi: 'धान पानी भरे खेत में होता है, जहाँ जड़ क्षेत्र का जल संतुलन लागू नहीं होता (एफ़एओ-56 इसका ह्रास अंश संतृप्ति के अंश के रूप में देता है): खेत में पानी का स्तर बनाए रखें; दैनिक फ़सल जल उपयोग बताता है कि पानी कितनी तेज़ी से घटता है।',
    };
  }
  return {
    en: `There are no FAO-56 crop coefficients for ${cropName?.en ?? 'this crop'}, so irrigation cannot be advised; the weather risks still apply.`,
    hi: `${cropName?.hi ?? 'इस फ़सल'} के लिए एफ़एओ-56 फ़सल गुणांक उपलब्ध नहीं हैं, इसलिए सिंचाई सलाह नहीं दी जा सकती; मौसम के जोखिम फिर भी लागू हैं।`,
  };
}

const RAIN_CLASS: Record<NonNullable<WeatherRisk['rainClass']>, Phrase> = {
  heavy: { en: 'heavy', hi: 'भारी' },
  'very-heavy': { en: 'very heavy', hi: 'बहुत भारी' },
  'extremely-heavy': { en: 'extremely heavy', hi: 'अत्यधिक भारी' },
};

export function riskText(risk: WeatherRisk): Phrase {
  const v = one(risk.value);
  const on = readableDate(risk.date);
  switch (risk.kind) {
    case 'heat':
      return {
        en: `Heat: ${v} °C expected on ${on.en} (at or above ${risk.threshold} °C). Irrigate in the evening, keep the soil moist and do not spray at midday.`,
        hi: `लू/गर्मी: ${on.hi} को ${v} °C तापमान अपेक्षित (${risk.threshold} °C या अधिक)। शाम को सिंचाई करें, मिट्टी में नमी बनाए रखें और दोपहर में छिड़काव न करें।`,
      };
    case 'frost':
      return {
        en: `Frost risk: minimum ${v} °C expected on ${on.en} (at or below ${risk.threshold} °C). A light irrigation the evening before protects the crop.`,
        hi: `पाले का खतरा: ${on.hi} को न्यूनतम तापमान ${v} °C अपेक्षित (${risk.threshold} °C या कम)। एक दिन पहले शाम को हल्की सिंचाई फ़सल को बचाती है।`,
      };
    case 'heavy-rain': {
      const cls = RAIN_CLASS[risk.rainClass ?? 'heavy'];
      return {
        en: `Heavy rain: ${v} mm expected on ${on.en}, ${cls.en} by the IMD classes (from ${risk.threshold} mm). Clear the field drains and put off fertiliser and sprays.`,
        hi: `भारी वर्षा: ${on.hi} को ${v} मिमी वर्षा अपेक्षित, भारत मौसम विज्ञान विभाग के वर्गीकरण में ${cls.hi} (${risk.threshold} मिमी से)। खेत की नालियाँ साफ़ रखें और उर्वरक व छिड़काव टाल दें।`,
      };
    }
    case 'high-wind':
      return {
        en: `Strong wind: up to ${v} km/h expected on ${on.en} (at or above ${risk.threshold} km/h). Support tall crops and do not spray.`,
        hi: `तेज़ हवा: ${on.hi} को ${v} किमी/घंटा तक हवा अपेक्षित (${risk.threshold} किमी/घंटा या अधिक)। ऊँची फ़सलों को सहारा दें और छिड़काव न करें।`,
      };
  }
}

export function sprayText(windows: readonly { start: string; end: string; hours: number }[], hoursAhead: number): Phrase {
  const first = windows[0];
  if (!first) {
    return {
      en: `No hour in the next ${hoursAhead} hours suits spraying: wind of 15 km/h or more, rain within 6 hours, 32 °C or more, or night (sunset to sunrise).`,
      hi: `अगले ${hoursAhead} घंटों में छिड़काव के लिए कोई उपयुक्त समय नहीं: हवा 15 किमी/घंटा या अधिक, 6 घंटों में वर्षा, तापमान 32 °C या अधिक, या रात (सूर्यास्त से सूर्योदय तक)।`,
    };
  }
  const from = readableTime(first.start);
  // A window lies within one day's daylight, so its end is written as the hour alone.
  const to = readableTime(first.end, { day: istDate(first.end) !== istDate(first.start) });
  return {
    en: `Spraying suits ${windows.length} window(s) in the next ${hoursAhead} hours; the first is ${from.en} to ${to.en} (${first.hours} h): daylight, wind under 15 km/h, no rain for 6 h, under 32 °C.`,
    hi: `अगले ${hoursAhead} घंटों में छिड़काव के ${windows.length} उपयुक्त समय हैं; पहला ${from.hi} से ${to.hi} तक (${first.hours} घंटे): दिन का उजाला, हवा 15 किमी/घंटा से कम, 6 घंटे वर्षा नहीं, 32 °C से कम।`,
  };
}

const STAGE: Record<string, Phrase> = {
  'before-sowing': { en: 'not yet sown', hi: 'अभी बुवाई नहीं हुई' },
  initial: { en: 'initial stage', hi: 'प्रारंभिक अवस्था' },
  development: { en: 'development stage', hi: 'विकास अवस्था' },
  'mid-season': { en: 'mid-season stage', hi: 'मध्य अवस्था' },
  'late-season': { en: 'late-season stage', hi: 'अंतिम अवस्था' },
  harvested: { en: 'past its typical season length', hi: 'सामान्य अवधि पूरी' },
};

export function cropText(
  crop: { en: string; hi: string },
  sowingDate: string,
  dayAfterSowing: number,
  stage: string | undefined,
  gdd: { total: number; baseC: number } | undefined,
): Phrase {
  const s = stage ? STAGE[stage] : undefined;
  const sown = readableDate(sowingDate, { year: true });
  const gddEn = gdd ? `, ${Math.round(gdd.total)} growing degree days (base ${one(gdd.baseC)} °C)` : '';
  const gddHi = gdd ? `, ${Math.round(gdd.total)} वृद्धि डिग्री दिवस (आधार ${one(gdd.baseC)} °C)` : '';
  return {
    en: `${crop.en} sown on ${sown.en}: day ${dayAfterSowing}${gddEn}${s ? `; ${s.en}` : ''}.`,
    hi: `${crop.hi}, बुवाई ${sown.hi}: ${dayAfterSowing}वाँ दिन${gddHi}${s ? `; ${s.hi}` : ''}।`,
  };
}

export type CycleSelection = 'standing' | 'next-sowing';

/** Which crop cycle the advice is for, and why that one (the rule of GET /v1/fields/{id}/advisories). */
export function cycleSelectionText(
  cycle: { sowingDate: string; expectedHarvestDate: string | null; selectedBecause: CycleSelection; standingCycles: number },
  crop: { en: string; hi: string },
): Phrase {
  const sown = readableDate(cycle.sowingDate, { year: true });
  if (cycle.selectedBecause === 'next-sowing') {
    return {
      en: `Advice for the ${crop.en} to be sown on ${sown.en}: no crop stands on the field today, and this is the next sowing recorded.`,
      hi: `सलाह ${sown.hi} को बोई जाने वाली ${crop.hi} के लिए है: आज खेत में कोई फ़सल खड़ी नहीं है, और यह दर्ज अगली बुवाई है।`,
    };
  }
  const harvestOn = cycle.expectedHarvestDate ? readableDate(cycle.expectedHarvestDate, { year: true }) : undefined;
  const harvest = harvestOn
    ? {
        en: `its expected harvest, ${harvestOn.en}, is not yet past`,
        hi: `इसकी अपेक्षित कटाई ${harvestOn.hi} अभी बाकी है`,
      }
    : { en: 'no harvest date is recorded', hi: 'कटाई की तारीख़ दर्ज नहीं है' };
  const several =
    cycle.standingCycles > 1
      ? {
          en: ` It is the latest sown of the ${cycle.standingCycles} crops standing on the field together.`,
          hi: ` खेत में साथ खड़ी ${cycle.standingCycles} फ़सलों में यह सबसे बाद में बोई गई है।`,
        }
      : { en: '', hi: '' };
  return {
    en: `Advice for the ${crop.en} sown on ${sown.en}: it stands on the field today (${harvest.en}).${several.en}`,
    hi: `सलाह ${crop.hi} की फ़सल के लिए है, जो ${sown.hi} को बोई गई: यह आज खेत में खड़ी है (${harvest.hi})।${several.hi}`,
  };
}

/**
 * The last irrigation recorded on the field (POST /v1/fields/{id}/irrigations), said after the
 * irrigation advice: counted by the water balance, or older than the days it counts.
 */
export function recordedIrrigationText(last: { date: string; depthMm: number; counted: boolean } | null, lookBackDays: number): Phrase {
  if (!last) {
    return {
      en: 'No irrigation is recorded on this field; the water balance counts rain alone.',
      hi: 'इस खेत पर कोई सिंचाई दर्ज नहीं है; जल संतुलन केवल वर्षा को गिनता है।',
    };
  }
  const on = readableDate(last.date);
  if (!last.counted) {
    return {
      en: `Last recorded irrigation: ${one(last.depthMm)} mm on ${on.en}, before the ${lookBackDays} days the water balance counts.`,
      hi: `अंतिम दर्ज सिंचाई: ${on.hi} को ${one(last.depthMm)} मिमी, जो जल संतुलन में गिने गए ${lookBackDays} दिनों से पहले की है।`,
    };
  }
  return {
    en: `Last recorded irrigation: ${one(last.depthMm)} mm on ${on.en}, counted in the water balance.`,
    hi: `अंतिम दर्ज सिंचाई: ${on.hi} को ${one(last.depthMm)} मिमी, जो जल संतुलन में गिनी गई है।`,
  };
}

/** Why the water balance starts where it does, said after balanceAssumptionText. */
export function balanceStartReasonText(startsFrom: 'sowing' | 'look-back-limit' | 'weather-start', lookBackDays: number): Phrase {
  const since = { en: 'recorded irrigation and rain since then are counted.', hi: 'तब से दर्ज सिंचाई और वर्षा गिनी गई है।' };
  if (startsFrom === 'sowing') return { en: `That day is the sowing date; ${since.en}`, hi: `वह बुवाई का दिन है; ${since.hi}` };
  if (startsFrom === 'look-back-limit') {
    return {
      en: `The balance looks back at most ${lookBackDays} days; ${since.en}`,
      hi: `जल संतुलन अधिकतम ${lookBackDays} दिन पीछे तक देखता है; ${since.hi}`,
    };
  }
  return { en: `There is no weather for the days before it; ${since.en}`, hi: `उससे पहले के दिनों का मौसम उपलब्ध नहीं है; ${since.hi}` };
}

/** A day whose rain and irrigation filled the root zone whatever it held: the balance rests on no assumption after it. */
export function refillAssumptionText(date: string, waterMm: number, totalAvailableWaterMm: number): Phrase {
  const day = readableDate(date);
  return {
    en: `The root zone is at field capacity at the end of ${day.en}: the ${mm(waterMm)} mm of rain and irrigation that day is more than it can hold (${mm(totalAvailableWaterMm)} mm) plus the day's crop water use, whatever it held before.`,
    hi: `${day.hi} के अंत में जड़ क्षेत्र की नमी क्षेत्र क्षमता पर है: उस दिन की ${mm(waterMm)} मिमी वर्षा और सिंचाई, पहले की नमी जो भी रही हो, जड़ क्षेत्र की क्षमता (${mm(totalAvailableWaterMm)} मिमी) और उस दिन के फ़सल जल उपयोग से अधिक है।`,
  };
}
