using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kernels.Bench.Native;

/// <summary>
/// OpenBLAS through P/Invoke, loaded at run time when it is installed: the reference point for axpy, the rank-1 update
/// (ger), GEMM and, for matrix–vector shapes, gemv. When it is not installed every caller checks <see cref="IsAvailable"/> and skips, and
/// <see cref="Description"/> says why.
/// </summary>
/// <remarks>
/// <para>
/// The library is looked for, in order: the file named by <c>KERNELS_BENCH_OPENBLAS</c> (set it to <c>none</c> to skip
/// OpenBLAS), <c>libopenblas.so.0</c> / <c>libopenblas.so</c> / <c>libopenblas.dylib</c> through the loader's search path,
/// and the paths Debian, Ubuntu, Fedora and Homebrew install to. Only a library that exports <c>openblas_get_config</c> is
/// accepted, so the slow reference BLAS that <c>libblas.so.3</c> may point to is never mistaken for OpenBLAS.
/// </para>
/// <para>Install it on Debian or Ubuntu with <c>apt-get install libopenblas0-serial</c> (single-threaded, the fair
/// comparison for one core). A threaded build is asked to use one thread.</para>
/// </remarks>
public static unsafe class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly delegate* unmanaged<int, float, float*, int, float*, int, void> s_saxpy;
    private static readonly delegate* unmanaged<int, double, double*, int, double*, int, void> s_daxpy;
    private static readonly delegate* unmanaged<int, int, int, float, float*, int, float*, int, float*, int, void> s_sger;
    private static readonly delegate* unmanaged<int, int, int, double, double*, int, double*, int, double*, int, void> s_dger;
    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
    private static readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> s_dgemm;
    private static readonly delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemv;
    private static readonly delegate* unmanaged<int, int, int, int, double, double*, int, double*, int, double, double*, int, void> s_dgemv;

#pragma warning disable CA1810 // The loading logic needs statements; it runs once.
    static OpenBlas()
