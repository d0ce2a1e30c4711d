import { describe, expect, it } from 'vitest';

import { blockOf, blocksCovering, RowBlockCache, type RowBlock } from '../../../src/renderer/src/library/page-cache';

interface Pending {
  offset: number;
  limit: number;
  resolve(block: RowBlock<number>): void;
  reject(error: Error): void;
}

/** A loader whose answers the test releases by hand; rows are their own indices. */
function manualLoader() {
  const pending: Pending[] = [];
  const load = (offset: number, limit: number) =>
    new Promise<RowBlock<number>>((resolve, reject) => pending.push({ offset, limit, resolve, reject }));
  const answer = (index: number, total: number) => {
    const request = pending.splice(index, 1)[0]!;
    const end = Math.min(total, request.offset + request.limit);
    const rows = Array.from({ length: Math.max(0, end - request.offset) }, (_, i) => request.offset + i);
    request.resolve({ total, rows });
  };
  return { load, pending, answer };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('block arithmetic', () => {
  it('finds the block of a row', () => {
    expect(blockOf(0, 200)).toBe(0);
    expect(blockOf(199, 200)).toBe(0);
    expect(blockOf(200, 200)).toBe(1);
    expect(blockOf(99_999, 200)).toBe(499);
  });

  it('lists the blocks covering a range, clipped to the total', () => {
    expect(blocksCovering(0, 30, 200, null)).toEqual([0]);
    expect(blocksCovering(190, 230, 200, null)).toEqual([0, 1]);
    expect(blocksCovering(390, 450, 200, 400)).toEqual([1]);
    expect(blocksCovering(500, 520, 200, 400)).toEqual([]);
    expect(blocksCovering(-5, 3, 200, 10)).toEqual([0]);
    expect(blocksCovering(0, 10, 200, 0)).toEqual([]);
  });
});

describe('RowBlockCache', () => {
  it('loads only the missing blocks of the wanted range, in blocks of 200', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load);
    cache.ensure(0, 199);
    expect(loader.pending.map((p) => [p.offset, p.limit])).toEqual([[0, 200]]);
    expect(cache.row(5)).toBeUndefined();
    expect(cache.isLoading(5)).toBe(true);
    expect(cache.total).toBeNull();

    loader.answer(0, 100_000);
    await flush();
    expect(cache.total).toBe(100_000);
    expect(cache.row(5)).toBe(5);
    expect(cache.isLoading(5)).toBe(false);

    cache.ensure(150, 260); // block 0 cached, block 1 missing
    expect(loader.pending.map((p) => p.offset)).toEqual([200]);
    cache.ensure(150, 260); // already in flight: no second request
    expect(loader.pending).toHaveLength(1);
  });

  it('notifies subscribers and bumps its version when rows arrive', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load);
    let calls = 0;
    const unsubscribe = cache.subscribe(() => calls++);
    const before = cache.getVersion();
    cache.ensure(0, 10);
    loader.answer(0, 50);
    await flush();
    expect(calls).toBe(1);
    expect(cache.getVersion()).toBeGreaterThan(before);
    unsubscribe();
  });

  it('keeps at most maxConcurrent requests and drops queued blocks scrolled past', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load, { blockSize: 10, maxConcurrent: 1 });
    cache.ensure(0, 5);
    loader.answer(0, 10_000);
    await flush();

    cache.ensure(100, 125); // blocks 10, 11, 12: one starts, two wait
    expect(loader.pending.map((p) => p.offset)).toEqual([100]);
    cache.ensure(500, 505); // fast scroll: 11 and 12 are no longer wanted
    loader.answer(0, 10_000); // block 10 answers; the next request is block 50, not 11
    await flush();
    expect(loader.pending.map((p) => p.offset)).toEqual([500]);
  });

  it('evicts the least recently wanted blocks beyond maxBlocks, never the wanted ones', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load, { blockSize: 10, maxBlocks: 2 });
    for (const first of [0, 10, 20]) {
      cache.ensure(first, first + 9);
      loader.answer(0, 1000);
      await flush();
    }
    expect(cache.loadedBlocks().sort()).toEqual([1, 2]);
    expect(cache.row(5)).toBeUndefined();
    expect(cache.row(25)).toBe(25);
  });

  it('drops other blocks when the total changes under it', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load, { blockSize: 10 });
    cache.ensure(0, 19);
    loader.answer(0, 100);
    loader.answer(0, 100);
    await flush();
    expect(cache.loadedBlocks().sort()).toEqual([0, 1]);

    cache.ensure(30, 35);
    loader.answer(0, 90); // ten pages were deleted meanwhile
    await flush();
    expect(cache.total).toBe(90);
    expect(cache.loadedBlocks()).toEqual([3]);
  });

  it('keeps stale rows visible after invalidate until fresh ones arrive, ignoring older answers', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load, { blockSize: 10 });
    cache.ensure(0, 9);
    loader.answer(0, 100);
    await flush();

    cache.ensure(10, 19); // request for block 1 sent before the invalidation
    cache.invalidate();
    expect(cache.row(3)).toBe(3); // still shown
    expect(cache.total).toBe(100);

    cache.ensure(0, 9);
    expect(loader.pending.map((p) => p.offset)).toEqual([10, 0]);
    loader.answer(0, 100); // the old answer for block 1 is dropped
    await flush();
    expect(cache.row(12)).toBeUndefined();
    loader.answer(0, 100);
    await flush();
    expect(cache.row(3)).toBe(3);
  });

  it('asks again after invalidate even when the list was empty', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load, { blockSize: 10 });
    cache.ensure(0, 9);
    loader.answer(0, 0);
    await flush();
    expect(cache.total).toBe(0);
    cache.ensure(0, 0);
    expect(loader.pending).toHaveLength(0); // nothing to load in an empty list

    cache.invalidate(); // an import finished
    cache.ensure(0, 0);
    expect(loader.pending.map((p) => p.offset)).toEqual([0]);
    loader.answer(0, 3);
    await flush();
    expect(cache.total).toBe(3);
    expect(cache.row(2)).toBe(2);
  });

  it('starts from a remembered total, loads the wanted range at once, and takes the fresh total', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load, { blockSize: 10, initialTotal: 5000 });
    expect(cache.total).toBe(5000);
    cache.ensure(4990, 4999); // the restored scroll position, before any answer
    expect(loader.pending.map((p) => p.offset)).toEqual([4990]);
    loader.answer(0, 4800); // pages were removed meanwhile
    await flush();
    expect(cache.total).toBe(4800);
    expect(cache.row(4995)).toBeUndefined();
  });

  it('gives every cache its own id', () => {
    const load = manualLoader().load;
    expect(new RowBlockCache(load).id).not.toBe(new RowBlockCache(load).id);
  });

  it('records a failed block and retries it only when asked', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load, { blockSize: 10 });
    cache.ensure(0, 9);
    loader.pending.shift()!.reject(new Error('cannot reach server'));
    await flush();
    expect(cache.errorAt(4)).toBe('cannot reach server');
    expect(cache.hasErrors).toBe(true);

    cache.ensure(0, 9);
    expect(loader.pending).toHaveLength(0);
    cache.retryFailed();
    cache.ensure(0, 9);
    expect(loader.pending).toHaveLength(1);
  });

  it('ignores answers after dispose', async () => {
    const loader = manualLoader();
    const cache = new RowBlockCache(loader.load);
    cache.ensure(0, 10);
    cache.dispose();
    loader.answer(0, 10);
    await flush();
    expect(cache.total).toBeNull();
    cache.ensure(0, 10);
    expect(loader.pending).toHaveLength(0);
  });
});
