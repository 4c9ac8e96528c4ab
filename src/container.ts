import type { Config } from './config.js';
import { openResources, type ResourceOptions, type Resources } from './infra/resources.js';
import { buildOutside, type Outside, type OutsideOverrides } from './integrations/outside.js';
import { syntheticCatalogFields } from './modules/imagery/index.js';

/**
 * What one process runs on: its resources (database, cache, queue, event bus, metrics) and its
 * ports to the outside world, each opened or built once. The app and the job consumers of a
 * process are handed the same container (`kheti serve --worker` shares one between them).
 */
export interface Container {
  resources: Resources;
  outside: Outside;
  /** Closes the resources (the outside world's clients hold nothing that needs closing). */
  close(): Promise<void>;
}

export interface ContainerOptions extends ResourceOptions {
  /** Test doubles for outside ports, and a transport for the clients built from the configuration. */
  outside?: OutsideOverrides;
}

export async function openContainer(config: Config, options: ContainerOptions): Promise<Container> {
  const resources = await openResources(config, options);
  try {
    const outside = buildOutside(
      {
        config,
        cache: resources.cache,
        metrics: resources.metrics,
        logger: options.logger,
        // The offline imagery twin draws the fields of this database, those near the place it is asked about.
        syntheticImageryFields: (box) => syntheticCatalogFields(resources, box),
      },
      options.outside,
    );
    return { resources, outside, close: () => resources.close() };
  } catch (error) {
    await resources.close();
    throw error;
  }
}
