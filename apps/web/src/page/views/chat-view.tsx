import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ChevronDown, ChevronRight, Sparkles, Square } from 'lucide-react';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { streamChat } from '../api/chat-stream';
import { apiJson } from '../api/client';
import { followJob } from '../api/job-events';
import { fetchCapabilities, keys } from '../api/queries';
import { createSession, getSession, updateSession } from '../api/sessions';
import { fetchTrace } from '../api/traces';
import type { ExtractionEvent, RetrievalTrace, Session, SessionMessage } from '../api/types';
import { LearningStatus } from '../components/learning-status';
import { Markdown } from '../components/markdown';
import { SessionSidebar } from '../components/session-sidebar';
import { TurnTrace } from '../components/turn-trace';
import { Button } from '../components/ui/button';
import { Input, Textarea } from '../components/ui/field';
import { Notice } from '../components/ui/notice';
import { activeSessionId, setActiveSessionId } from '../lib/active-session';
import { turnHeaders, usePreferences } from '../lib/preferences';

/** Chat: sessions on the left, the conversation with per-turn traces and live learning. */
export function ChatView() {
  const queryClient = useQueryClient();
  const preferences = usePreferences();
  const [activeId, setActiveId] = useState<string | undefined>(activeSessionId);
  const select = (id: string | undefined) => {
    setActiveId(id);
    setActiveSessionId(id);
  };
  const session = useQuery({
    queryKey: keys.session(activeId ?? ''),
    queryFn: () => getSession(activeId as string),
    enabled: activeId !== undefined,
    retry: false,
  });
  const capabilities = useQuery({ queryKey: keys.capabilities, queryFn: fetchCapabilities });
  const [messages, setMessages] = useState<SessionMessage[]>([]);
  const [streaming, setStreaming] = useState<string | undefined>();
  const [jobs, setJobs] = useState<Record<string, ExtractionEvent>>({});
  const [extractJob, setExtractJob] = useState<ExtractionEvent | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [input, setInput] = useState('');
  const [hint, setHint] = useState('');
  const controller = useRef<AbortController | null>(null);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (session.data) setMessages(session.data.messages);
    else if (!activeId) setMessages([]);
  }, [session.data, activeId]);
  // A session that is gone (deleted elsewhere) is forgotten.
  // biome-ignore lint/correctness/useExhaustiveDependencies: select only writes state
  useEffect(() => {
    if (session.isError) select(undefined);
  }, [session.isError]);
  // Keep the newest message in view while it streams.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the conversation changes
  useEffect(() => {
    // (scrollIntoView returns a promise in newer browsers: never return it from an effect)
    void bottom.current?.scrollIntoView({ block: 'end' });
  }, [messages, streaming]);

  const refreshAfterLearning = () => {
    void queryClient.invalidateQueries({ queryKey: ['skills'] });
    void queryClient.invalidateQueries({ queryKey: keys.jobs });
  };

  const follow = async (jobId: string, onDone?: (event: ExtractionEvent) => void) => {
    try {
      const last = await followJob(jobId, (event) =>
        setJobs((all) => ({ ...all, [jobId]: event })),
      );
      if (last) {
        refreshAfterLearning();
        onDone?.(last);
      }
    } catch {
      // the job's events are also in Learning activity
    }
  };

  const save = async (id: string, next: SessionMessage[]): Promise<Session> => {
    const saved = await updateSession(id, { messages: next });
    queryClient.setQueryData(keys.session(id), saved);
    void queryClient.invalidateQueries({ queryKey: keys.sessions });
    return saved;
  };

  const send = async () => {
    const text = input.trim();
    if (!text || streaming !== undefined) return;
    setError(undefined);
    setInput('');
    let id = activeId;
    if (!id || !session.data) {
      const created = await createSession();
      id = created.id;
      select(id);
      void queryClient.invalidateQueries({ queryKey: keys.sessions });
    }
    const sessionId = id;
    const withUser: SessionMessage[] = [
      ...messages,
      { role: 'user', content: text, created_at: Date.now() },
    ];
    setMessages(withUser);
    setStreaming('');
    const abort = new AbortController();
    controller.current = abort;
    try {
      const result = await streamChat({
        messages: withUser.map(({ role, content }) => ({ role, content })),
        model: capabilities.data?.llm?.model ?? 'autoskill',
        headers: turnHeaders(preferences),
        signal: abort.signal,
        onDelta: setStreaming,
      });
      const trace = result.traceId ? await fetchTrace(result.traceId, true) : undefined;
      const jobId = trace?.extraction?.job_id;
      const answer: SessionMessage = {
        role: 'assistant',
        content: result.content,
        created_at: Date.now(),
        ...(result.traceId ? { trace_id: result.traceId } : {}),
        ...(jobId ? { job_id: jobId } : {}),
        meta: {
          ...(trace?.retrieval ? { retrieval: trace.retrieval } : {}),
          ...(result.stopped ? { stopped: true } : {}),
          learning: trace?.learning ?? null,
        },
      };
      if (trace?.extraction && jobId)
        setJobs((all) => ({ ...all, [jobId]: trace.extraction as ExtractionEvent }));
      const finalMessages = [...withUser, answer];
      setMessages(finalMessages);
      setStreaming(undefined);
      await save(sessionId, finalMessages);
      if (jobId)
        void follow(jobId, (event) => {
          const outcome = finalMessages.map((message) =>
            message === answer
              ? { ...message, meta: { ...message.meta, outcome: event } }
              : message,
          );
          setMessages(outcome);
          void save(sessionId, outcome);
        });
    } catch (failure) {
      setError((failure as Error).message);
      setStreaming(undefined);
      await save(sessionId, withUser).catch(() => undefined);
    } finally {
      controller.current = null;
    }
  };

  const extractNow = async () => {
    const window = messages.filter((message) => message.role !== 'system');
    if (window.length === 0) return;
    setError(undefined);
    try {
      const body = await apiJson<{ data: ExtractionEvent }>('/v1/autoskill/extractions', {
        json: {
          messages: window.map(({ role, content }) => ({ role, content })),
          ...(hint.trim() ? { hint: hint.trim() } : {}),
        },
      });
      setExtractJob(body.data);
      void followJob(body.data.job_id, setExtractJob).then(refreshAfterLearning, () => undefined);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <div className="grid h-full min-h-0 grid-cols-1 grid-rows-[auto_1fr] md:grid-cols-[17rem_1fr] md:grid-rows-1">
      <SessionSidebar activeId={activeId} onSelect={select} />
      <section aria-label="Conversation" className="flex min-h-0 flex-col">
        <div className="min-h-0 flex-1 space-y-3 overflow-y-auto p-3" data-testid="messages">
          {messages.length === 0 && streaming === undefined && (
            <div className="mx-auto max-w-lg pt-10 text-center text-sm text-muted-foreground">
              <p className="text-base font-medium text-foreground">Chat, and watch it learn.</p>
              <p className="mt-2">
                Durable preferences and corrections ("from now on, always cite a source…") become
                skills you can review, edit and roll back. One-off requests teach nothing.
              </p>
            </div>
          )}
          {messages.map((message, index) => (
            <ChatMessage
              // biome-ignore lint/suspicious/noArrayIndexKey: messages are only ever appended
              key={`${index}-${message.created_at ?? ''}`}
              message={message}
              job={message.job_id ? jobs[message.job_id] : undefined}
            />
          ))}
          {streaming !== undefined && (
            <article className="rounded-lg border border-border bg-card p-3" aria-busy="true">
              <p className="mb-1 text-xs font-medium text-muted-foreground">Assistant</p>
              {streaming ? <Markdown text={streaming} /> : <p className="text-sm">…</p>}
            </article>
          )}
          {extractJob && (
            <div className="rounded-lg border border-dashed border-border p-3">
              <p className="text-xs font-medium text-muted-foreground">Extract now</p>
              <LearningStatus event={extractJob} />
            </div>
          )}
          {error && <Notice tone="danger">{error}</Notice>}
          <div ref={bottom} />
        </div>
        <div className="space-y-2 border-t border-border bg-card p-3">
          <div className="flex flex-wrap items-center gap-2">
            <label className="sr-only" htmlFor="extract-hint">
              Hint for extraction
            </label>
            <Input
              id="extract-hint"
              placeholder="Optional hint for Extract now"
              value={hint}
              onChange={(event) => setHint(event.target.value)}
              className="min-w-0 flex-1"
            />
            <Button
              onClick={extractNow}
              disabled={messages.length === 0 || streaming !== undefined}
            >
              <Sparkles size={14} aria-hidden="true" /> Extract now
            </Button>
          </div>
          <div className="flex items-end gap-2">
            <label className="sr-only" htmlFor="composer">
              Message
            </label>
            <Textarea
              id="composer"
              rows={2}
              placeholder="Message (Enter sends, Shift+Enter for a new line)"
              value={input}
              onChange={(event) => setInput(event.target.value)}
              onKeyDown={onKeyDown}
              className="min-h-[2.5rem] flex-1 resize-y"
            />
            {streaming !== undefined ? (
              <Button variant="danger" onClick={() => controller.current?.abort()}>
                <Square size={14} aria-hidden="true" /> Stop
              </Button>
            ) : (
              <Button variant="primary" onClick={() => void send()} disabled={!input.trim()}>
                Send
              </Button>
            )}
          </div>
        </div>
      </section>
    </div>
  );
}

