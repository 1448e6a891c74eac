using System;
using System.Collections.Generic;
using CommunityToolkit.HighPerformance;
using Kernels.Mlp;

namespace Kernels.Bench.Startup;

/// <summary>The calls whose first executions <see cref="FirstCallsCommand"/> times, each set up outside the timing.</summary>
internal static class FirstCallCases
{
    /// <summary>Name → a factory that allocates the operands and returns the call to time.</summary>
    public static IReadOnlyList<(string Name, Func<Action> Create)> All { get; } =
    [
        ("Activate tanh float n=49152", () => Unary(49_152, Activation.Tanh)),
        ("Activate sigmoid float n=3072", () => Unary(3_072, Activation.Sigmoid)),
        ("Multiply float n=20", () => Binary(20)),
        ("Multiply float n=4096", () => Binary(4_096)),
        ("Sgemm 16x16x16", () => Sgemm(16, 16, 16)),
        ("Sgemm 256x256x256", () => Sgemm(256, 256, 256)),
        ("Sgemm 32x256x784 NT (forward)", () => Sgemm(32, 256, 784, Transpose.Trans)),
        ("Dgemm 64x64x64", () => Dgemm(64)),
        ("AddBiasActivate relu 32x256", () => AddBiasActivate(32, 256)),
        ("SoftmaxRows 32x10", () => Softmax(32, 10)),
        ("RankOneUpdate 256x784", () => RankOne(256, 784)),
        ("ParameterUpdate.Adam n=200960", () => Adam(200_960)),
        ("Network.Predict [2,8,1]", () => Predict([2, 8, 1])),
        ("Network.Forward [784,256,128,10] batch 32", () => Forward([784, 256, 128, 10], 32)),
        ("Trainer.Step [784,256,128,10] batch 32", () => Step([784, 256, 128, 10], 32)),
    ];

    private static float[] Values(int n, int seed)
    {
        var v = new float[n];
        var r = new Random(seed);
        for (int i = 0; i < n; i++) v[i] = (float)(r.NextDouble() * 2 - 1);
        return v;
    }

    private static Action Unary(int n, Activation a)
    {
        float[] x = Values(n, 1), d = new float[n];
        return () => ElementWise.Activate<float>(a, x, d);
    }

    private static Action Binary(int n)
    {
        float[] x = Values(n, 1), y = Values(n, 2), d = new float[n];
        return () => ElementWise.Multiply<float>(x, y, d);
    }

    private static Action Sgemm(int m, int n, int k, Transpose transB = Transpose.NoTrans)
    {
        float[] a = Values(m * k, 1), b = Values(k * n, 2), c = new float[m * n];
        int ldb = transB == Transpose.NoTrans ? n : k;
        return () => Blas.Sgemm(Transpose.NoTrans, transB, m, n, k, 1f, a, k, b, ldb, 0f, c, n);
    }

    private static Action Dgemm(int n)
    {
        double[] a = new double[n * n], b = new double[n * n], c = new double[n * n];
        for (int i = 0; i < a.Length; i++) { a[i] = i % 7 - 3; b[i] = i % 5 - 2; }
        return () => Blas.Dgemm(Transpose.NoTrans, Transpose.NoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
    }

    private static Action AddBiasActivate(int rows, int cols)
    {
        float[] x = Values(rows * cols, 1), bias = Values(cols, 2), d = new float[rows * cols];
        return () => MatrixOps.AddBiasActivate(new ReadOnlySpan2D<float>(x, rows, cols), bias, Activation.Relu, new Span2D<float>(d, rows, cols));
    }

    private static Action Softmax(int rows, int cols)
    {
        float[] x = Values(rows * cols, 1), d = new float[rows * cols];
        return () => MatrixOps.SoftmaxRows(new ReadOnlySpan2D<float>(x, rows, cols), new Span2D<float>(d, rows, cols));
    }

    private static Action RankOne(int rows, int cols)
    {
        float[] x = Values(rows, 1), y = Values(cols, 2), a = new float[rows * cols];
        return () => MatrixOps.RankOneUpdate(0.5f, x, y, new Span2D<float>(a, rows, cols));
    }

    private static Action Adam(int n)
    {
        float[] w = Values(n, 1), g = Values(n, 2), m = new float[n], v = new float[n];
        return () => ParameterUpdate.Adam(1e-3f, 0.9f, 0.999f, 1e-8f, 1, g, m, v, w);
    }

    private static Action Predict(int[] sizes)
    {
        var net = Network(sizes);
        var ws = net.CreateWorkspace(1);
        float[] input = Values(sizes[0], 3), output = new float[sizes[^1]];
        return () => net.Predict(ws, input, output);
    }

    private static Action Forward(int[] sizes, int batch)
    {
        var net = Network(sizes);
        var ws = net.CreateWorkspace(batch);
        float[] x = Values(batch * sizes[0], 3);
        return () => net.Forward(ws, new ReadOnlySpan2D<float>(x, batch, sizes[0]));
    }

    private static Action Step(int[] sizes, int batch)
    {
        var net = Network(sizes);
        var trainer = new Trainer<float>(net, new AdamOptimizer<float>(1e-3f), Loss.SoftmaxCrossEntropy, batch);
        float[] x = Values(batch * sizes[0], 3);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % sizes[^1];
        return () => trainer.Step(new ReadOnlySpan2D<float>(x, batch, sizes[0]), labels);
    }

    private static Network<float> Network(int[] sizes)
    {
        var activations = new Activation[sizes.Length - 1];
        Array.Fill(activations, Activation.Relu);
        activations[^1] = sizes[^1] == 1 ? Activation.Sigmoid : Activation.Identity;
        return new Network<float>(sizes, activations, seed: 1);
    }
}
