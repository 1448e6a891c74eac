using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernels.Bench.Machine;

/// <summary>
/// The micro-kernels behind the peak figures: independent FMA chains (enough to cover the FMA latency on every pipe) and
/// streaming read, copy and triad loops at each vector width.
/// </summary>
internal static unsafe class PeakKernels
{
    // 12 independent chains: with a 4-cycle FMA latency and 2 FMA pipes, 8 are needed to keep both busy; 12 leaves margin
    // for a 5- or 6-cycle latency. Each chain converges to c / (1 − m) = 1, so no value overflows or goes subnormal.

    /// <summary>Runs 12 chains of Vector256 FMAs; returns a value so nothing is optimized away. Flops = iterations · 12 · 2 · lanes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static T Fma256<T>(long iterations, T m, T c) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Vector256<T> vm = Vector256.Create(m), vc = Vector256.Create(c);
        Vector256<T> a0 = Vector256.Create(T.CreateTruncating(0.1)), a1 = a0 + vc, a2 = a1 + vc, a3 = a2 + vc, a4 = a3 + vc, a5 = a4 + vc;
        Vector256<T> a6 = a5 + vc, a7 = a6 + vc, a8 = a7 + vc, a9 = a8 + vc, a10 = a9 + vc, a11 = a10 + vc;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma(a0, vm, vc); a1 = Fma(a1, vm, vc);
            a2 = Fma(a2, vm, vc); a3 = Fma(a3, vm, vc);
            a4 = Fma(a4, vm, vc); a5 = Fma(a5, vm, vc);
            a6 = Fma(a6, vm, vc); a7 = Fma(a7, vm, vc);
            a8 = Fma(a8, vm, vc); a9 = Fma(a9, vm, vc);
            a10 = Fma(a10, vm, vc); a11 = Fma(a11, vm, vc);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    /// <summary>As <see cref="Fma256{T}"/>, with Vector128 (the ARM64 and SSE width).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static T Fma128<T>(long iterations, T m, T c) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Vector128<T> vm = Vector128.Create(m), vc = Vector128.Create(c);
        Vector128<T> a0 = Vector128.Create(T.CreateTruncating(0.1)), a1 = a0 + vc, a2 = a1 + vc, a3 = a2 + vc, a4 = a3 + vc, a5 = a4 + vc;
        Vector128<T> a6 = a5 + vc, a7 = a6 + vc, a8 = a7 + vc, a9 = a8 + vc, a10 = a9 + vc, a11 = a10 + vc;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma(a0, vm, vc); a1 = Fma(a1, vm, vc);
            a2 = Fma(a2, vm, vc); a3 = Fma(a3, vm, vc);
            a4 = Fma(a4, vm, vc); a5 = Fma(a5, vm, vc);
            a6 = Fma(a6, vm, vc); a7 = Fma(a7, vm, vc);
            a8 = Fma(a8, vm, vc); a9 = Fma(a9, vm, vc);
            a10 = Fma(a10, vm, vc); a11 = Fma(a11, vm, vc);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    /// <summary>As <see cref="Fma256{T}"/>, with Vector512 (for information: the Kernels library does not use it).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static T Fma512<T>(long iterations, T m, T c) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Vector512<T> vm = Vector512.Create(m), vc = Vector512.Create(c);
        Vector512<T> a0 = Vector512.Create(T.CreateTruncating(0.1)), a1 = a0 + vc, a2 = a1 + vc, a3 = a2 + vc, a4 = a3 + vc, a5 = a4 + vc;
        Vector512<T> a6 = a5 + vc, a7 = a6 + vc, a8 = a7 + vc, a9 = a8 + vc, a10 = a9 + vc, a11 = a10 + vc;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma(a0, vm, vc); a1 = Fma(a1, vm, vc);
            a2 = Fma(a2, vm, vc); a3 = Fma(a3, vm, vc);
            a4 = Fma(a4, vm, vc); a5 = Fma(a5, vm, vc);
            a6 = Fma(a6, vm, vc); a7 = Fma(a7, vm, vc);
            a8 = Fma(a8, vm, vc); a9 = Fma(a9, vm, vc);
            a10 = Fma(a10, vm, vc); a11 = Fma(a11, vm, vc);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    // Streaming loops over float arrays whose length is a multiple of 128.

