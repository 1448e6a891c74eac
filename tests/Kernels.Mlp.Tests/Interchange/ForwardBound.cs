using System;
using System.Linq;
using System.Numerics;
using Kernels.Testing;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// How far a network's outputs computed in T may be from a reference computed in double, both against the exact
/// (real-arithmetic) outputs of the weights as a file holds them; derived layer by layer, no tuned epsilon.
/// </summary>
/// <remarks>
/// <para>
/// Per sample, with m_j bounding |a_j| (the inputs to a layer, computed or exact), e_j bounding |â_j − a_j| (ours) and
/// r_j bounding |ã_j − a_j| (the reference's), each unit i of a layer with n inputs has
/// </para>
/// <code>
/// pre-activation   E_i = γ_(n+2)(T)·(Σ|ŵ_ij|·m_j + |b̂_i|) + Σ|ŵ_ij|·e_j + Σ|w_ij − ŵ_ij|·m_j + |b_i − b̂_i|
///                  R_i = γ_(n+2)(double)·(Σ|w_ij|·m_j + |b_i|) + Σ|w_ij|·r_j
/// </code>
/// <para>
/// — the dot product and bias add in any order (Higham's γ bound), the error carried in, and the rounding of the file's
/// weights w to the network's ŵ (zero when T holds them exactly). An activation is Lipschitz with constant 1 (¼ for the
/// sigmoid) and adds its own rounding: at most <see cref="ActivationUlps"/> ulps of its result (Kernels' sigmoid and tanh
/// measure at most 4 against the correctly rounded value, see src/Kernels/ElementWise/VectorMath.cs; ReLU and the
/// identity are exact). m is |z| bounded by its gauge (ReLU, identity), min(1, gauge) for tanh, 1 for the sigmoid.
/// </para>
/// <para>
/// Softmax: with M the largest pre-transform error, p̂_i/p_i lies in [e^(−2M), e^(2M)], so |Δp_i| ≤ p_i·(e^(2M) − 1),
/// plus its own rounding, relatively γ_n for the sum and two exponentials' and two products' worth of ulps. Log-softmax
/// y_i = z_i − lse(z): |Δy_i| ≤ 2M, plus the rounding of z − max (u·|z_i − max| ≤ u·(|y_i| + ln n)), of the sum's log
/// (a relative error δ of the sum moves its log by |ln(1 + δ)| ≤ δ/(1 − δ)), of the log itself and of the last
/// subtraction. The bound returned is e + r per output: |ours − reference| ≤ |ours − exact| + |exact − reference|.
/// </para>
/// </remarks>
internal static class ForwardBound
{
    /// <summary>The rounding allowed to one sigmoid, tanh, exp or log evaluation, in ulps of its result (twice what
    /// Kernels' own measure: ONNX Runtime's and PyTorch's are held to the same).</summary>
    public const int ActivationUlps = 8;

