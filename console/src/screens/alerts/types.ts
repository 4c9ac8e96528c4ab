/** A notification of GET /v1/notifications. */
export interface Notification {
  id: string;
  /** alert.<kind> of the rule that fired: alert.price, alert.crop_health_drop, alert.weather_risk, alert.job_finished. */
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const ALERT_KINDS = ['price', 'crop_health_drop', 'weather_risk', 'job_finished'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const PRICE_CONDITIONS = ['above', 'below', 'below_msp'] as const;
export type PriceCondition = (typeof PRICE_CONDITIONS)[number];
export const WEATHER_RISKS = ['heat', 'frost', 'heavy-rain', 'high-wind'] as const;
export type WeatherRisk = (typeof WEATHER_RISKS)[number];
export const ALERT_CHANNELS = ['inbox', 'sms', 'webhook'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** An alert rule of GET /v1/alert-rules. */
export interface AlertRule {
  id: string;
  kind: AlertKind;
  name: string | null;
  commodity: string | null;
  condition: PriceCondition | null;
  thresholdInrPerQuintal: number | null;
  marketId: string | null;
  state: string | null;
  district: string | null;
  fieldId: string | null;
  farmId: string | null;
  ndviDrop: number | null;
  risks: WeatherRisk[] | null;
  channels: AlertChannel[];
  recipients: ('creator' | 'farmer')[];
  createdAt: string;
}
