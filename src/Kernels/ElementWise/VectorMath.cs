using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernels;

/// <summary>
/// Transcendental functions at each vector width for float and double (the runtime's vector exp; our own tanh).
/// </summary>
/// <remarks>
/// tanh: for |x| &lt; 0.625 a Padé approximant from Lambert's continued fraction, written as |x| − |x|·y·P(y)/Q(y) with
/// y = x² and integer coefficients (exact in the element type; truncation error 7.5e-10 for float, 6.2e-18 for double
/// on that interval), so the rounding of the small correction term barely reaches the result; above that,
/// 1 − 2/(e^(2|x|) + 1), where the subtraction cannot cancel badly because tanh ≥ 0.55. The sign is copied back at the
/// end, so ±0, ±∞ and NaN come out as tanh says. Tests bound the distance to the scalar <c>T.Tanh</c> in ULPs.
/// </remarks>
internal static class VectorMath
{
    private const double TanhSplit = 0.625;

    /// <summary>Scalar a·b + c, fused exactly when the vector <c>MultiplyAdd</c> helpers fuse (the CPU has FMA), so edge
    /// elements of a tile round like the vector lanes next to them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd<T>(T a, T b, T c) where T : IFloatingPointIeee754<T> =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? T.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>a·b + c, fused (one rounding) when the CPU has FMA, else multiplied and added (two roundings).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    /// <inheritdoc cref="MultiplyAdd{T}(Vector128{T}, Vector128{T}, Vector128{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    /// <inheritdoc cref="MultiplyAdd{T}(Vector128{T}, Vector128{T}, Vector128{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector.MultiplyAddEstimate(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector.MultiplyAddEstimate(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp<T>(Vector128<T> x)
    {
        if (typeof(T) == typeof(float)) return Vector128.Exp(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.Exp(x.AsDouble()).As<double, T>();
        throw new System.NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x)
    {
        if (typeof(T) == typeof(float)) return Vector256.Exp(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Exp(x.AsDouble()).As<double, T>();
        throw new System.NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Exp<T>(Vector<T> x)
    {
        if (typeof(T) == typeof(float)) return Vector.Exp(x.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector.Exp(x.As<T, double>()).As<double, T>();
        throw new System.NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Tanh<T>(Vector128<T> x)
    {
        if (typeof(T) == typeof(float)) return Tanh(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Tanh(x.AsDouble()).As<double, T>();
        throw new System.NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh<T>(Vector256<T> x)
    {
        if (typeof(T) == typeof(float)) return Tanh(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Tanh(x.AsDouble()).As<double, T>();
        throw new System.NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Tanh<T>(Vector<T> x)
    {
        if (typeof(T) == typeof(float)) return Tanh(x.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Tanh(x.As<T, double>()).As<double, T>();
        throw new System.NotSupportedException();
    }

    // ---- float: P(y) = 315 + 14y, Q(y) = 945 + 420y + 15y² ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> ax = Vector128.Abs(x), y = ax * ax;
        Vector128<float> p = Vector128.Create(14f) * y + Vector128.Create(315f);
        Vector128<float> q = (Vector128.Create(15f) * y + Vector128.Create(420f)) * y + Vector128.Create(945f);
        Vector128<float> small = ax - ax * y * p / q;
        Vector128<float> large = Vector128<float>.One - Vector128.Create(2f) / (Vector128.Exp(ax + ax) + Vector128<float>.One);
        return Vector128.CopySign(Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create((float)TanhSplit)), small, large), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> ax = Vector256.Abs(x), y = ax * ax;
        Vector256<float> p = Vector256.Create(14f) * y + Vector256.Create(315f);
        Vector256<float> q = (Vector256.Create(15f) * y + Vector256.Create(420f)) * y + Vector256.Create(945f);
        Vector256<float> small = ax - ax * y * p / q;
        Vector256<float> large = Vector256<float>.One - Vector256.Create(2f) / (Vector256.Exp(ax + ax) + Vector256<float>.One);
        return Vector256.CopySign(Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create((float)TanhSplit)), small, large), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Tanh(Vector<float> x)
    {
        Vector<float> ax = Vector.Abs(x), y = ax * ax;
        Vector<float> p = new Vector<float>(14f) * y + new Vector<float>(315f);
        Vector<float> q = (new Vector<float>(15f) * y + new Vector<float>(420f)) * y + new Vector<float>(945f);
        Vector<float> small = ax - ax * y * p / q;
        Vector<float> large = Vector<float>.One - new Vector<float>(2f) / (Vector.Exp(ax + ax) + Vector<float>.One);
        return Vector.CopySign(Vector.ConditionalSelect(Vector.LessThan(ax, new Vector<float>((float)TanhSplit)), small, large), x);
    }

    // ---- double: P(y) = 675675 + 45045y + 594y² + y³, Q(y) = 2027025 + 945945y + 51975y² + 630y³ + y⁴ ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Tanh(Vector128<double> x)
    {
        Vector128<double> ax = Vector128.Abs(x), y = ax * ax;
        Vector128<double> p = ((y + Vector128.Create(594.0)) * y + Vector128.Create(45045.0)) * y + Vector128.Create(675675.0);
        Vector128<double> q = (((y + Vector128.Create(630.0)) * y + Vector128.Create(51975.0)) * y + Vector128.Create(945945.0)) * y + Vector128.Create(2027025.0);
        Vector128<double> small = ax - ax * y * p / q;
        Vector128<double> large = Vector128<double>.One - Vector128.Create(2.0) / (Vector128.Exp(ax + ax) + Vector128<double>.One);
        return Vector128.CopySign(Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(TanhSplit)), small, large), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> ax = Vector256.Abs(x), y = ax * ax;
        Vector256<double> p = ((y + Vector256.Create(594.0)) * y + Vector256.Create(45045.0)) * y + Vector256.Create(675675.0);
        Vector256<double> q = (((y + Vector256.Create(630.0)) * y + Vector256.Create(51975.0)) * y + Vector256.Create(945945.0)) * y + Vector256.Create(2027025.0);
        Vector256<double> small = ax - ax * y * p / q;
        Vector256<double> large = Vector256<double>.One - Vector256.Create(2.0) / (Vector256.Exp(ax + ax) + Vector256<double>.One);
        return Vector256.CopySign(Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(TanhSplit)), small, large), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Tanh(Vector<double> x)
    {
        Vector<double> ax = Vector.Abs(x), y = ax * ax;
        Vector<double> p = ((y + new Vector<double>(594.0)) * y + new Vector<double>(45045.0)) * y + new Vector<double>(675675.0);
        Vector<double> q = (((y + new Vector<double>(630.0)) * y + new Vector<double>(51975.0)) * y + new Vector<double>(945945.0)) * y + new Vector<double>(2027025.0);
        Vector<double> small = ax - ax * y * p / q;
        Vector<double> large = Vector<double>.One - new Vector<double>(2.0) / (Vector.Exp(ax + ax) + Vector<double>.One);
        return Vector.CopySign(Vector.ConditionalSelect(Vector.LessThan(ax, new Vector<double>(TanhSplit)), small, large), x);
    }
}
