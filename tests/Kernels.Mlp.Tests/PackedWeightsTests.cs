using System;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>
/// Batched inference reads each layer's weights packed once (<see cref="PackedMatrix{T}"/>): the same bits as reading
/// them as stored, repacked after every change, no allocation after the workspace exists, memory reported.
/// </summary>
public class PackedWeightsTests
{
    private static Network<float> Net() =>
        new([300, 200, 70, 6], [Activation.Relu, Activation.Tanh, Activation.Identity], seed: 5) { OutputTransform = OutputTransform.Softmax };

    private static float[] Inputs(int batch) =>
        Enumerable.Range(0, batch * 300).Select(i => MathF.Sin(i * 0.37f)).ToArray();

    [Fact]
    public void Batched_forward_passes_read_packed_weights_and_give_the_same_bits()
    {
        var net = Net();
        Assert.Equal(0, net.PackedWeightBytes);
        var ws = net.CreateWorkspace(32);
        Assert.True(net.PackedWeightBytes >= 300L * 200 * sizeof(float), $"{net.PackedWeightBytes} bytes packed");
        foreach (int batch in new[] { 1, 2, 7, 32 })
        {
            var x = new ReadOnlySpan2D<float>(Inputs(batch), batch, 300);
            Assert.Equal(Unpacked(net, x), Flat(net.Forward(ws, x)));
        }
    }

    [Fact]
    public void One_sample_at_a_time_holds_no_packed_copy()
    {
        var net = Net();
        var ws = net.CreateWorkspace(1);
        net.Forward(ws, new ReadOnlySpan2D<float>(Inputs(1), 1, 300));
        Assert.Equal(0, net.PackedWeightBytes);
    }

    [Fact]
    public void Weights_changed_by_training_loading_or_by_hand_are_packed_again_without_allocating()
    {
        var net = Net();
        var ws = net.CreateWorkspace(16);
        var x = new ReadOnlySpan2D<float>(Inputs(16), 16, 300);
        var trainer = new Trainer<float>(net, new AdamOptimizer<float>(1e-2f), Loss.SoftmaxCrossEntropy, 16);
        int[] labels = Enumerable.Range(0, 16).Select(i => i % 6).ToArray();
        trainer.Step(x, labels);
        net.Forward(ws, x); // JIT and first repack
        long bytes = net.PackedWeightBytes;

        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.Step(x, labels);
        var outputs = net.Forward(ws, x);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(bytes, net.PackedWeightBytes);
        Assert.Equal(Unpacked(net, x), Flat(outputs));

        net.Layers[0].Weights[3, 7] += 0.5f;
        Assert.Equal(Unpacked(net, x), Flat(net.Forward(ws, x)));

        var copy = Net();
        using var file = new System.IO.MemoryStream();
        net.Save(file);
        var wsCopy = copy.CreateWorkspace(16);
        copy.Forward(wsCopy, x);
        file.Position = 0;
        copy.LoadWeights(file);
        Assert.Equal(Flat(net.Forward(ws, x)), Flat(copy.Forward(wsCopy, x)));
    }

    [Fact]
    public void A_forced_path_reads_the_weights_as_stored_with_the_same_bits()
    {
        var net = Net();
        var ws = net.CreateWorkspace(8);
        var x = new ReadOnlySpan2D<float>(Inputs(8), 8, 300);
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
                Assert.Equal(Unpacked(net, x), Flat(net.Forward(ws, x)));
    }

    private static float[] Flat(ReadOnlySpan2D<float> v)
    {
        var flat = new float[v.Height * v.Width];
        v.CopyTo(flat);
        return flat;
    }

    private static float[] Unpacked(Network<float> net, ReadOnlySpan2D<float> x)
    {
        var ws = net.CreateWorkspace(x.Height, forInference: false);
        net.ForwardUnchecked(ws, x, packed: false);
        net.ApplyOutputTransform(ws, x.Height);
        return Flat(net.Activations(ws, net.Layers.Count - 1));
    }
}
