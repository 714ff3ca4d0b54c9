import { chatCompletionsRoute } from '../chat/chat-completions-route';
import {
  approveDraftRoute,
  getDraftRoute,
  listDraftsRoute,
  rejectDraftRoute,
} from '../management/drafts/draft-routes';
import { importConversationsRoute } from '../management/extractions/conversation-import-route';
import {
  extractNowRoute,
  getJobRoute,
  latestJobRoute,
  listJobsRoute,
  simulateRoute,
} from '../management/extractions/extraction-routes';
import { jobEventsRoute } from '../management/extractions/job-events-route';
import { learningQueueRoute } from '../management/extractions/queue-route';
import { exportSkillRoute } from '../management/files/skill-export-route';
import { importSkillsRoute } from '../management/files/skill-import-route';
import { capabilitiesRoute } from '../management/meta/capabilities-route';
import { healthRoute } from '../management/meta/health-route';
import { openApiRoute, openApiV1Route } from '../management/meta/openapi-routes';
import { whoamiRoute } from '../management/meta/whoami-route';
import { previewRoute } from '../management/retrieval/preview-route';
import { traceRoute } from '../management/retrieval/trace-route';
import { vectorRebuildRoute, vectorStatusRoute } from '../management/retrieval/vector-routes';
import {
  createSessionRoute,
  deleteSessionRoute,
  exportSessionRoute,
  getSessionRoute,
  importSessionsRoute,
  listSessionsRoute,
  updateSessionRoute,
} from '../management/sessions/session-routes';
import {
  deleteSkillRoute,
  putSkillMdRoute,
  rollbackSkillRoute,
} from '../management/skills/skill-edit-routes';
import {
  archiveSkillRoute,
  pruneSkillsRoute,
  restoreSkillRoute,
} from '../management/skills/skill-prune-routes';
import {
  getSkillMdRoute,
  getSkillRoute,
  listSkillsRoute,
  skillVersionsRoute,
} from '../management/skills/skill-read-routes';
import { searchSkillsRoute } from '../management/skills/skill-search-route';
import { forgetUserRoute } from '../management/users/forget-user-route';
import { embeddingsRoute } from '../openai/embeddings-route';
import { modelsRoute } from '../openai/models-route';
import type { RouteDefinition } from './route-definition';

/**
 * Every route of the proxy, once, in matching order (a fixed path before a parameter in the same
 * place: `skills/search` before `skills/:id`, `extractions/latest` before `extractions/:job_id`).
 * The Hono app, `/v1/autoskill/capabilities` and `/openapi.json` are all built from this list:
 * a new route is its route file plus one line here.
 */
export const routeTable: readonly RouteDefinition[] = [
  // OpenAI-compatible
  healthRoute,
  modelsRoute,
  chatCompletionsRoute,
  embeddingsRoute,
  // Skills
  listSkillsRoute,
  searchSkillsRoute,
  importSkillsRoute,
  getSkillRoute,
  deleteSkillRoute,
  getSkillMdRoute,
  putSkillMdRoute,
  rollbackSkillRoute,
  skillVersionsRoute,
  exportSkillRoute,
  pruneSkillsRoute,
  archiveSkillRoute,
  restoreSkillRoute,
  // Drafts (review mode `learned`)
  listDraftsRoute,
  getDraftRoute,
  approveDraftRoute,
  rejectDraftRoute,
  // Extractions (learning jobs)
  extractNowRoute,
  listJobsRoute,
  latestJobRoute,
  learningQueueRoute,
  simulateRoute,
  getJobRoute,
  jobEventsRoute,
  importConversationsRoute,
  // Retrieval, traces, vectors
  previewRoute,
  traceRoute,
  vectorStatusRoute,
  vectorRebuildRoute,
  // Chat sessions of the studio
  listSessionsRoute,
  createSessionRoute,
  importSessionsRoute,
  getSessionRoute,
  updateSessionRoute,
  deleteSessionRoute,
  exportSessionRoute,
  // Users (admin)
  forgetUserRoute,
  // Meta
  whoamiRoute,
  capabilitiesRoute,
  openApiRoute,
  openApiV1Route,
];
