using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>w -= lr·g.</summary>
internal readonly struct SgdStep<T>(T learningRate) : IUpdateStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _lr = learningRate;

    public static int States => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(T g, ref T w, ref T s1, ref T s2) => w -= _lr * g;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TV, TOps>(TV g, ref TV w, ref TV s1, ref TV s2) where TV : struct where TOps : struct, IVectorOps<TV, T> =>
        w = TOps.Subtract(w, TOps.Multiply(TOps.Broadcast(_lr), g));
}

/// <summary>v = μ·v + g; w -= lr·v.</summary>
internal readonly struct MomentumStep<T>(T learningRate, T momentum) : IUpdateStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _lr = learningRate, _mu = momentum;

    public static int States => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(T g, ref T w, ref T v, ref T unused)
    {
        v = _mu * v + g;
        w -= _lr * v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TV, TOps>(TV g, ref TV w, ref TV v, ref TV unused) where TV : struct where TOps : struct, IVectorOps<TV, T>
    {
        v = TOps.Add(TOps.Multiply(TOps.Broadcast(_mu), v), g);
        w = TOps.Subtract(w, TOps.Multiply(TOps.Broadcast(_lr), v));
    }
}

/// <summary>Adam with bias corrections c1 = 1/(1 − β1^t), c2 = 1/(1 − β2^t) precomputed.</summary>
internal readonly struct AdamStep<T>(T learningRate, T beta1, T beta2, T epsilon, T c1, T c2) : IUpdateStep<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _lr = learningRate, _b1 = beta1, _b2 = beta2, _eps = epsilon, _c1 = c1, _c2 = c2;
    private readonly T _1b1 = T.One - beta1, _1b2 = T.One - beta2;

    public static int States => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(T g, ref T w, ref T m, ref T v)
    {
        m = _b1 * m + _1b1 * g;
        v = _b2 * v + _1b2 * (g * g);
        T mHat = m * _c1, vHat = v * _c2;
        w -= _lr * mHat / (T.Sqrt(vHat) + _eps);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke<TV, TOps>(TV g, ref TV w, ref TV m, ref TV v) where TV : struct where TOps : struct, IVectorOps<TV, T>
    {
        m = TOps.Add(TOps.Multiply(TOps.Broadcast(_b1), m), TOps.Multiply(TOps.Broadcast(_1b1), g));
        v = TOps.Add(TOps.Multiply(TOps.Broadcast(_b2), v), TOps.Multiply(TOps.Broadcast(_1b2), TOps.Multiply(g, g)));
        TV mHat = TOps.Multiply(m, TOps.Broadcast(_c1)), vHat = TOps.Multiply(v, TOps.Broadcast(_c2));
        TV step = TOps.Divide(TOps.Multiply(TOps.Broadcast(_lr), mHat), TOps.Add(TOps.Sqrt(vHat), TOps.Broadcast(_eps)));
        w = TOps.Subtract(w, step);
    }
}
