using System;
using System.Collections.Generic;
using System.Linq;

namespace Kernels.Mlp.Tests;

/// <summary>
/// A first-order bound on the rounding error of computed gradients (Wilkinson-style running bound): the same network run
/// on magnitudes — |W|, |b|, |x|, each activation replaced by a bound on its absolute value and each derivative by its
/// maximum — gives for every gradient element a gauge G that dominates every term summed into it. Each computed gradient
/// is then within γ_K·G of the exact one, with K counting the rounded operations along the longest dependency chain:
/// K = 4^L·(Σ_h (N_(h−1) + 2) + B + 8) for L layers (the 4^L covers the slope of σ' — at most 2 — and of σ applied to
/// already perturbed inputs, per layer; the 8 covers the transcendental functions, each within a few ulps).
/// </summary>
internal static class GradientGauge
{
    public static (double[] Gauge, int K) Compute(int[] sizes, Activation[] activations, double[][] weights, double[][] biases,
        double[][] inputs, double[][]? targets, Loss loss)
    {
        int layers = activations.Length, batch = inputs.Length;
        var gW = weights.Select(w => new double[w.Length]).ToArray();
        var gB = biases.Select(b => new double[b.Length]).ToArray();
        foreach (var (x, s) in inputs.Select((x, s) => (x, s)))
        {
            var a = new double[layers + 1][];
            a[0] = x.Select(Math.Abs).ToArray();
            for (int h = 0; h < layers; h++)
            {
                int nIn = sizes[h], nOut = sizes[h + 1];
                a[h + 1] = new double[nOut];
                for (int i = 0; i < nOut; i++)
                {
                    double z = Math.Abs(biases[h][i]);
                    for (int j = 0; j < nIn; j++) z += Math.Abs(weights[h][i * nIn + j]) * a[h][j];
                    a[h + 1][i] = activations[h] switch { Activation.Sigmoid => 1, Activation.Tanh => Math.Min(1, z), _ => z };
                }
            }
            // δ at the output, as a magnitude.
            int nL = sizes[^1];
            var d = new double[nL];
            for (int i = 0; i < nL; i++)
                d[i] = loss switch
                {
                    Loss.SoftmaxCrossEntropy => 2.0 / batch,
                    Loss.BinaryCrossEntropy => (a[layers][i] + Math.Abs(targets![s][i])) / batch,
                    _ => (a[layers][i] + Math.Abs(targets![s][i])) / batch * MaxSlope(activations[^1]),
                };
            for (int h = layers - 1; h >= 0; h--)
            {
                int nIn = sizes[h], nOut = sizes[h + 1];
                for (int i = 0; i < nOut; i++)
                {
                    gB[h][i] += d[i];
                    for (int j = 0; j < nIn; j++) gW[h][i * nIn + j] += d[i] * a[h][j];
                }
                if (h == 0) break;
                var up = new double[nIn];
                for (int j = 0; j < nIn; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < nOut; i++) sum += Math.Abs(weights[h][i * nIn + j]) * d[i];
                    up[j] = sum * MaxSlope(activations[h - 1]);
                }
                d = up;
            }
        }
        var gauge = new List<double>();
        for (int h = 0; h < layers; h++) { gauge.AddRange(gW[h]); gauge.AddRange(gB[h]); }
        int chain = 8 + batch;
        for (int h = 0; h < layers; h++) chain += sizes[h] + 2;
        return (gauge.ToArray(), (int)Math.Min(int.MaxValue / 2, Math.Pow(4, layers) * chain));
    }

    private static double MaxSlope(Activation a) => a == Activation.Sigmoid ? 0.25 : 1;

    public static (double[][] Weights, double[][] Biases) Parameters<T>(Network<T> net) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        (net.Layers.Select(l => l.W.Select(v => double.CreateChecked(v)).ToArray()).ToArray(),
         net.Layers.Select(l => l.B.Select(v => double.CreateChecked(v)).ToArray()).ToArray());
}
