using System;
using System.Collections.Generic;
using System.Numerics;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Tests;

/// <summary>
/// One element-wise kernel under test: how to run it (into a destination, from inputs x and y), how to run its
/// reference, and how to compare them.
/// </summary>
internal sealed record VectorCase<T>(
    string Name,
    SpanKernel<T> Kernel,
    SpanKernel<T> Reference,
    Func<T[], T[], T[], T[], ComparisonResult> Compare) where T : unmanaged, IFloatingPointIeee754<T>
{
    public override string ToString() => Name;
}

internal delegate void SpanKernel<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

internal static class VectorCases
{
    // Sigmoid and tanh on the vector paths against the scalar path (the runtime's scalar exp/tanh). Each side is within
    // 3 ulp of the true value: exp ≤ 1 ulp, then 1 + e and the division add at most 2 more roundings. Tanh: m = e^(2|x|) − 1
    // is within about 1.5 ulp (2·(e^r − 1) + 1 cancels a little for small negative r), then m + 2 and the division:
    // about 3.5 ulp, and the scalar side's 1 at most; so the two agree within 6 ulp. Measured (Transcendental_agreement_is_reported): sigmoid
    // 2 ulp float (4 with the runtime's float exp, before VectorMath had its own) / 3 double, tanh 3 / 3 (probes: float
    // 2 from the correctly rounded value on every 7th float in [−20, 20]; double 4 from Math.Tanh on 4·10⁶ samples,
    // 99.99% within 2; with and without FMA).
    public const int TranscendentalUlps = 6;

    public const float Alpha = -1.3f;

    public static IEnumerable<string> Names => Build<float>().ConvertAll(c => c.Name);

    public static VectorCase<T> Get<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> =>
        Build<T>().Find(c => c.Name == name) ?? throw new ArgumentException(name);

    public static List<VectorCase<T>> Build<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateChecked(Alpha);
        var exact = (Func<T[], T[], T[], T[], ComparisonResult>)((x, y, e, a) => Testing.Compare.Exact<T>(e, a));
        var list = new List<VectorCase<T>>
        {
            new("Multiply", (x, y, d) => ElementWise.Multiply(x, y, d), (x, y, d) => ElementWiseReference.Multiply(x, y, d), exact),
            new("Multiply.InPlace", (x, y, d) => { y.CopyTo(d); ElementWise.Multiply(x, d, d); }, (x, y, d) => ElementWiseReference.Multiply(x, y, d), exact),
            new("Add", (x, y, d) => ElementWise.Add(x, y, d), (x, y, d) => ElementWiseReference.Add(x, y, d), exact),
            new("Scale", (x, y, d) => ElementWise.Scale(alpha, x, d), (x, y, d) => ElementWiseReference.Scale(alpha, x, d), exact),
            new("Scale.InPlace", (x, y, d) => { x.CopyTo(d); ElementWise.Scale(alpha, d, d); }, (x, y, d) => ElementWiseReference.Scale(alpha, x, d), exact),
            new("Axpy", (x, y, d) => { y.CopyTo(d); ElementWise.Axpy(alpha, x, d); },
                        (x, y, d) => { y.CopyTo(d); ElementWiseReference.Axpy(alpha, x, d); },
                        (x, y, e, a) => AxpyBound(alpha, x, y, e, a)),
        };
        foreach (Activation act in Enum.GetValues<Activation>())
        {
            Activation f = act;
            var cmp = f is Activation.Sigmoid or Activation.Tanh
                ? (Func<T[], T[], T[], T[], ComparisonResult>)((x, y, e, a) => Testing.Compare.WithinUlps<T>(e, a, TranscendentalUlps))
                : exact;
            list.Add(new($"Activate.{f}", (x, y, d) => ElementWise.Activate(f, x, d), (x, y, d) => ElementWiseReference.Activate(f, x, d), cmp));
            list.Add(new($"Activate.{f}.InPlace", (x, y, d) => { x.CopyTo(d); ElementWise.Activate(f, d, d); }, (x, y, d) => ElementWiseReference.Activate(f, x, d), cmp));
            // y plays the stored activation; it holds exact zeros too (see Inputs), which matter for ReLU.
            list.Add(new($"Derivative.{f}", (x, y, d) => ElementWise.MultiplyByActivationDerivative(f, x, y, d),
                (x, y, d) => ElementWiseReference.MultiplyByActivationDerivative(f, x, y, d), exact));
            list.Add(new($"Derivative.{f}.InPlace", (x, y, d) => { x.CopyTo(d); ElementWise.MultiplyByActivationDerivative(f, d, y, d); },
                (x, y, d) => ElementWiseReference.MultiplyByActivationDerivative(f, x, y, d), exact));
        }
        return list;
    }

    /// <summary>Inputs for a case: x uniform in [−4, 4] (sigmoid and tanh leave their linear range), y uniform with some exact zeros.</summary>
    public static (T[] X, T[] Y) Inputs<T>(int n, int salt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = TestData.Uniform<T>(n, Sweep.Seed(salt, n), -4, 4);
        T[] y = TestData.Uniform<T>(n, Sweep.Seed(salt + 7, n), -1, 1);
        TestData.Sprinkle<T>(y, Sweep.Seed(salt + 9, n), 0.1, T.Zero);
        return (x, y);
    }

    // FMA rounds once, the reference twice: each is within 2u·(|y| + |αx|) of the exact value, so they are within twice that.
    // Where α·x overflows, the reference meets y with a rounded ±∞ while FMA keeps the product exact, so the two can
    // differ in kind (−∞ + ∞ = NaN against +∞; −∞ against a finite value): there the fused result is the one accepted.
    private static ComparisonResult AxpyBound<T>(T alpha, T[] x, T[] y, T[] expected, T[] actual) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bound = new double[x.Length];
        T[] reference = (T[])expected.Clone();
        double g = 2 * ErrorBounds.Gamma<T>(2);
        for (int i = 0; i < x.Length; i++)
        {
            bound[i] = g * (Math.Abs(double.CreateChecked(y[i])) + Math.Abs(double.CreateChecked(alpha) * double.CreateChecked(x[i])));
            if (T.IsFinite(x[i]) && !T.IsFinite(alpha * x[i]) && actual[i].Equals(T.FusedMultiplyAdd(alpha, x[i], y[i])))
                reference[i] = actual[i];
        }
        return Testing.Compare.WithinBound<T>(reference, actual, bound, "2·γ_2·(|y| + |αx|)");
    }
}
