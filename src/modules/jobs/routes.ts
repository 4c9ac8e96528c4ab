import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { requirePrincipal, tenantScope } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import type { JobRecord } from '../../infra/queue/index.js';
import { analysisOfJob } from '../imagery/index.js';
import { Job } from './schemas.js';

export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { queue, db } = app.resources;

  /**
   * Who may follow a job: a platform_admin any; a member of its tenant the tenant's, except a
   * farmer, who sees only jobs about their own records (an analysis of their own field), as the
   * records themselves. A farmer starts no job, so that is every job a farmer has reason to follow.
   */
  const visible = async (request: FastifyRequest, job: JobRecord): Promise<boolean> => {
    const principal = requirePrincipal(request);
    if (principal.role === 'platform_admin') return true;
    if (job.tenantId === null || job.tenantId !== principal.tenantId) return false;
    if (principal.role !== 'farmer') return true;
    const { tenantId, options } = tenantScope(request, true);
    return Boolean(await db.tenant(tenantId, (tx) => analysisOfJob(tx, job.id), options));
  };

  app.get(
    '/v1/jobs/:id',
    {
      config: { permission: 'jobs:read' },
      schema: {
        tags: ['jobs'],
        summary: 'Status, progress and result of a background job',
        description:
          "A job of the caller's tenant; for a farmer, only a job about their own records (an analysis of their field). Any other answers 404.",
        security: [{ bearerAuth: [] }],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: Job, ...problemResponses(401, 404, 422) },
      },
    },
    async (request) => {
      const job = await queue.get(request.params.id);
      // Another tenant's job, or another farmer's, answers exactly like a missing one.
      if (!job || !(await visible(request, job))) throw new AppError('not_found', 'No such job');
      const { tenantId: _tenant, ...body } = job;
      return body;
    },
  );
};
