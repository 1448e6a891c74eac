using System;
using System.Linq;
using System.Threading;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>Inference on shared weights from several threads, each with its own workspace, equals single-threaded results bit for bit.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void Threads_predicting_on_one_network_match_single_threaded_outputs_bitwise()
    {
        var net = new Network<float>([100, 64, 32, 10], [Activation.Relu, Activation.Sigmoid, Activation.Identity], seed: 5);
        float[,] x = Fixtures.Matrix<float>(24, 100, 6);
        int[] batches = [1, 5, 24, 13];
        float[][] expected = batches.Select(b => net.Forward(net.CreateWorkspace(24), new CommunityToolkit.HighPerformance.ReadOnlySpan2D<float>(x, 0, 0, b, 100)).ToArray().Cast<float>().ToArray()).ToArray();

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var ws = net.CreateWorkspace(24);
            start.SignalAndWait();
            for (int round = 0; round < 50; round++)
                for (int i = 0; i < batches.Length; i++)
                {
                    int k = (i + t) % batches.Length;
                    var outputs = net.Forward(ws, new CommunityToolkit.HighPerformance.ReadOnlySpan2D<float>(x, 0, 0, batches[k], 100));
                    var r = Compare.Exact<float>(expected[k], outputs.ToArray().Cast<float>().ToArray());
                    if (!r.Passed) failures.Enqueue($"thread {t} round {round} batch {batches[k]}: {r}");
                }
        })).ToList();
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());
        Assert.Empty(failures);
    }
}