#pragma warning restore CA1810
    {
        string? requested = Environment.GetEnvironmentVariable("KERNELS_BENCH_OPENBLAS");
        Name = "OpenBLAS";
        if (string.Equals(requested, "none", StringComparison.OrdinalIgnoreCase))
        {
            Description = "skipped (KERNELS_BENCH_OPENBLAS=none)";
            return;
        }
        try
        {
            // OpenBLAS reads OPENBLAS_CORETYPE in its constructor: the core is chosen, and put in the C environment, before
            // the library loads.
            Choice = OpenBlasCore.Choose(OpenBlasCore.Request, OpenBlasCore.UserCore(), Machine.CpuFeatures.Current);
        }
        catch (ArgumentException e)
        {
            Description = "not loaded: " + e.Message;
            return;
        }
        // Before the first candidate loads: a library's constructor runs once, when it is first loaded.
        OpenBlasCore.Apply(Choice);
        foreach (string candidate in Candidates(requested))
        {
            if (!NativeLibrary.TryLoad(candidate, out IntPtr handle))
                continue;
            if (!NativeLibrary.TryGetExport(handle, "openblas_get_config", out IntPtr config)
                || !NativeLibrary.TryGetExport(handle, "cblas_sger", out IntPtr sger)
                || !NativeLibrary.TryGetExport(handle, "cblas_dger", out IntPtr dger)
                || !NativeLibrary.TryGetExport(handle, "cblas_saxpy", out IntPtr saxpy)
                || !NativeLibrary.TryGetExport(handle, "cblas_daxpy", out IntPtr daxpy)
                || !NativeLibrary.TryGetExport(handle, "cblas_sgemm", out IntPtr sgemm)
                || !NativeLibrary.TryGetExport(handle, "cblas_dgemm", out IntPtr dgemm)
                || !NativeLibrary.TryGetExport(handle, "cblas_sgemv", out IntPtr sgemv)
                || !NativeLibrary.TryGetExport(handle, "cblas_dgemv", out IntPtr dgemv))
            {
                NativeLibrary.Free(handle);
                continue;
            }
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out IntPtr setThreads))
                ((delegate* unmanaged<int, void>)setThreads)(1);
            Core = NativeLibrary.TryGetExport(handle, "openblas_get_corename", out IntPtr corename)
                ? Marshal.PtrToStringAnsi((IntPtr)((delegate* unmanaged<byte*>)corename)()) ?? "?"
                : "?";
            Config = (Marshal.PtrToStringAnsi((IntPtr)((delegate* unmanaged<byte*>)config)()) ?? "?").Trim();
            s_sger = (delegate* unmanaged<int, int, int, float, float*, int, float*, int, float*, int, void>)sger;
            s_dger = (delegate* unmanaged<int, int, int, double, double*, int, double*, int, double*, int, void>)dger;
            s_saxpy = (delegate* unmanaged<int, float, float*, int, float*, int, void>)saxpy;
            s_daxpy = (delegate* unmanaged<int, double, double*, int, double*, int, void>)daxpy;
            s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            s_dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
            s_sgemv = (delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemv;
            s_dgemv = (delegate* unmanaged<int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemv;
            IsAvailable = true;
            string[] words = Config.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Version = words.Length > 1 && words[0] == "OpenBLAS" ? words[1] : "?";
            Name = $"OpenBLAS {Version} {Core}";
            CoreNote = Choice.Core is { } asked && !string.Equals(asked, Core, StringComparison.OrdinalIgnoreCase)
                ? $"asked for {asked}, but OpenBLAS {Version} runs {Core} (it does not select {asked} by name)"
                : Machine.CpuFeatures.Current.HasAvx2Fma && Choice.Core is null && NarrowX86Cores.Contains(Core)
                    ? $"OpenBLAS picked {Core}, narrower than this CPU's AVX2+FMA: try --openblas-coretype Haswell"
                    : null;
            Description = $"{Name}: core {Core}, {Choice.Reason}{(CoreNote is null ? "" : $"; NOTE: {CoreNote}")}; build \"{Config}\"; {candidate}; 1 thread";
            return;
        }
        Description = "not installed: OpenBLAS comparisons skipped (Debian/Ubuntu: apt-get install libopenblas0-serial; " +
                      "or set KERNELS_BENCH_OPENBLAS to the library's path)";
    }

    // x86-64 cores below AVX2.
    private static readonly HashSet<string> NarrowX86Cores = new(StringComparer.OrdinalIgnoreCase)
    {
        "Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Atom", "Core2", "Penryn", "Dunnington", "Nehalem", "Athlon",
        "Opteron", "Opteron_SSE3", "Barcelona", "Nano", "Sandybridge", "Bobcat", "Bulldozer", "Piledriver", "Steamroller",
    };

    /// <summary>Whether OpenBLAS was found and loaded.</summary>
    public static bool IsAvailable { get; }

    /// <summary>The baseline's name in tables, files and charts: <c>OpenBLAS 0.3.21 Zen</c> (version from
    /// <c>openblas_get_config</c>, core from <c>openblas_get_corename</c>, the kernels actually in use); <c>OpenBLAS</c> when not loaded.</summary>
    public static string Name { get; }

    /// <summary>The version, e.g. <c>0.3.21</c> (null when not loaded).</summary>
    public static string? Version { get; }

    /// <summary>The core whose kernels run, as <c>openblas_get_corename</c> says (null when not loaded).</summary>
    public static string? Core { get; }

    /// <summary>What <c>openblas_get_config</c> says (null when not loaded).</summary>
    public static string? Config { get; }

    /// <summary>How the core was chosen (null when OpenBLAS was skipped, or its choice refused).</summary>
    public static CoreChoice? Choice { get; }

    /// <summary>A warning about the core (the one asked for is not the one running, or it is narrower than the CPU), or null.</summary>
    public static string? CoreNote { get; }

    /// <summary>What was loaded (name, why that core, build options, the file), or why nothing was.</summary>
    public static string Description { get; }

    /// <summary>cblas_?axpy: <c>y += alpha * x</c>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="alpha">The factor.</param>
    /// <param name="x">The vector added.</param>
    /// <param name="y">The vector updated; same length.</param>
    public static void Axpy<T>(T alpha, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged
    {
        EnsureAvailable();
        if (x.Length != y.Length) throw new ArgumentException($"'y' has {y.Length} elements, 'x' {x.Length}.", nameof(y));
        fixed (T* px = x)
        fixed (T* py = y)
        {
            if (typeof(T) == typeof(float)) s_saxpy(x.Length, Unsafe.As<T, float>(ref alpha), (float*)px, 1, (float*)py, 1);
            else if (typeof(T) == typeof(double)) s_daxpy(x.Length, Unsafe.As<T, double>(ref alpha), (double*)px, 1, (double*)py, 1);
            else throw new NotSupportedException(typeof(T).Name);
        }
    }

    /// <summary>cblas_?ger, row-major: <c>c[i, j] += alpha * x[i] * y[j]</c> on a rows×cols matrix with row pitch <paramref name="ldc"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="alpha">The factor.</param>
    /// <param name="x">One element per row.</param>
    /// <param name="y">One element per column.</param>
    /// <param name="c">The matrix storage.</param>
    /// <param name="ldc">Row pitch of <paramref name="c"/>, at least <c>y.Length</c>.</param>
    public static void Ger<T>(T alpha, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> c, int ldc) where T : unmanaged
    {
        EnsureAvailable();
        int m = x.Length, n = y.Length;
        if (ldc < n || (m > 0 && c.Length < (long)(m - 1) * ldc + n))
            throw new ArgumentException($"'c' ({c.Length} elements, pitch {ldc}) cannot hold {m}×{n}.", nameof(c));
        fixed (T* px = x)
        fixed (T* py = y)
        fixed (T* pc = c)
        {
            if (typeof(T) == typeof(float))
                s_sger(RowMajor, m, n, Unsafe.As<T, float>(ref alpha), (float*)px, 1, (float*)py, 1, (float*)pc, ldc);
            else if (typeof(T) == typeof(double))
                s_dger(RowMajor, m, n, Unsafe.As<T, double>(ref alpha), (double*)px, 1, (double*)py, 1, (double*)pc, ldc);
            else throw new NotSupportedException(typeof(T).Name);
        }
    }

    /// <summary>cblas_?gemm, row-major: <c>C = alpha·op(A)·op(B) + beta·C</c>, the signature Kernels.Blas mirrors.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Row pitch of A as stored.</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="ldb">Row pitch of B as stored.</param>
    /// <param name="beta">β.</param>
    /// <param name="c">C, row-major.</param>
    /// <param name="ldc">Row pitch of C.</param>
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged
    {
        EnsureAvailable();
        long needA = transA ? (long)Math.Max(k - 1, 0) * lda + m : (long)Math.Max(m - 1, 0) * lda + k;
        long needB = transB ? (long)Math.Max(n - 1, 0) * ldb + k : (long)Math.Max(k - 1, 0) * ldb + n;
        long needC = (long)Math.Max(m - 1, 0) * ldc + n;
        if (a.Length < needA || b.Length < needB || c.Length < needC)
            throw new ArgumentException($"A, B or C is too short for a {m}×{n}×{k} product with these leading dimensions.");
        int ta = transA ? Trans : NoTrans, tb = transB ? Trans : NoTrans;
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if (typeof(T) == typeof(float))
                s_sgemm(RowMajor, ta, tb, m, n, k, Unsafe.As<T, float>(ref alpha), (float*)pa, lda, (float*)pb, ldb,
                    Unsafe.As<T, float>(ref beta), (float*)pc, ldc);
            else if (typeof(T) == typeof(double))
                s_dgemm(RowMajor, ta, tb, m, n, k, Unsafe.As<T, double>(ref alpha), (double*)pa, lda, (double*)pb, ldb,
                    Unsafe.As<T, double>(ref beta), (double*)pc, ldc);
            else throw new NotSupportedException(typeof(T).Name);
        }
    }

    /// <summary>cblas_?gemv, row-major: <c>y = alpha·op(A)·x + beta·y</c>, A stored rows×cols with row pitch <paramref name="lda"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="transA">Whether op(A) = Aᵀ (then x has <paramref name="rows"/> elements and y <paramref name="cols"/>).</param>
    /// <param name="rows">Rows of A as stored.</param>
    /// <param name="cols">Columns of A as stored.</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Row pitch of A.</param>
    /// <param name="x">The vector multiplied, contiguous.</param>
    /// <param name="beta">β.</param>
    /// <param name="y">The result, contiguous.</param>
    public static void MatrixVectorGemm<T>(bool transA, int rows, int cols, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> x, T beta, Span<T> y)
        where T : unmanaged
    {
        EnsureAvailable();
        int xLength = transA ? rows : cols, yLength = transA ? cols : rows;
        if (lda < cols || a.Length < (long)Math.Max(rows - 1, 0) * lda + cols || x.Length < xLength || y.Length < yLength)
            throw new ArgumentException($"A, x or y is too short for a {rows}×{cols} matrix–vector product.");
        int ta = transA ? Trans : NoTrans;
        fixed (T* pa = a)
        fixed (T* px = x)
        fixed (T* py = y)
        {
            if (typeof(T) == typeof(float))
                s_sgemv(RowMajor, ta, rows, cols, Unsafe.As<T, float>(ref alpha), (float*)pa, lda, (float*)px, 1, Unsafe.As<T, float>(ref beta), (float*)py, 1);
            else if (typeof(T) == typeof(double))
                s_dgemv(RowMajor, ta, rows, cols, Unsafe.As<T, double>(ref alpha), (double*)pa, lda, (double*)px, 1, Unsafe.As<T, double>(ref beta), (double*)py, 1);
            else throw new NotSupportedException(typeof(T).Name);
        }
    }

    private static void EnsureAvailable()
    {
        if (!IsAvailable) throw new InvalidOperationException("OpenBLAS is " + Description);
    }

    private static IEnumerable<string> Candidates(string? requested)
    {
        if (!string.IsNullOrEmpty(requested)) yield return requested;
        yield return "libopenblas.so.0";
        yield return "libopenblas.so";
        yield return "libopenblas.dylib";
        string[] dirs =
        [
            "/usr/lib/x86_64-linux-gnu/openblas-serial", "/usr/lib/x86_64-linux-gnu/openblas-pthread", "/usr/lib/x86_64-linux-gnu/openblas-openmp",
            "/usr/lib/aarch64-linux-gnu/openblas-serial", "/usr/lib/aarch64-linux-gnu/openblas-pthread", "/usr/lib/aarch64-linux-gnu/openblas-openmp",
            "/usr/lib64", "/usr/lib", "/usr/local/lib", "/opt/homebrew/opt/openblas/lib", "/usr/local/opt/openblas/lib",
        ];
        foreach (string dir in dirs)
            foreach (string name in (string[])["libopenblas.so.0", "libopenblas.so", "libblas.so.3", "libopenblas.dylib"])
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path)) yield return path;
            }
        yield return "libblas.so.3"; // accepted only if it is OpenBLAS behind the alternatives link
    }
}
