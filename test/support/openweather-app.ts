import { startOpenWeatherStub, TEST_OPENWEATHER_API_KEY, type OpenWeatherStub } from '../stubs/openweather.js';
import { buildTestApp, type TestApp } from './app.js';
import { createTenant, type TestTenant } from './identity.js';
import { storageModes } from './storage-modes.js';

/** An app (the last storage mode: PostgreSQL) whose weather comes from a loopback OpenWeather stub, and one tenant in it. */
export interface OpenWeatherApp {
  stub: OpenWeatherStub;
  t: TestApp;
  tenant: TestTenant;
  close(): Promise<void>;
}

export async function startOpenWeatherApp(): Promise<OpenWeatherApp> {
  const stub = await startOpenWeatherStub();
  try {
    const t = await buildTestApp(storageModes.at(-1)!, {
      env: { OPENWEATHER_API_KEY: TEST_OPENWEATHER_API_KEY, OPENWEATHER_BASE_URL: stub.baseUrl },
    });
    const tenant = await createTenant(t.app);
    return {
      stub,
      t,
      tenant,
      async close() {
        await t.close();
        await stub.close();
      },
    };
  } catch (error) {
    await stub.close();
    throw error;
  }
}
