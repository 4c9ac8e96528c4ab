import { readableDate, riskText, type AdvisoryLanguage } from '../advisories/index.js';
import type { WeatherRisk } from '../../lib/agronomy/weather-risks.js';

/**
 * What an alert says, in English and Hindi: a title and a body for the inbox, and a short SMS that
 * names the field. As in the advisories (advisories/texts.ts), numbers use Western digits in both
 * languages, dates read as people say them, and a Hindi text has no Latin letters but those of
 * names (a field's, a market's, a commodity code) and units such as °C. Another language is one
 * more key in each phrase.
 */
export type Language = AdvisoryLanguage;
type Phrase = Record<Language, string>;

export interface AlertText {
  title: Phrase;
  body: Phrase;
  /** Only for alerts that reach farmers (field rules): one short line. */
  sms?: Phrase;
}

const two = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
const one = (n: number) => `${Math.round(n * 10) / 10}`;

export interface CropHealthDrop {
  fieldName: string;
  fromDate: string;
  toDate: string;
  from: number;
  to: number;
  drop: number;
}

export function cropHealthDropText(d: CropHealthDrop): AlertText {
  const from = readableDate(d.fromDate);
  const to = readableDate(d.toDate);
  return {
    title: { en: `Crop health fell on ${d.fieldName}`, hi: `${d.fieldName} में फ़सल की सेहत घटी` },
    body: {
      en: `The smoothed NDVI of ${d.fieldName} fell by ${two(d.drop)}, from ${two(d.from)} on ${from.en} to ${two(d.to)} on ${to.en} (Sentinel-2). Check the field.`,
      hi: `${d.fieldName} का औसत एनडीवीआई ${two(d.drop)} घटा: ${from.hi} को ${two(d.from)} से ${to.hi} को ${two(d.to)} (सेंटिनल-2)। खेत की जाँच करें।`,
    },
    sms: {
      en: `Kheti: crop health on ${d.fieldName} fell (NDVI ${two(d.from)} to ${two(d.to)}, ${to.en}). Check the field.`,
      hi: `खेती: ${d.fieldName} में फ़सल की सेहत घटी (एनडीवीआई ${two(d.from)} से ${two(d.to)}, ${to.hi})। खेत की जाँच करें।`,
    },
  };
}

const RISK_NAME: Record<WeatherRisk['kind'], Phrase> = {
  heat: { en: 'Heat', hi: 'लू/गर्मी' },
  frost: { en: 'Frost risk', hi: 'पाले का खतरा' },
  'heavy-rain': { en: 'Heavy rain', hi: 'भारी वर्षा' },
  'high-wind': { en: 'Strong wind', hi: 'तेज़ हवा' },
};

const UNIT: Record<WeatherRisk['unit'], Phrase> = {
  '°C': { en: '°C', hi: '°C' },
  mm: { en: 'mm', hi: 'मिमी' },
  'km/h': { en: 'km/h', hi: 'किमी/घंटा' },
};

export function weatherRiskText(fieldName: string, risk: WeatherRisk): AlertText {
  const on = readableDate(risk.date);
  const name = RISK_NAME[risk.kind];
  const unit = UNIT[risk.unit];
  return {
    title: { en: `${name.en} on ${on.en}: ${fieldName}`, hi: `${fieldName}: ${on.hi} को ${name.hi}` },
    body: riskText(risk),
    sms: {
      en: `Kheti: ${name.en} on ${on.en} at ${fieldName}: ${one(risk.value)} ${unit.en} expected.`,
      hi: `खेती: ${fieldName} में ${on.hi} को ${name.hi}: ${one(risk.value)} ${unit.hi} अपेक्षित।`,
    },
  };
}

export interface PriceCrossing {
  commodity: string;
  condition: 'above' | 'below' | 'below_msp';
  market: string;
  arrivalDate: string;
  modal: number;
  previousDate: string;
  previousModal: number;
  line: number;
}

const rupees = (n: number) => `₹${Math.round(n * 100) / 100}`;

export function priceText(p: PriceCrossing): AlertText {
  const on = readableDate(p.arrivalDate);
  const before = readableDate(p.previousDate);
  const line =
    p.condition === 'above'
      ? { en: `above ${rupees(p.line)}`, hi: `${rupees(p.line)} से ऊपर` }
      : p.condition === 'below'
        ? { en: `below ${rupees(p.line)}`, hi: `${rupees(p.line)} से नीचे` }
        : { en: `below the MSP of ${rupees(p.line)}`, hi: `न्यूनतम समर्थन मूल्य ${rupees(p.line)} से नीचे` };
  return {
    title: { en: `${p.commodity} ${line.en} at ${p.market}`, hi: `${p.market} में ${p.commodity} ${line.hi}` },
    body: {
      en: `The modal price of ${p.commodity} at ${p.market} was ${rupees(p.modal)} per quintal on ${on.en}, after ${rupees(p.previousModal)} on ${before.en}.`,
      hi: `${p.market} में ${p.commodity} का मॉडल भाव ${on.hi} को ${rupees(p.modal)} प्रति क्विंटल रहा, ${before.hi} को ${rupees(p.previousModal)} के बाद।`,
    },
  };
}

export interface JobOutcome {
  fieldName: string;
  status: 'succeeded' | 'failed';
  scenesFound?: number;
  scenesProcessed?: number;
  error?: string;
}

/** A crop-health analysis of a field finished or failed (job_finished rules). */
export function jobFinishedText(j: JobOutcome): AlertText {
  if (j.status === 'failed') {
    return {
      title: { en: `Crop-health analysis of ${j.fieldName} failed`, hi: `${j.fieldName} का फ़सल-स्वास्थ्य विश्लेषण विफल रहा` },
      body: {
        en: `The Sentinel-2 analysis of ${j.fieldName} stopped${j.error ? ` (${j.error})` : ''}; start it again.`,
        hi: `${j.fieldName} का सेंटिनल-2 विश्लेषण रुक गया; इसे फिर से शुरू करें।`,
      },
    };
  }
  const found = j.scenesFound ?? 0;
  const processed = j.scenesProcessed ?? 0;
  return {
    title: { en: `Crop-health analysis of ${j.fieldName} is ready`, hi: `${j.fieldName} का फ़सल-स्वास्थ्य विश्लेषण तैयार है` },
    body: {
      en: `${processed} of ${found} Sentinel-2 scenes of ${j.fieldName} analysed.`,
      hi: `${j.fieldName} के ${found} में से ${processed} सेंटिनल-2 दृश्यों का विश्लेषण हुआ।`,
    },
  };
}
