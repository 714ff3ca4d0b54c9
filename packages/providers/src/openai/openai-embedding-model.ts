import {
  type EmbeddingModel,
  type EmbeddingModelCallOptions,
  type EmbeddingModelResult,
  InvalidArgumentError,
  ProviderCallError,
  truncateTextHeadTail,
} from '@autoskill/core';
import type { OpenAI } from 'openai';
import { callWithRetries } from '../call-with-retries';
import type { ErrorContext } from '../describe-unknown-error';
import { mapOpenAIError } from './map-openai-error';

export interface OpenAIEmbeddingModelConfig {
  provider: string;
  client: OpenAI;
  maxEmbeddingsPerCall: number;
  /** Requested output size (`dimensions` body field); `undefined` = the model's default. */
  dimensions?: number;
  /** Dimensions known without a request (the model's default size), for `EmbeddingModel.dimensions`. */
  knownDimensions?: number;
  /** `undefined` lets the SDK use base64 (OpenAI); compatible vendors get `float`. */
  encodingFormat?: 'float';
  extraBody?: Record<string, unknown>;
  /** Longer inputs keep their head (70 %) and tail, so the vendor's token limit is never hit. */
  maxInputUnits: number;
  maxRetries: number;
  timeoutMs: number;
  secrets: string[];
}

/** Embeddings over the official `openai` client (OpenAI, DashScope, GLM, any compatible server). */
export class OpenAIEmbeddingModel implements EmbeddingModel {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  readonly dimensions: number | undefined;
  readonly maxEmbeddingsPerCall: number;
  private readonly config: OpenAIEmbeddingModelConfig;

  constructor(modelId: string, config: OpenAIEmbeddingModelConfig) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.dimensions = config.dimensions ?? config.knownDimensions;
    this.maxEmbeddingsPerCall = config.maxEmbeddingsPerCall;
    this.config = config;
  }

  async doEmbed(options: EmbeddingModelCallOptions): Promise<EmbeddingModelResult> {
    if (
      !Array.isArray(options?.values) ||
      options.values.some((value) => typeof value !== 'string')
    ) {
      throw new InvalidArgumentError('values', 'expected an array of strings');
    }
    const embeddings: Float32Array[] = [];
    let tokens = 0;
    // embedMany batches already; split here too so a direct call never exceeds the vendor limit.
    for (let start = 0; start < options.values.length; start += this.maxEmbeddingsPerCall) {
      const batch = options.values.slice(start, start + this.maxEmbeddingsPerCall);
      const result = await this.embedBatch(batch, options.abortSignal);
      embeddings.push(...result.embeddings);
      tokens += result.tokens;
    }
    return { embeddings, usage: { tokens } };
  }

  private async embedBatch(values: string[], abortSignal: AbortSignal | undefined) {
    const context: ErrorContext = {
      provider: this.provider,
      secrets: this.config.secrets,
      abortSignal,
      timeoutMs: this.config.timeoutMs,
    };
    const body: Record<string, unknown> = {
      model: this.modelId,
      // Vendors reject empty strings with a 400; a space embeds as "nothing" just as well.
      input: values.map((value) =>
        value === '' ? ' ' : truncateTextHeadTail(value, this.config.maxInputUnits),
      ),
      ...(this.config.encodingFormat ? { encoding_format: this.config.encodingFormat } : {}),
      ...(this.config.dimensions !== undefined ? { dimensions: this.config.dimensions } : {}),
      ...this.config.extraBody,
    };
    const response = await callWithRetries(
      async () => {
        try {
          return await this.config.client.embeddings.create(body as never, { signal: abortSignal });
        } catch (error) {
          throw mapOpenAIError(error, context);
        }
      },
      { maxRetries: this.config.maxRetries, abortSignal },
    );
    const data = [...(response.data ?? [])].sort((left, right) => left.index - right.index);
    if (data.length !== values.length) {
      throw new ProviderCallError({
        provider: this.provider,
        message: `expected ${values.length} embeddings, got ${data.length}`,
        isRetryable: false,
      });
    }
    const embeddings = data.map((item) => toVector(item.embedding as unknown, this.provider));
    return {
      embeddings,
      tokens: response.usage?.total_tokens ?? response.usage?.prompt_tokens ?? 0,
    };
  }
}

function toVector(embedding: unknown, provider: string): Float32Array {
  if (Array.isArray(embedding)) return Float32Array.from(embedding as number[]);
  if (typeof embedding === 'string') {
    const binary = atob(embedding);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return new Float32Array(bytes.buffer);
  }
  throw new ProviderCallError({
    provider,
    message:
      'an embedding is neither a number array nor base64 text (set encoding_format to float)',
    isRetryable: false,
  });
}
