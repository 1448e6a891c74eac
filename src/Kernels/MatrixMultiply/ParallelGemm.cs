using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Kernels.MatrixMultiply;

/// <summary>
/// Splitting one GEMM over threads, when the caller allows it: the columns of C (and of op(B)) are cut into contiguous
/// ranges at multiples of NR (or the rows, at multiples of MR, when C is too narrow; for the narrow-C path, rows at
/// multiples of its 4-row tile), each range is a complete sub-problem run by the same single-threaded code with the same
/// plan, and k is never split. So every element of C is computed by exactly the same operations whatever the thread
/// count: results are bitwise identical.
/// </summary>
/// <remarks>
/// The calling thread and thread-pool work items take ranges from a shared counter; the caller then waits for the work
/// items. Work items, their wait handles and the counter are cached per calling thread, so a parallel call allocates
/// nothing after the first.
/// </remarks>
internal static unsafe class ParallelGemm
{
    /// <summary>The five-loop driver over the plan's ranges of columns (or rows, when C is too narrow) on its threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TKernel>(in GemmOperands<T> op, in GemmPlan plan)
        where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IMicroKernel<T> =>
        Run(op, new BlockedRange<T, TKernel>(plan), plan.SplitColumns, plan.SplitUnit, plan.Threads);

    /// <summary>
    /// Splits <paramref name="op"/> into <see cref="GemmTuning.ChunksPerThread"/> ranges per thread of whole
    /// <paramref name="unit"/>s of columns or rows and runs <paramref name="job"/> on each; the calling thread and
    /// <paramref name="threads"/> − 1 thread-pool work items take the next range from a shared counter until none is left.
    /// </summary>
    /// <remarks>
    /// Ranges are taken, not assigned: a thread that starts late or runs slow (a shared vCPU, a preempted core) takes
    /// fewer, instead of the whole call waiting for its fixed share. Which thread computes a range does not change what is
    /// computed, and the ranges depend on the shape and the thread count only, so results stay bitwise identical.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TJob>(in GemmOperands<T> op, TJob job, bool splitColumns, int unit, int threads)
        where T : unmanaged, IFloatingPointIeee754<T> where TJob : struct, IRangeJob<T>
    {
        int extent = splitColumns ? op.N : op.M;
        int units = (extent + unit - 1) / unit;
        int parts = Math.Min(threads, units);
        if (parts <= 1)
        {
            job.Run(op);
            return;
        }

        int chunks = Math.Min(units, parts * GemmTuning.ChunksPerThread);
        Worker<T, TJob>[] workers = Worker<T, TJob>.ForThisThread(parts - 1);
        ChunkCounter counter = ChunkCounter.ForThisThread();
        counter.Reset();
        fixed (T* a = &op.A, b = &op.B, c = &op.C)
        {
            var shared = new Shared<T>(op, (nint)a, (nint)b, (nint)c);
            var split = new Split(splitColumns, chunks, units, unit, extent);
            for (int r = 1; r < parts; r++)
            {
                workers[r - 1].Prepare(shared, job, split, counter);
                ThreadPool.UnsafeQueueUserWorkItem(workers[r - 1], preferLocal: false);
            }
            Worker<T, TJob>.RunChunks(shared, job, split, counter);
            Exception? failure = null;
            for (int r = 1; r < parts; r++)
                failure ??= workers[r - 1].Wait();
            if (failure is not null)
                throw new AggregateException("A GEMM worker thread failed.", failure);
        }
    }

    /// <summary>What runs on one range: a complete sub-problem, computed exactly as the whole problem would compute it.</summary>
    internal interface IRangeJob<T>
    {
        void Run(in GemmOperands<T> range);
    }

    private readonly struct BlockedRange<T, TKernel>(GemmPlan plan) : IRangeJob<T>
        where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IMicroKernel<T>
    {
        private readonly GemmPlan _plan = plan;

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run(in GemmOperands<T> range) => BlockedDriver<T, TKernel>.Run(range, _plan);
    }

    /// <summary>How the extent is cut: range r covers units [r·units/chunks, (r+1)·units/chunks), in elements.</summary>
    private readonly struct Split(bool columns, int chunks, int units, int unit, int extent)
    {
        public bool Columns => columns;
        public int Chunks => chunks;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public (int Start, int Count) Range(int r)
        {
            int u0 = (int)((long)r * units / chunks), u1 = (int)((long)(r + 1) * units / chunks);
            int start = u0 * unit;
            return (start, Math.Min(u1 * unit, extent) - start);
        }
    }

    /// <summary>The next range to take, shared by the threads of one call; one per calling thread, reused.</summary>
    private sealed class ChunkCounter
    {
        [ThreadStatic] private static ChunkCounter? t_counter;
        private int _next;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static ChunkCounter ForThisThread() => t_counter ??= new ChunkCounter();

