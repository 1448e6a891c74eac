using System;
using System.IO;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// <see cref="Network{T}.OutputTransform"/>: applied by Forward and Predict, not by Classify or the trainer, kept by the
/// weights file (version 2 only when set; version 1 files stay byte for byte), and still allocation-free.
/// </summary>
public class OutputTransformTests
{
    private static Network<float> Make(OutputTransform transform) =>
        TestNetworks.Make("6-9-5:Tanh,Identity", transform);

    private static byte[] Saved(Network<float> n)
    {
        using var ms = new MemoryStream();
        n.Save(ms);
        return ms.ToArray();
    }

    [Fact]
    public void Softmax_is_MatrixOps_SoftmaxRows_of_the_plain_outputs_in_Forward_and_Predict()
    {
        var plain = Make(OutputTransform.None);
        var soft = Make(OutputTransform.Softmax);
        float[,] x = Fixtures.Matrix<float>(4, 6, 3, -2, 2);
        var expected = new float[4, 5];
        plain.Forward(plain.CreateWorkspace(4), x).CopyTo(expected.AsSpan2D());
        MatrixOps.SoftmaxRows<float>(expected, expected);

        var ws = soft.CreateWorkspace(4);
        var actual = soft.Forward(ws, x).ToArray();
        Compare.Exact<float>(expected.AsSpan().ToArray(), actual.AsSpan().ToArray()).ThrowIfFailed("Forward");
        // Predict runs the matrix–vector path, whose logits may differ from a batch's GEMM in the last bits: its own.
        float[] y = new float[5], logits = new float[5];
        var plainWs = plain.CreateWorkspace(1);
        for (int s = 0; s < 4; s++)
        {
            plain.Predict(plainWs, Fixtures.Rows(x)[s], logits);
            MatrixOps.SoftmaxRows<float>(new ReadOnlySpan2D<float>(logits, 1, 5), new Span2D<float>(logits, 1, 5));
            soft.Predict(ws, Fixtures.Rows(x)[s], y);
            Compare.Exact<float>(logits, y).ThrowIfFailed($"Predict {s}");
            Assert.Equal(1.0, y.Sum(v => (double)v), 5);
        }
    }

    [Fact]
    public void LogSoftmax_is_within_its_bound_of_the_exact_log_probabilities_and_extreme_logits_stay_finite()
    {
        var net = Make(OutputTransform.LogSoftmax);
        var exact = TestNetworks.Exact(net);
        float[] x = TestData.Uniform<float>(3 * 6, 5, -3, 3);
        double[] xd = [.. x.Select(v => (double)v)];
        double[] reference = ForwardBound.Reference(exact, xd);
        double[] bound = ForwardBound.Compute(exact, net, xd, reference);
        var outputs = net.Forward(net.CreateWorkspace(3), new ReadOnlySpan2D<float>(x, 3, 6));
        Compare.WithinBound<double>(reference, TestNetworks.Flatten(outputs), bound, "ForwardBound").ThrowIfFailed("log-softmax");

        // Logits far apart: log-probabilities of −1000 and 0, not −∞ or NaN (no probability is rounded before its log).
        var wide = new Network<float>([1, 2], [Activation.Identity]) { OutputTransform = OutputTransform.LogSoftmax };
        wide.Layers[0].Weights[0, 0] = 1000; wide.Layers[0].Weights[1, 0] = 0;
        var y = new float[2];
        wide.Predict(wide.CreateWorkspace(1), [1f], y);
        Assert.Equal([0f, -1000f], y);
    }

    [Fact]
    public void Classify_and_the_trainer_do_not_see_it()
    {
        float[,] x = Fixtures.Matrix<float>(8, 6, 4, -2, 2);
        int[] labels = Fixtures.Labels(8, 5, 5);
        var plain = Make(OutputTransform.None);
        var soft = Make(OutputTransform.LogSoftmax);
        int[] a = new int[8], b = new int[8];
        plain.Classify(plain.CreateWorkspace(8), x, a);
        soft.Classify(soft.CreateWorkspace(8), x, b);
        Assert.Equal(a, b);

        var t1 = new Trainer<float>(plain, new SgdOptimizer<float>(0.1f), Loss.SoftmaxCrossEntropy, 8);
        var t2 = new Trainer<float>(soft, new SgdOptimizer<float>(0.1f), Loss.SoftmaxCrossEntropy, 8);
        Assert.Equal(t1.ComputeGradients(x, labels), t2.ComputeGradients(x, labels));
        Assert.Equal(Fixtures.Gradients(t1), Fixtures.Gradients(t2));
    }

