// Rows of a long, server-sorted list fetched in fixed-size blocks on demand: the library table asks for the
// rows it shows and this cache loads only the blocks it lacks, newest request first, a few at a time.

/** One answer of the loader: the rows at [offset, offset + limit) and the size of the whole list. */
export interface RowBlock<T> {
  total: number;
  rows: T[];
}

export type BlockLoader<T> = (offset: number, limit: number) => Promise<RowBlock<T>>;

export interface RowBlockCacheOptions {
  /** Rows per request. @default 200 */
  blockSize?: number;
  /** Blocks kept in memory; the least recently wanted go first. @default 100 */
  maxBlocks?: number;
  /** Requests in flight at once; more wanted blocks wait, and are dropped if scrolled past. @default 3 */
  maxConcurrent?: number;
  /**
   * A total remembered from earlier (the library shown again after a page): the table can size itself and
   * restore its scroll position at once. Treated as stale: the first answer replaces it. @default null
   */
  initialTotal?: number | null;
}

let nextCacheId = 1;

/** Index of the block holding row `row`. */
export function blockOf(row: number, blockSize: number): number {
  return Math.floor(row / blockSize);
}

/**
 * The blocks covering rows `first..last` (inclusive), clipped to `total` when it is known. An empty list when
 * the range is empty or lies past the end.
 */
export function blocksCovering(first: number, last: number, blockSize: number, total: number | null): number[] {
  const lastRow = total === null ? last : Math.min(last, total - 1);
  const firstRow = Math.max(0, first);
  if (lastRow < firstRow) return [];
  const blocks: number[] = [];
  for (let b = blockOf(firstRow, blockSize); b <= blockOf(lastRow, blockSize); b++) blocks.push(b);
  return blocks;
}

export class RowBlockCache<T> {
  /** Distinct per cache, e.g. as a React key so a new list gets a fresh virtualizer. */
  readonly id = nextCacheId++;
  readonly blockSize: number;
  private readonly maxBlocks: number;
  private readonly maxConcurrent: number;
  /** Loaded blocks in least-recently-wanted-first order (a Map keeps insertion order). */
  private readonly blocks = new Map<number, T[]>();
  private readonly inFlight = new Set<number>();
  private readonly failed = new Map<number, string>();
  /** Loaded blocks that may be out of date: still shown, but loaded again when wanted. */
  private readonly stale = new Set<number>();
  /** Bumped by `invalidate`, so answers to requests sent before it are dropped. */
  private generation = 0;
  /** Blocks asked for and not yet started, most recent wish first. */
  private queue: number[] = [];
  private wanted = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  private versionCounter = 0;
  private knownTotal: number | null = null;
  /** After `invalidate` the total may be wrong too: ranges are not clipped to it until a fresh answer. */
  private totalStale = false;