    // Eight accumulators: an add's latency (3–4 cycles) times the 2–3 loads a cycle an L1 serves.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static float Read(int bits, float* a, nuint n)
    {
        if (bits == 512)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (nuint i = 0; i < n; i += 128)
            {
                s0 += Vector512.Load(a + i); s1 += Vector512.Load(a + i + 16); s2 += Vector512.Load(a + i + 32); s3 += Vector512.Load(a + i + 48);
                s4 += Vector512.Load(a + i + 64); s5 += Vector512.Load(a + i + 80); s6 += Vector512.Load(a + i + 96); s7 += Vector512.Load(a + i + 112);
            }
            return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7);
        }
        if (bits == 256)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (nuint i = 0; i < n; i += 64)
            {
                s0 += Vector256.Load(a + i); s1 += Vector256.Load(a + i + 8); s2 += Vector256.Load(a + i + 16); s3 += Vector256.Load(a + i + 24);
                s4 += Vector256.Load(a + i + 32); s5 += Vector256.Load(a + i + 40); s6 += Vector256.Load(a + i + 48); s7 += Vector256.Load(a + i + 56);
            }
            return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7);
        }
        Vector128<float> t0 = default, t1 = default, t2 = default, t3 = default, t4 = default, t5 = default, t6 = default, t7 = default;
        for (nuint i = 0; i < n; i += 32)
        {
            t0 += Vector128.Load(a + i); t1 += Vector128.Load(a + i + 4); t2 += Vector128.Load(a + i + 8); t3 += Vector128.Load(a + i + 12);
            t4 += Vector128.Load(a + i + 16); t5 += Vector128.Load(a + i + 20); t6 += Vector128.Load(a + i + 24); t7 += Vector128.Load(a + i + 28);
        }
        return Vector128.Sum(t0 + t1 + t2 + t3 + t4 + t5 + t6 + t7);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Copy(int bits, float* src, float* dst, nuint n)
    {
        if (bits == 512)
        {
            for (nuint i = 0; i < n; i += 64)
            {
                Vector512.Load(src + i).Store(dst + i); Vector512.Load(src + i + 16).Store(dst + i + 16);
                Vector512.Load(src + i + 32).Store(dst + i + 32); Vector512.Load(src + i + 48).Store(dst + i + 48);
            }
        }
        else if (bits == 256)
        {
            for (nuint i = 0; i < n; i += 32)
            {
                Vector256.Load(src + i).Store(dst + i); Vector256.Load(src + i + 8).Store(dst + i + 8);
                Vector256.Load(src + i + 16).Store(dst + i + 16); Vector256.Load(src + i + 24).Store(dst + i + 24);
            }
        }
        else
        {
            for (nuint i = 0; i < n; i += 16)
            {
                Vector128.Load(src + i).Store(dst + i); Vector128.Load(src + i + 4).Store(dst + i + 4);
                Vector128.Load(src + i + 8).Store(dst + i + 8); Vector128.Load(src + i + 12).Store(dst + i + 12);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Triad(int bits, float* x, float* y, float* dst, nuint n)
    {
        if (bits == 512)
        {
            for (nuint i = 0; i < n; i += 64)
            {
                (Vector512.Load(x + i) * Vector512.Load(y + i)).Store(dst + i);
                (Vector512.Load(x + i + 16) * Vector512.Load(y + i + 16)).Store(dst + i + 16);
                (Vector512.Load(x + i + 32) * Vector512.Load(y + i + 32)).Store(dst + i + 32);
                (Vector512.Load(x + i + 48) * Vector512.Load(y + i + 48)).Store(dst + i + 48);
            }
        }
        else if (bits == 256)
        {
            for (nuint i = 0; i < n; i += 32)
            {
                (Vector256.Load(x + i) * Vector256.Load(y + i)).Store(dst + i);
                (Vector256.Load(x + i + 8) * Vector256.Load(y + i + 8)).Store(dst + i + 8);
                (Vector256.Load(x + i + 16) * Vector256.Load(y + i + 16)).Store(dst + i + 16);
                (Vector256.Load(x + i + 24) * Vector256.Load(y + i + 24)).Store(dst + i + 24);
            }
        }
        else
        {
            for (nuint i = 0; i < n; i += 16)
            {
                (Vector128.Load(x + i) * Vector128.Load(y + i)).Store(dst + i);
                (Vector128.Load(x + i + 4) * Vector128.Load(y + i + 4)).Store(dst + i + 4);
                (Vector128.Load(x + i + 8) * Vector128.Load(y + i + 8)).Store(dst + i + 8);
                (Vector128.Load(x + i + 12) * Vector128.Load(y + i + 12)).Store(dst + i + 12);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Update(int bits, float* a, nuint n)
    {
        if (bits == 512)
        {
            var s = Vector512.Create(0.999f);
            for (nuint i = 0; i < n; i += 64)
            {
                (Vector512.Load(a + i) * s).Store(a + i); (Vector512.Load(a + i + 16) * s).Store(a + i + 16);
                (Vector512.Load(a + i + 32) * s).Store(a + i + 32); (Vector512.Load(a + i + 48) * s).Store(a + i + 48);
            }
        }
        else if (bits == 256)
        {
            var s = Vector256.Create(0.999f);
            for (nuint i = 0; i < n; i += 32)
            {
                (Vector256.Load(a + i) * s).Store(a + i); (Vector256.Load(a + i + 8) * s).Store(a + i + 8);
                (Vector256.Load(a + i + 16) * s).Store(a + i + 16); (Vector256.Load(a + i + 24) * s).Store(a + i + 24);
            }
        }
        else
        {
            var s = Vector128.Create(0.999f);
            for (nuint i = 0; i < n; i += 16)
            {
                (Vector128.Load(a + i) * s).Store(a + i); (Vector128.Load(a + i + 4) * s).Store(a + i + 4);
                (Vector128.Load(a + i + 8) * s).Store(a + i + 8); (Vector128.Load(a + i + 12) * s).Store(a + i + 12);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void ReadUpdate(int bits, float* x, float* y, nuint n)
    {
        if (bits == 512)
        {
            for (nuint i = 0; i < n; i += 64)
            {
                (Vector512.Load(y + i) + Vector512.Load(x + i)).Store(y + i); (Vector512.Load(y + i + 16) + Vector512.Load(x + i + 16)).Store(y + i + 16);
                (Vector512.Load(y + i + 32) + Vector512.Load(x + i + 32)).Store(y + i + 32); (Vector512.Load(y + i + 48) + Vector512.Load(x + i + 48)).Store(y + i + 48);
            }
        }
        else if (bits == 256)
        {
            for (nuint i = 0; i < n; i += 32)
            {
                (Vector256.Load(y + i) + Vector256.Load(x + i)).Store(y + i); (Vector256.Load(y + i + 8) + Vector256.Load(x + i + 8)).Store(y + i + 8);
                (Vector256.Load(y + i + 16) + Vector256.Load(x + i + 16)).Store(y + i + 16); (Vector256.Load(y + i + 24) + Vector256.Load(x + i + 24)).Store(y + i + 24);
            }
        }
        else
        {
            for (nuint i = 0; i < n; i += 16)
            {
                (Vector128.Load(y + i) + Vector128.Load(x + i)).Store(y + i); (Vector128.Load(y + i + 4) + Vector128.Load(x + i + 4)).Store(y + i + 4);
                (Vector128.Load(y + i + 8) + Vector128.Load(x + i + 8)).Store(y + i + 8); (Vector128.Load(y + i + 12) + Vector128.Load(x + i + 12)).Store(y + i + 12);
            }
        }
    }

    // As Copy, with non-temporal (streaming) stores, which skip the read-for-ownership of the written lines.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void CopyNonTemporal(int bits, float* src, float* dst, nuint n)
    {
        if (bits == 512)
        {
            for (nuint i = 0; i < n; i += 64)
            {
                Vector512.Load(src + i).StoreAlignedNonTemporal(dst + i); Vector512.Load(src + i + 16).StoreAlignedNonTemporal(dst + i + 16);
                Vector512.Load(src + i + 32).StoreAlignedNonTemporal(dst + i + 32); Vector512.Load(src + i + 48).StoreAlignedNonTemporal(dst + i + 48);
            }
        }
        else if (bits == 256)
        {
            for (nuint i = 0; i < n; i += 32)
            {
                Vector256.Load(src + i).StoreAlignedNonTemporal(dst + i); Vector256.Load(src + i + 8).StoreAlignedNonTemporal(dst + i + 8);
                Vector256.Load(src + i + 16).StoreAlignedNonTemporal(dst + i + 16); Vector256.Load(src + i + 24).StoreAlignedNonTemporal(dst + i + 24);
            }
        }
        else
        {
            for (nuint i = 0; i < n; i += 16)
            {
                Vector128.Load(src + i).StoreAlignedNonTemporal(dst + i); Vector128.Load(src + i + 4).StoreAlignedNonTemporal(dst + i + 4);
                Vector128.Load(src + i + 8).StoreAlignedNonTemporal(dst + i + 8); Vector128.Load(src + i + 12).StoreAlignedNonTemporal(dst + i + 12);
            }
        }
    }

    // As Triad, with non-temporal (streaming) stores, which skip the read-for-ownership of the written lines.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void TriadNonTemporal(int bits, float* x, float* y, float* dst, nuint n)
    {
        if (bits == 512)
        {
            for (nuint i = 0; i < n; i += 64)
            {
                (Vector512.Load(x + i) * Vector512.Load(y + i)).StoreAlignedNonTemporal(dst + i);
                (Vector512.Load(x + i + 16) * Vector512.Load(y + i + 16)).StoreAlignedNonTemporal(dst + i + 16);
                (Vector512.Load(x + i + 32) * Vector512.Load(y + i + 32)).StoreAlignedNonTemporal(dst + i + 32);
                (Vector512.Load(x + i + 48) * Vector512.Load(y + i + 48)).StoreAlignedNonTemporal(dst + i + 48);
            }
        }
        else if (bits == 256)
        {
            for (nuint i = 0; i < n; i += 32)
            {
                (Vector256.Load(x + i) * Vector256.Load(y + i)).StoreAlignedNonTemporal(dst + i);
                (Vector256.Load(x + i + 8) * Vector256.Load(y + i + 8)).StoreAlignedNonTemporal(dst + i + 8);
                (Vector256.Load(x + i + 16) * Vector256.Load(y + i + 16)).StoreAlignedNonTemporal(dst + i + 16);
                (Vector256.Load(x + i + 24) * Vector256.Load(y + i + 24)).StoreAlignedNonTemporal(dst + i + 24);
            }
        }
        else
        {
            for (nuint i = 0; i < n; i += 16)
            {
                (Vector128.Load(x + i) * Vector128.Load(y + i)).StoreAlignedNonTemporal(dst + i);
                (Vector128.Load(x + i + 4) * Vector128.Load(y + i + 4)).StoreAlignedNonTemporal(dst + i + 4);
                (Vector128.Load(x + i + 8) * Vector128.Load(y + i + 8)).StoreAlignedNonTemporal(dst + i + 8);
                (Vector128.Load(x + i + 12) * Vector128.Load(y + i + 12)).StoreAlignedNonTemporal(dst + i + 12);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Fma<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
}
