import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requirePrincipal } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { Job } from './schemas.js';

export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { queue } = app.resources;

  app.get(
    '/v1/jobs/:id',
    {
      config: { permission: 'jobs:read' },
      schema: {
        tags: ['jobs'],
        summary: 'Status, progress and result of a background job',
        security: [{ bearerAuth: [] }],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: Job, ...problemResponses(401, 404, 422) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const job = await queue.get(request.params.id);
      // Another tenant's job answers exactly like a missing one.
      const visible = job && (principal.role === 'platform_admin' || (job.tenantId !== null && job.tenantId === principal.tenantId));
      if (!visible) throw new AppError('not_found', 'No such job');
      const { tenantId: _tenant, ...body } = job;
      return body;
    },
  );
};