function ChatMessage({
  message,
  job,
}: {
  message: SessionMessage;
  job: ExtractionEvent | undefined;
}) {
  const [open, setOpen] = useState(false);
  const retrieval = message.meta?.retrieval as RetrievalTrace | undefined;
  const outcome = job ?? (message.meta?.outcome as ExtractionEvent | undefined);
  const user = message.role === 'user';
  return (
    <article
      data-testid={`message-${message.role}`}
      className={
        user
          ? 'ml-auto max-w-[85%] rounded-lg bg-accent px-3 py-2'
          : 'rounded-lg border border-border bg-card p-3'
      }
    >
      <p className="mb-1 text-xs font-medium text-muted-foreground">{user ? 'You' : 'Assistant'}</p>
      {user ? (
        <p className="text-sm break-words whitespace-pre-wrap">{message.content}</p>
      ) : (
        <Markdown text={message.content} />
      )}
      {message.meta?.stopped === true && <p className="text-xs text-muted-foreground">(stopped)</p>}
      {retrieval && (
        <div className="mt-2">
          <button
            type="button"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            className="inline-flex items-center gap-1 text-xs text-muted-foreground hover:text-foreground"
          >
            {open ? (
              <ChevronDown size={14} aria-hidden="true" />
            ) : (
              <ChevronRight size={14} aria-hidden="true" />
            )}
            Trace: {retrieval.hits.filter((hit) => hit.injected).length} injected,{' '}
            {retrieval.hits.length} retrieved
          </button>
          {open && <TurnTrace trace={retrieval} />}
        </div>
      )}
      {outcome && <LearningStatus event={outcome} />}
    </article>
  );
}
