/** Messages between the sentiment runner and its inference worker thread. */
export type ExecutionProvider = 'cuda' | 'cpu';

export type WorkerRequest =
  | {
      readonly type: 'load';
      /** The model file's bytes: read by the engine so that it also loads from inside a packaged app's archive. */
      readonly model: Uint8Array;
      readonly tokenizer: Record<string, unknown>;
      readonly tokenizerConfig: Record<string, unknown>;
      readonly maxLength: number;
      readonly stripUrls: boolean;
      readonly providers: readonly ExecutionProvider[];
      readonly threads: number;
    }
  | { readonly type: 'score'; readonly id: number; readonly texts: readonly string[] };

export type WorkerReply =
  | { readonly type: 'loaded'; readonly provider: ExecutionProvider; readonly cudaError: string | null; readonly outputs: number }
  | { readonly type: 'load-failed'; readonly message: string }
  | { readonly type: 'scores'; readonly id: number; readonly probabilities: readonly (readonly number[])[]; readonly ms: number }
  | { readonly type: 'score-failed'; readonly id: number; readonly message: string };