  constructor(
    private readonly load: BlockLoader<T>,
    options: RowBlockCacheOptions = {},
  ) {
    this.blockSize = options.blockSize ?? 200;
    this.maxBlocks = Math.max(1, options.maxBlocks ?? 100);
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 3);
    if (options.initialTotal !== undefined && options.initialTotal !== null) {
      this.knownTotal = options.initialTotal;
      this.totalStale = true;
    }
  }

  /** Row count of the whole list, or null before the first block has answered. */
  get total(): number | null {
    return this.knownTotal;
  }

  /** The row at `index`, or undefined while its block is not loaded. */
  row(index: number): T | undefined {
    return this.blocks.get(blockOf(index, this.blockSize))?.[index % this.blockSize];
  }

  isLoading(index: number): boolean {
    const block = blockOf(index, this.blockSize);
    return this.inFlight.has(block) || this.queue.includes(block);
  }

  /** The error message of the block holding `index`, if loading it failed. */
  errorAt(index: number): string | undefined {
    return this.failed.get(blockOf(index, this.blockSize));
  }

  get hasErrors(): boolean {
    return this.failed.size > 0;
  }

  /** The message of some failed block, for one notice above the table. */
  firstError(): string | undefined {
    return this.failed.values().next().value;
  }

  /** Blocks currently held (for tests and diagnostics). */
  loadedBlocks(): number[] {
    return [...this.blocks.keys()];
  }

  /**
   * Makes rows `first..last` available: loads the blocks missing from that range, forgets queued blocks that
   * are no longer wanted (the user scrolled past them), and evicts old blocks beyond `maxBlocks`.
   */
  ensure(first: number, last: number): void {
    if (this.disposed) return;
    const blocks = blocksCovering(first, last, this.blockSize, this.totalStale ? null : this.knownTotal);
    this.wanted = new Set(blocks);
    for (const b of blocks) {
      const rows = this.blocks.get(b);
      if (rows) {
        // Touch: move to the most-recently-wanted end.
        this.blocks.delete(b);
        this.blocks.set(b, rows);
      }
    }
    const missing = blocks.filter(
      (b) => (!this.blocks.has(b) || this.stale.has(b)) && !this.inFlight.has(b) && !this.failed.has(b),
    );
    this.queue = [...missing, ...this.queue.filter((b) => this.wanted.has(b) && !missing.includes(b))];
    this.evict();
    this.pump();
  }

  /**
   * The list changed on the server (an import, an edit): keep showing what is loaded, but load every block
   * again as it is wanted. The total stays until the first fresh answer, so the table does not jump.
   */
  invalidate(): void {
    if (this.disposed) return;
    this.generation++;
    this.totalStale = true;
    for (const b of this.blocks.keys()) this.stale.add(b);
    this.inFlight.clear();
    this.failed.clear();
    this.queue = [];
    this.changed();
  }

  /** Forgets failed blocks so the next `ensure` tries them again. */
  retryFailed(): void {
    if (this.failed.size === 0) return;
    this.failed.clear();
    this.changed();
  }

  /** Stops loading; answers still on their way are ignored. */
  dispose(): void {
    this.disposed = true;
    this.queue = [];
    this.listeners.clear();
  }

  /** For React's useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever a row, the total or a loading state changes. */
  getVersion = (): number => this.versionCounter;

  private evict(): void {
    for (const b of this.blocks.keys()) {
      if (this.blocks.size <= this.maxBlocks) break;
      if (!this.wanted.has(b)) {
        this.blocks.delete(b);
        this.stale.delete(b);
      }
    }
  }

  private pump(): void {
    while (!this.disposed && this.inFlight.size < this.maxConcurrent && this.queue.length > 0) {
      const block = this.queue.shift()!;
      this.fetchBlock(block);
    }
  }

  private fetchBlock(block: number): void {
    const generation = this.generation;
    this.inFlight.add(block);
    this.load(block * this.blockSize, this.blockSize).then(
      (answer) => {
        if (this.disposed || generation !== this.generation) return;
        this.inFlight.delete(block);
        if (this.knownTotal !== null && answer.total !== this.knownTotal) {
          // The list changed under us: the other blocks may hold shifted rows.
          this.blocks.clear();
          this.stale.clear();
          this.queue = [...this.wanted].filter((b) => b !== block && !this.inFlight.has(b));
        }
        this.knownTotal = answer.total;
        this.totalStale = false;
        this.blocks.delete(block);
        this.blocks.set(block, answer.rows);
        this.stale.delete(block);
        this.failed.delete(block);
        this.evict();
        this.changed();
        this.pump();
      },
      (error: unknown) => {
        if (this.disposed || generation !== this.generation) return;
        this.inFlight.delete(block);
        this.failed.set(block, error instanceof Error ? error.message : String(error));
        this.changed();
        this.pump();
      },
    );
  }

  private changed(): void {
    this.versionCounter++;
    for (const listener of this.listeners) listener();
  }
}
