import { z } from 'zod';
import { json, type RouteDefinition } from '../../routes/route-definition';

/** `GET /health`: liveness, no key needed. */
export const healthRoute: RouteDefinition = {
  method: 'get',
  path: '/health',
  tag: 'meta',
  summary: 'Liveness (no auth)',
  response: z.object({ ok: z.literal(true) }),
  handle: () => json({ ok: true }),
};