        public void Reset() => Volatile.Write(ref _next, 0);

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public int Take() => Interlocked.Increment(ref _next) - 1;
    }

    /// <summary>The problem with its operands as pinned addresses, so worker threads can rebuild the references.</summary>
    /// <remarks>A packed op(B) lives in pinned memory (<see cref="PackedPanel{T}"/>), so its address is stable too.</remarks>
    private readonly struct Shared<T>(in GemmOperands<T> op, nint a, nint b, nint c) where T : unmanaged
    {
        private readonly nint _a = a, _b = b, _c = c, _lda = op.Lda, _ldb = op.Ldb, _ldc = op.Ldc, _csc = op.Csc;
        private readonly nint _packedB = op.PackedNR == 0 ? 0 : (nint)Unsafe.AsPointer(ref op.PackedB);
        private readonly int _packedNR = op.PackedNR;
        private readonly bool _transA = op.TransA, _transB = op.TransB;
        private readonly int _m = op.M, _n = op.N, _k = op.K;
        private readonly T _alpha = op.Alpha, _beta = op.Beta;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public GemmOperands<T> Operands()
        {
            var op = new GemmOperands<T>(_transA, _transB, _m, _n, _k, _alpha,
                ref Unsafe.AsRef<T>((void*)_a), _lda, ref Unsafe.AsRef<T>((void*)_b), _ldb, _beta, ref Unsafe.AsRef<T>((void*)_c), _ldc, _csc);
            return _packedNR == 0 ? op : op.WithPackedB(ref Unsafe.AsRef<T>((void*)_packedB), _packedNR);
        }
    }

    /// <summary>
    /// A reusable completion flag: set by a worker, awaited by the caller, spinning briefly and then blocking on a monitor
    /// whose lock object exists from the start. (ManualResetEventSlim creates its lock object lazily, on the first wait
    /// that has to block: 24 bytes allocated on the caller's thread at an unpredictable call.)
    /// </summary>
    private sealed class Completion
    {
        private readonly object _gate = new();
        private volatile bool _done;

        public void Reset() => _done = false;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Set()
        {
            lock (_gate)
            {
                _done = true;
                Monitor.PulseAll(_gate);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Wait()
        {
            // Spin (then yield) as long as ManualResetEventSlim does before blocking, as the code did when it used one:
            // the ranges usually end close together, and waking a blocked thread costs more than the spin.
            var spinner = new SpinWait();
            for (int i = 0; i < SpinsBeforeBlocking; i++)
            {
                if (_done)
                    return;
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            lock (_gate)
                while (!_done)
                    Monitor.Wait(_gate);
        }

        private const int SpinsBeforeBlocking = 35;
    }

    /// <summary>A reusable thread-pool work item running one range of one problem and signalling completion.</summary>
    private sealed class Worker<T, TJob> : IThreadPoolWorkItem
        where T : unmanaged, IFloatingPointIeee754<T> where TJob : struct, IRangeJob<T>
    {
        [ThreadStatic] private static Worker<T, TJob>[]? t_cache;

        private readonly Completion _done = new();
        private Shared<T> _shared;
        private TJob _job;
        private Split _split;
        private ChunkCounter? _counter;
        private Exception? _failure;

        /// <summary>At least <paramref name="count"/> workers owned by the calling thread (created once, then reused).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Worker<T, TJob>[] ForThisThread(int count)
        {
            Worker<T, TJob>[] cache = t_cache ?? [];
            if (cache.Length < count)
            {
                int old = cache.Length;
                Array.Resize(ref cache, count);
                for (int i = old; i < count; i++) cache[i] = new Worker<T, TJob>();
                t_cache = cache;
            }
            return cache;
        }

        public void Prepare(Shared<T> shared, TJob job, Split split, ChunkCounter counter)
        {
            (_shared, _job, _split, _counter, _failure) = (shared, job, split, counter, null);
            _done.Reset();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute()
        {
            try { RunChunks(_shared, _job, _split, _counter!); }
            catch (Exception e) { _failure = e; }
            finally { _done.Set(); }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Exception? Wait()
        {
            _done.Wait();
            return _failure;
        }

        /// <summary>Takes ranges from <paramref name="counter"/> and runs them until none is left.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void RunChunks(Shared<T> shared, TJob job, Split split, ChunkCounter counter)
        {
            GemmOperands<T> all = shared.Operands();
            for (int r = counter.Take(); r < split.Chunks; r = counter.Take())
            {
                var (start, count) = split.Range(r);
                if (count > 0)
                    job.Run(split.Columns ? all.Columns(start, count) : all.Rows(start, count));
            }
        }
    }
}
