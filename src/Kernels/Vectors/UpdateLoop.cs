using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>
/// One optimizer step for one element at any width: gradient g, weight w, and up to two optimizer states s1, s2.
/// <see cref="States"/> says how many states the step uses; the loop never touches the others (they may be empty spans).
/// </summary>
internal interface IUpdateStep<T> where T : unmanaged
{
    static abstract int States { get; }

    void Invoke(T g, ref T w, ref T s1, ref T s2);
    void Invoke<TV, TOps>(TV g, ref TV w, ref TV s1, ref TV s2) where TV : struct where TOps : struct, IVectorOps<TV, T>;
}

/// <summary>The whole-vector part of an update; returns how many elements it did (the rest is scalar, same arithmetic).</summary>
internal static class UpdateLoop<T, TV, TOps, TStep>
    where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TStep : struct, IUpdateStep<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static nint Run(TStep step, ref T g, ref T w, ref T s1, ref T s2, nint n)
    {
        nint width = TOps.Count, i = 0;
        for (; i + width <= n; i += width)
        {
            TV wv = TOps.Load(ref w, i);
            TV a = TStep.States > 0 ? TOps.Load(ref s1, i) : TOps.Zero;
            TV b = TStep.States > 1 ? TOps.Load(ref s2, i) : TOps.Zero;
            step.Invoke<TV, TOps>(TOps.Load(ref g, i), ref wv, ref a, ref b);
            TOps.Store(wv, ref w, i);
            if (TStep.States > 0) TOps.Store(a, ref s1, i);
            if (TStep.States > 1) TOps.Store(b, ref s2, i);
        }
        return i;
    }
}
