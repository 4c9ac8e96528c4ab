import type { WeatherService } from '../../integrations/weather/index.js';
import type { WeatherRisk } from '../../lib/agronomy/weather-risks.js';
import { forecastRisks } from '../advisories/index.js';
import { alertRulesOfKind } from '../markets/index.js';
import { alertFields, type AlertField } from '../registry/index.js';
import { fireAlert, type AlertDeps } from './fire.js';
import { weatherRiskText } from './texts.js';

/**
 * The scheduled weather check: for every weather_risk rule of every tenant, the forecast of each
 * field it watches (one field, a farm's fields, or every field of the tenant), judged by the
 * advisories' own risk rules (forecastRisks: heat, frost, heavy rain, high wind from today on).
 * Each risk day fires once per rule and field: the period is the day and the risk, so the checks
 * every few hours that see the same frost again fire nothing new. Fields in one ~1 km cell share
 * one forecast (the weather service caches per cell); a field whose forecast fails is skipped this
 * time and counted, not fatal to the others. The offline twin (WEATHER_PROVIDER=synthetic) invents
 * its weather, so its forecasts alert nobody.
 */
export async function checkWeatherRisks(
  deps: AlertDeps,
  weather: WeatherService,
): Promise<{ rules: number; fields: number; alerts: number; forecastsFailed: number }> {
  const rules = await deps.db.platform((tx) => alertRulesOfKind(tx, 'weather_risk'), { readOnly: true });
  let fields = 0;
  let alerts = 0;
  let forecastsFailed = 0;
  for (const rule of rules) {
    const watched: AlertField[] = await deps.db.tenant(
      rule.tenant_id,
      (tx) => alertFields(tx, { fieldId: rule.field_id, farmId: rule.farm_id }),
      { readOnly: true },
    );
    for (const field of watched) {
      fields += 1;
      let forecast: Awaited<ReturnType<WeatherService['forecast']>>;
      let risks: WeatherRisk[];
      try {
        forecast = await weather.forecast(field.lat, field.lon);
        risks = forecastRisks(forecast, forecast.current.time.slice(0, 10));
      } catch (error) {
        // No forecast, or one the risk rules refuse (a value out of range): this field waits for the next check.
        forecastsFailed += 1;
        deps.logger?.warn(
          { fieldId: field.id, err: error instanceof Error ? error.message : String(error) },
          'no forecast for a weather alert',
        );
        continue;
      }
      // The offline twin's weather is invented: it alerts nobody.
      if (forecast.source === 'synthetic') continue;
      for (const risk of risks) {
        if (!rule.risks?.includes(risk.kind)) continue;
        const fired = await fireAlert(deps, {
          rule,
          subject: field.id,
          period: `${risk.date}:${risk.kind}`,
          field: { id: field.id, name: field.name, farmerId: field.farmerId },
          data: { fieldId: field.id, fieldName: field.name, risk, forecastSource: forecast.source },
          text: weatherRiskText(field.name, risk),
        });
        if (fired) alerts += 1;
      }
    }
  }
  return { rules: rules.length, fields, alerts, forecastsFailed };
}
