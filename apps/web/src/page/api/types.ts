// Shapes of the server's public API (see /openapi.json) that the studio reads.

export type SkillScope = 'user' | 'common';

export interface SkillSummary {
  id: string;
  name: string;
  title: string;
  description: string;
  version: string;
  owner: string;
  scope: SkillScope;
  source: string;
  tags: string[];
  triggers: string[];
  resource_paths: string[];
  created_at: string | null;
  updated_at: string | null;
}

export interface SkillDetail extends SkillSummary {
  instructions: string;
  revision: number;
  skill_md?: string;
  metadata: Record<string, string>;
}

export interface VersionEntry {
  version: string;
  revision: number;
  reason: string | null;
  restored_from: number | null;
  updated_at: string;
  is_current: boolean;
}

export interface LearnedSkill {
  id: string;
  name: string;
  title: string;
  version: string;
}

export type JobStatus = 'scheduled' | 'running' | 'completed' | 'failed' | 'dropped';

export interface ExtractionEvent {
  job_id: string;
  user_id: string;
  trigger: string;
  status: JobStatus;
  created_at: string;
  finished_at: string | null;
  added: LearnedSkill[];
  merged: LearnedSkill[];
  /** Review mode `learned`: kept as drafts for approval (Learning activity). */
  drafted?: (LearnedSkill & { draft_id: string; kind: 'add' | 'merge' })[];
  discarded: boolean;
  reason: string | null;
  error: string | null;
  drop_reason: string | null;
}

export interface TraceHit {
  rank: number;
  id: string;
  name: string;
  title: string;
  version: string;
  scope: string;
  owner: string;
  score: number;
  injected: boolean;
  reason: string;
}

export interface RetrievalTrace {
  original_query: string;
  rewritten_query: string | null;
  search_query: string;
  rewrite_mode: string;
  scope: string;
  top_k: number;
  min_score: number;
  hits: TraceHit[];
  context_injected: boolean;
  elapsed_ms: number;
  error: string | null;
}

export interface TraceRecord {
  trace_id: string;
  retrieval: RetrievalTrace | null;
  learning: unknown;
  extraction: ExtractionEvent | null;
}

export interface SessionMessage {
  role: 'user' | 'assistant' | 'system';
  content: string;
  created_at?: number;
  trace_id?: string;
  job_id?: string;
  meta?: Record<string, unknown>;
}

export interface SessionSummary {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
  message_count: number;
  imported: boolean;
}

export interface Session extends Omit<SessionSummary, 'message_count' | 'imported'> {
  object: 'autoskill.session';
  user: string;
  config: Record<string, unknown>;
  messages: SessionMessage[];
  imported_from?: Record<string, unknown>;
}

export interface Identity {
  user: string;
  auth: 'none' | 'proxy_key' | 'user_key' | 'identity_header';
  store: string | null;
}

export interface Capabilities {
  llm?: { provider?: string; model?: string | null; upstream?: string };
  learning?: {
    llm?: string;
    extract_mode?: string;
    extract_turn_limit?: number;
    ingest_window?: number;
  };
  retrieval?: {
    scope?: string;
    top_k?: number;
    min_score?: number;
    rewrite_mode?: string;
    embeddings?: string;
  };
  auth?: { api_key_required?: boolean; per_user_keys?: boolean };
  /** `review: 'learned'`: learning keeps drafts for approval (the drafts panel shows). */
  drafts?: { review?: 'off' | 'learned' };
}