    /// <summary>The bound on |ours − reference| for every output of a batch (row-major, batch × NL).</summary>
    /// <param name="exact">The file's weights exactly (a double network loaded from the same file).</param>
    /// <param name="computedWeights">The weights the computation used (the network of T, widened).</param>
    /// <param name="inputs">batch × N0 inputs, exactly as both computations took them.</param>
    /// <param name="reference">The reference's outputs (used for the magnitudes of softmax and log-softmax outputs).</param>
    public static double[] Compute<T>(Network<double> exact, Network<T> computedWeights, ReadOnlySpan<double> inputs, ReadOnlySpan<double> reference)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n0 = exact.InputSize, nl = exact.OutputSize, batch = inputs.Length / n0;
        var bound = new double[batch * nl];
        for (int s = 0; s < batch; s++)
        {
            var (e, r, pre) = Layers(exact, computedWeights, inputs.Slice(s * n0, n0));
            Transform(exact.OutputTransform, e, r, pre, reference.Slice(s * nl, nl), bound.AsSpan(s * nl, nl), Unit<T>(), nl);
        }
        return bound;
    }

    private static (double[] E, double[] R, double[] Magnitude) Layers<T>(Network<double> exact, Network<T> computed, ReadOnlySpan<double> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double u = Unit<T>(), ud = Unit<double>();
        double[] m = x.ToArray().Select(Math.Abs).ToArray(), e = new double[m.Length], r = new double[m.Length];
        for (int h = 0; h < exact.Layers.Count; h++)
        {
            var w = exact.Layers[h];
            var wc = computed.Layers[h];
            int n = w.InputSize, outputs = w.OutputSize;
            double g = ErrorBounds.Gamma<T>(n + 2), gd = ErrorBounds.Gamma<double>(n + 2);
            double[] m2 = new double[outputs], e2 = new double[outputs], r2 = new double[outputs];
            for (int i = 0; i < outputs; i++)
            {
                double gauge = Math.Abs(double.CreateChecked(wc.Biases[i])), gaugeExact = Math.Abs(w.Biases[i]);
                double carried = 0, carriedRef = 0, converted = Math.Abs(w.Biases[i] - double.CreateChecked(wc.Biases[i]));
                for (int j = 0; j < n; j++)
                {
                    double wij = w.Weights[i, j], cij = double.CreateChecked(wc.Weights[i, j]);
                    gauge += Math.Abs(cij) * m[j];
                    gaugeExact += Math.Abs(wij) * m[j];
                    carried += Math.Abs(cij) * e[j];
                    carriedRef += Math.Abs(wij) * r[j];
                    converted += Math.Abs(wij - cij) * m[j];
                }
                double pre = g * gauge + carried + converted, preRef = gd * gaugeExact + carriedRef;
                double z = Math.Max(gauge * (1 + g), gaugeExact) + pre; // bounds |ẑ| and |z|
                (m2[i], e2[i], r2[i]) = w.Activation switch
                {
                    Activation.Sigmoid => (1.0, pre / 4 + Ulps(u, 1), preRef / 4 + Ulps(ud, 1)),
                    Activation.Tanh => (Math.Min(1, z), pre + Ulps(u, Math.Min(1, z)), preRef + Ulps(ud, Math.Min(1, z))),
                    _ => (z, pre, preRef),
                };
            }
            (m, e, r) = (m2, e2, r2);
        }
        return (e, r, m);
    }

    private static void Transform(OutputTransform transform, double[] e, double[] r, double[] magnitude, ReadOnlySpan<double> reference,
        Span<double> bound, double u, int n)
    {
        double ud = Unit<double>();
        switch (transform)
        {
            case OutputTransform.None:
                for (int i = 0; i < n; i++) bound[i] = e[i] + r[i];
                break;
            case OutputTransform.Softmax:
            {
                double spread = Math.Exp(2 * e.Max()) - 1, spreadRef = Math.Exp(2 * r.Max()) - 1;
                double own = Relative(u, n), ownRef = Relative(ud, n);
                double refShare = spreadRef + ownRef;
                for (int i = 0; i < n; i++)
                {
                    // p ≤ p̃ + p·refShare, so p ≤ p̃ / (1 − refShare): the exact probability from the reference's.
                    double p = Math.Min(1, Math.Abs(reference[i]) / (1 - refShare));
                    bound[i] = p * (spread + own) + p * refShare;
                }
                break;
            }
            default:
            {
                double big = e.Max(), bigRef = r.Max(), ln = Math.Log(n);
                for (int i = 0; i < n; i++)
                {
                    // |y| ≤ |ỹ| + |ỹ − y|; the reference's rounding, a few ulps of numbers below 1 + |y|, is far inside the + 1.
                    double y = Math.Abs(reference[i]) + 2 * bigRef + 1;
                    bound[i] = 2 * big + LogRounding(u, n, y, ln) + 2 * bigRef + LogRounding(ud, n, y, ln);
                }
                break;
            }
        }
    }

    // Softmax's own rounding, relative: exp (ActivationUlps), the sum (γ_n), the reciprocal and the product.
    private static double Relative(double u, int n) => 2 * ActivationUlps * u + Gamma(u, n) + 2 * u;

    private static double LogRounding(double u, int n, double y, double ln)
    {
        double shifted = u * (y + ln);                                // z − max rounded
        double sum = 2 * ActivationUlps * u + Gamma(u, n) + n * u;    // the exponentials (of already rounded inputs) and their sum
        double log = sum / (1 - sum) + 2 * ActivationUlps * u * ln;   // the log of a perturbed sum, and its own rounding
        return shifted + log + u * (y + ln);                          // the last subtraction
    }

    private static double Gamma(double u, int n) => n * u / (1 - n * u);

    private static double Ulps(double u, double magnitude) => ActivationUlps * 2 * u * magnitude + ActivationUlps * Math.ScaleB(u, -125);

    private static double Unit<T>() => ErrorBounds.UnitRoundoff<T>();

    /// <summary>The network's outputs in plain double arithmetic (Math.Tanh, Math.Exp, softmax over the row maximum).</summary>
    public static double[] Reference(Network<double> exact, ReadOnlySpan<double> inputs)
    {
        int n0 = exact.InputSize, nl = exact.OutputSize, batch = inputs.Length / n0;
        var outputs = new double[batch * nl];
        for (int s = 0; s < batch; s++)
        {
            double[] a = inputs.Slice(s * n0, n0).ToArray();
            foreach (var layer in exact.Layers)
            {
                var next = new double[layer.OutputSize];
                for (int i = 0; i < next.Length; i++)
                {
                    double z = layer.Biases[i];
                    for (int j = 0; j < a.Length; j++) z += layer.Weights[i, j] * a[j];
                    next[i] = layer.Activation switch
                    {
                        Activation.Relu => Math.Max(z, 0),
                        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
                        Activation.Tanh => Math.Tanh(z),
                        _ => z,
                    };
                }
                a = next;
            }
            if (exact.OutputTransform != OutputTransform.None)
            {
                double max = a.Max(), sum = a.Sum(v => Math.Exp(v - max));
                for (int i = 0; i < a.Length; i++)
                    a[i] = exact.OutputTransform == OutputTransform.Softmax ? Math.Exp(a[i] - max) / sum : a[i] - max - Math.Log(sum);
            }
            a.CopyTo(outputs, s * nl);
        }
        return outputs;
    }
}
