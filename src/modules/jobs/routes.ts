import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { requirePrincipal, tenantScope } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { decodeCursor, encodeCursor, pageOf } from '../../http/pagination.js';
import { newestFirst, type JobRecord } from '../../infra/queue/index.js';
import { analysesOfJobs, analysisOfJob } from '../imagery/index.js';
import { Job, JobListQuery } from './schemas.js';

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

  /** A farmer's page of candidates keeps only the jobs about their own records, in one query. */
  const visibleToFarmer = async (request: FastifyRequest, jobs: JobRecord[]): Promise<JobRecord[]> => {
    const { tenantId, options } = tenantScope(request, true);
    const theirs = await db.tenant(
      tenantId,
      (tx) =>
        analysesOfJobs(
          tx,
          jobs.map((j) => j.id),
        ),
      options,
    );
    return jobs.filter((j) => theirs.has(j.id));
  };

  app.get(
    '/v1/jobs',
    {
      config: { permission: 'jobs:read' },
      schema: {
        operationId: 'listJobs',
        tags: ['jobs'],
        summary: "The caller's jobs, newest first",
        description:
          "The tenant's kept jobs (finished ones for a day, failed ones for a week), newest first, filtered by type and status; a farmer's list holds only jobs about their own records (analyses of their fields), a platform_admin's every tenant's and the platform's.",
        security: [{ bearerAuth: [] }],
        querystring: JobListQuery,
        response: { 200: pageOf(Job), ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { type, status, limit, cursor } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor, 2);
      if (after && !after.every((v) => typeof v === 'string')) {
        throw new AppError('validation_failed', 'cursor is not a cursor this list handed out', {
          errors: [{ path: 'query.cursor', message: 'is not a valid cursor' }],
        });
      }
      const tenantId = principal.role === 'platform_admin' ? undefined : principal.tenantId;
      if (tenantId === null) return { items: [], nextCursor: null };
      let jobs = await queue.list({ tenantId, type, status });
      if (after) {
        const [createdAt, id] = after as [string, string];
        jobs = jobs.filter((job) => newestFirst({ ...job, createdAt, id }, job) < 0);
      }
      if (principal.role === 'farmer') jobs = await visibleToFarmer(request, jobs);
      const items = jobs.slice(0, limit).map(({ tenantId: _tenant, ...body }) => body);
      const last = items.at(-1);
      return { items, nextCursor: jobs.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
    },
  );

  app.get(
    '/v1/jobs/:id',
    {
      config: { permission: 'jobs:read' },
      schema: {
        operationId: 'getJob',
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
