using System.Numerics;
using System.Runtime.Intrinsics;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>x ⊙ y.</summary>
internal readonly struct MultiplyOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x * y;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x * y;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x * y;
    public Vector<T> Invoke(Vector<T> x, Vector<T> y) => x * y;
}

/// <summary>x + y.</summary>
internal readonly struct AddOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x + y;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x + y;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x + y;
    public Vector<T> Invoke(Vector<T> x, Vector<T> y) => x + y;
}

/// <summary>α·x.</summary>
internal readonly struct ScaleOperator<T>(T alpha) : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _alpha = alpha;
    public T Invoke(T x) => x * _alpha;
    public Vector128<T> Invoke(Vector128<T> x) => x * Vector128.Create(_alpha);
    public Vector256<T> Invoke(Vector256<T> x) => x * Vector256.Create(_alpha);
    public Vector<T> Invoke(Vector<T> x) => x * new Vector<T>(_alpha);
}

/// <summary>
/// y + α·x, the first operand being y. The vector widths fuse the multiply and add when the CPU has FMA (one rounding);
/// the scalar form rounds twice, as the reference does.
/// </summary>
internal readonly struct AxpyOperator<T>(T alpha) : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _alpha = alpha;
    public T Invoke(T y, T x) => y + _alpha * x;
    public Vector128<T> Invoke(Vector128<T> y, Vector128<T> x) => VectorMath.MultiplyAdd(x, Vector128.Create(_alpha), y);
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> x) => VectorMath.MultiplyAdd(x, Vector256.Create(_alpha), y);
    public Vector<T> Invoke(Vector<T> y, Vector<T> x) => VectorMath.MultiplyAdd(x, new Vector<T>(_alpha), y);
}