    [Fact]
    public void The_setter_takes_only_defined_values()
    {
        var net = Make(OutputTransform.None);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.OutputTransform = (OutputTransform)3);
        Assert.Equal(OutputTransform.None, net.OutputTransform);
    }

    [Theory]
    [InlineData(OutputTransform.Softmax)]
    [InlineData(OutputTransform.LogSoftmax)]
    public void Forward_and_Predict_allocate_nothing_with_a_transform(OutputTransform transform)
    {
        var net = TestNetworks.Make("784-256-128-10:Relu,Relu,Identity", transform);
        var ws = net.CreateWorkspace(16);
        float[,] x = Fixtures.Matrix<float>(16, 784, 6, 0, 1);
        float[] row = Fixtures.Rows(x)[0], y = new float[10];
        void Round()
        {
            net.Predict(ws, row, y);
            net.Forward(ws, x);
            net.Forward(ws, new ReadOnlySpan2D<float>(x, 0, 0, 3, 784));
        }
        Round();
        long[] windows = AllocationWindows.Measure(() => { for (int i = 0; i < 20; i++) Round(); });
        Assert.True(windows[^1] == 0, $"{transform}: bytes allocated per window of 20 rounds: {string.Join(", ", windows)}");
    }

    // --- the weights file ------------------------------------------------------------------------------------------

    [Fact]
    public void Without_a_transform_the_weights_file_is_version_1_as_before()
    {
        byte[] file = Saved(Make(OutputTransform.None));
        Assert.Equal(1, file[4]);
        Assert.Equal(0, file[5]);
        Assert.Equal(0, file[7]);
    }

    [Theory]
    [InlineData(OutputTransform.Softmax, 1)]
    [InlineData(OutputTransform.LogSoftmax, 2)]
    public void With_a_transform_the_weights_file_is_version_2_and_round_trips(OutputTransform transform, byte code)
    {
        var net = Make(transform);
        byte[] file = Saved(net);
        byte[] plain = Saved(Make(OutputTransform.None));
        Assert.Equal(2, file[4]);
        Assert.Equal(code, file[7]);
        // Only the version, the code and the checksum differ from the version-1 file of the same weights.
        Assert.Equal(plain.Length, file.Length);
        Assert.Equal(plain[8..^4], file[8..^4]);

        var loaded = Network<float>.Load(new MemoryStream(file));
        Assert.Equal(transform, loaded.OutputTransform);
        Assert.Equal(file, Saved(loaded));
        var target = Make(OutputTransform.None);
        target.LoadWeights(new MemoryStream(file));
        Assert.Equal(transform, target.OutputTransform);
        target.LoadWeights(new MemoryStream(plain));
        Assert.Equal(OutputTransform.None, target.OutputTransform);
    }

    [Theory]
    [InlineData(0, "code 0")]
    [InlineData(3, "code 3")]
    public void A_version_2_file_with_an_invalid_transform_code_is_rejected(byte code, string fragment)
    {
        byte[] file = Saved(Make(OutputTransform.Softmax));
        file[7] = code;
        BinaryPrimitivesCrc(file);
        var e = Assert.Throws<WeightsFormatException>(() => Network<float>.Load(new MemoryStream(file)));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_2_file_truncated_anywhere_is_rejected()
    {
        byte[] file = Saved(Make(OutputTransform.LogSoftmax));
        for (int n = 0; n < file.Length; n++)
            Assert.Throws<WeightsFormatException>(() => Network<float>.Load(new MemoryStream(file[..n])));
    }

    private static void BinaryPrimitivesCrc(byte[] file)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in file.AsSpan(0, file.Length - 4))
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320 & (0u - (crc & 1)));
        }
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), ~crc);
    }
}
