/**
 * A bounded queue read as an async iterator: the hub pushes, the transport (graphql-ws or SSE)
 * pulls. Written by hand rather than as an async generator because a generator suspended in an
 * `await` cannot be stopped by `return()` (it would wait for the next event, possibly forever,
 * before running its cleanup); here `return()` ends the iteration at once and runs `onClose`.
 *
 * A reader that falls more than `capacity` items behind is a slow consumer: the queue is cut,
 * the reader gets `overflowItem` (an error the resolver turns into a GraphQL error), then the end.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting?: (result: IteratorResult<T>) => void;
  private closed = false;
  /** Set once `end()` was called: the queue drains, then the iteration ends. */
  private ending = false;
  /** Replayed items still allowed in the queue on top of `capacity`. */
  private replayed = 0;

  private readonly closeHooks: (() => void)[] = [];

  constructor(
    private readonly capacity: number,
    private readonly overflowItem: () => T,
    private readonly onClose: () => void,
  ) {}

  /** Runs `hook` once when the iteration is closed (at once if it already is). */
  onClosed(hook: () => void): void {
    if (this.closed) hook();
    else this.closeHooks.push(hook);
  }

  get isClosed(): boolean {
    return this.closed || this.ending;
  }

  get size(): number {
    return this.queue.length;
  }

  /**
   * Returns false when the item was refused (closed, or the reader is too slow and was dropped).
   * `replay` items (catch-up from the log, bounded by its own window) do not count against capacity.
   */
  push(item: T, replay = false): boolean {
    if (this.closed || this.ending) return false;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
      return true;
    }
    if (!replay && this.queue.length >= this.capacity + this.replayed) {
      this.queue.length = 0;
      this.end(this.overflowItem());
      return false;
    }
    this.queue.push(item);
    if (replay) this.replayed += 1;
    return true;
  }

  /** Ends the iteration after what is queued (and `last`, when given). */
  end(last?: T): void {
    if (this.closed || this.ending) return;
    if (last !== undefined) this.queue.push(last);
    this.ending = true;
    if (this.waiting && this.queue.length === 0) void this.return();
    else if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: this.queue.shift() as T, done: false });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.replayed > 0) this.replayed -= 1;
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift() as T, done: false });
    if (this.closed || this.ending) return this.return();
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.queue.length = 0;
      this.onClose();
      for (const hook of this.closeHooks.splice(0)) hook();
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
