using System;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>After construction (and one warm-up call per shape), training and inference allocate nothing.</summary>
public class AllocationTests
{
    [Fact]
    public void Training_steps_and_inference_allocate_nothing()
    {
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
            {
                Check(new AdamOptimizer<float>(1e-3f));
                Check(new SgdOptimizer<float>(1e-2f));
                Check(new MomentumOptimizer<float>(1e-2f, 0.9f));
            }

        static void Check(Optimizer<float> optimizer)
        {
            var net = new Network<float>([64, 32, 16, 10], [Activation.Relu, Activation.Tanh, Activation.Identity], seed: 1);
            var trainer = new Trainer<float>(net, optimizer, Loss.SoftmaxCrossEntropy, 32);
            var ws = net.CreateWorkspace(32);
            float[,] x = Fixtures.Matrix<float>(32, 64, 2);
            int[] labels = Fixtures.Labels(32, 10, 3);
            var output = new float[10];
            var predicted = new int[32];
            int[] batches = [32, 1, 7, 16];
            float[] row0 = new float[64];
            for (int j = 0; j < 64; j++) row0[j] = x[0, j];
            void Round()
            {
                foreach (int b in batches)
                {
                    var inputs = new CommunityToolkit.HighPerformance.ReadOnlySpan2D<float>(x, 0, 0, b, 64);
                    trainer.Step(inputs, labels.AsSpan(0, b));
                    net.Forward(ws, inputs);
                    net.Classify(ws, inputs, predicted);
                }
                net.Predict(ws, row0, output);
            }
            Round(); // warm-up: per-thread GEMM packing buffers reach their size
            long[] windows = Kernels.Testing.AllocationWindows.Measure(() => { for (int i = 0; i < 20; i++) Round(); });
            Assert.True(windows[^1] == 0, $"{optimizer.GetType().Name} on {Isa.Current}: bytes allocated in each window of 20 rounds of training and inference: {string.Join(", ", windows)}");
        }
    }

    [Fact]
    public void The_first_step_and_the_first_inference_after_construction_allocate_nothing()
    {
        // Construction sizes this thread's GEMM packing buffers for the largest batch; smaller batches reuse them.
        var net = new Network<float>([100, 90, 70, 6], [Activation.Relu, Activation.Sigmoid, Activation.Identity], seed: 4);
        float[,] x = Fixtures.Matrix<float>(20, 100, 5);
        int[] labels = Fixtures.Labels(20, 6, 6);
        var trainer = new Trainer<float>(net, new SgdOptimizer<float>(0.01f), Loss.SoftmaxCrossEntropy, 20);
        var ws = net.CreateWorkspace(20);
        var inputs = new CommunityToolkit.HighPerformance.ReadOnlySpan2D<float>(x, 0, 0, 13, 100);
        trainer.Step(inputs, labels.AsSpan(0, 13)); // JIT-compile this thread's path once (code, not buffers)
        net.Forward(ws, inputs);
        // A new thread has no packing buffers yet: constructing there must size them, so its first step allocates nothing.
        long allocated = -1;
        var thread = new System.Threading.Thread(() =>
        {
            var fresh = new Network<float>([100, 90, 70, 6], [Activation.Relu, Activation.Sigmoid, Activation.Identity], seed: 4);
            var freshTrainer = new Trainer<float>(fresh, new SgdOptimizer<float>(0.01f), Loss.SoftmaxCrossEntropy, 20);
            var freshWs = fresh.CreateWorkspace(20);
            long before = GC.GetAllocatedBytesForCurrentThread();
            freshTrainer.Step(new CommunityToolkit.HighPerformance.ReadOnlySpan2D<float>(x, 0, 0, 20, 100), labels);
            fresh.Forward(freshWs, new CommunityToolkit.HighPerformance.ReadOnlySpan2D<float>(x, 0, 0, 13, 100));
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        thread.Start();
        thread.Join();
        Assert.Equal(0, allocated);
    }
}
