/** What a tracing hook is told before an attempt: never the key, never a body. */
export interface RequestEvent {
  method: string;
  /** The full URL; contact data goes in bodies, never here. */
  url: string;
  /** 0 for the first attempt, 1 for the first retry, and so on. */
  attempt: number;
}

/** What a tracing hook is told after an attempt, answered or not. */
export interface ResponseEvent extends RequestEvent {
  /** The HTTP status, or 0 when no answer came (network error, timeout). */
  status: number;
  /** The answer's `Request-Id`, or null when none came. */
  requestId: string | null;
  /** From sending to the whole answer read, in milliseconds. */
  durationMs: number;
}

/** A shop's tracing: called once per attempt, so a retried call shows each try. */
export interface TracingHooks {
  onRequest?: (event: RequestEvent) => void;
  onResponse?: (event: ResponseEvent) => void;
}

/**
 * Calls a shop's hook: whatever it throws (or rejects with) is swallowed, because tracing must
 * never turn an answered call into a failed one.
 */
export function notify<E>(hook: ((event: E) => unknown) | undefined, event: E) {
  if (!hook) return;
  try {
    const returned = hook(event);
    if (returned instanceof Promise) returned.catch(() => undefined);
  } catch {
    // Ignored on purpose: see above.
  }
}
