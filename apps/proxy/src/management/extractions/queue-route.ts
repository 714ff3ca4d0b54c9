import { z } from 'zod';
import { json, type RouteDefinition } from '../../routes/route-definition';
import { queueJson, queueSchema } from './job-json';

/**
 * `GET /v1/autoskill/extractions/queue`: the learning queue's figures (waiting, running, the
 * oldest wait, what was dropped and why, where learning runs). The same for every caller: it
 * names no user and no job.
 */
export const learningQueueRoute: RouteDefinition = {
  method: 'get',
  path: '/v1/autoskill/extractions/queue',
  tag: 'extractions',
  capability: 'extractions.queue',
  summary: 'The learning queue: waiting and running jobs, the oldest wait, jobs dropped by reason',
  response: z.object({ object: z.literal('extraction_queue'), data: queueSchema }),
  handle: (_context, deps) =>
    json({ object: 'extraction_queue', data: queueJson(deps.autoskill.learning.stats()) }),
};
