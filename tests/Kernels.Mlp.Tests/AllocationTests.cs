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
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++) Round();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{optimizer.GetType().Name} on {Isa.Current}: {allocated} bytes allocated in 20 rounds of training and inference");
        }
    }
}
