using System;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Kernels;
using Kernels.AotSample;
using Kernels.Mlp;

// Prints the path the kernels take, a hash of the results of a few kernels (so a JIT run and a Native AOT run of this app
// can be compared line by line: the lines starting with "hash" must be equal on the same path) and two timings.
Console.WriteLine($"isa: {Isa.Tag}");
Console.WriteLine($"description: {Isa.Description}");
Console.WriteLine($"compiled: {(Isa.IsAheadOfTimeCompiled ? "ahead of time (Native AOT)" : "just in time")}");
var shortfall = Isa.UnusedInstructionSets;
Console.WriteLine(shortfall.Count == 0 || !Isa.IsAheadOfTimeCompiled
    ? "baseline: covers what the kernels can use on this CPU"
    : $"baseline: BELOW this CPU: it has {string.Join(" and ", shortfall)}, the code was compiled without it; " +
      "publish with -p:IlcInstructionSet=x86-64-v3 (AVX2+FMA) or x86-64-v4 (AVX-512)");

const int n = 256;
float[] a = Values(n * n, 1), b = Values(n * n, 2), c = new float[n * n];
Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, n, n, n, 1f, a, n, b, n, 0f, c, n);
Console.WriteLine($"hash sgemm {n}x{n}x{n}: {Hash(c)}");

float[] z = Values(49_152, 3), sigmoid = new float[z.Length];
for (int i = 0; i < z.Length; i++) z[i] *= 8; // beyond the linear range, into both tails
ElementWise.Activate<float>(Activation.Sigmoid, z, sigmoid);
Console.WriteLine($"hash sigmoid n={z.Length}: {Hash(sigmoid)}");

const int batch = 128;
var net = new Network<float>([784, 256, 128, 10], [Activation.Relu, Activation.Relu, Activation.Identity], seed: 1)
{
    OutputTransform = OutputTransform.Softmax,
};
float[] pixels = Values(batch * 784, 4);
var inputs = new ReadOnlySpan2D<float>(pixels, batch, 784);
var workspace = net.CreateWorkspace(batch);
Console.WriteLine($"hash mlp forward batch {batch}: {Hash(Flatten(net.Forward(workspace, inputs)))}");

int[] labels = new int[batch];
for (int i = 0; i < batch; i++) labels[i] = i * 7 % 10;
var trainer = new Trainer<float>(net, new AdamOptimizer<float>(1e-3f), Loss.SoftmaxCrossEntropy, batch);
for (int step = 0; step < 3; step++) trainer.Step(inputs, labels);
Console.WriteLine($"hash mlp after 3 adam steps: {Hash(Flatten(net.Forward(workspace, inputs)))}");

TimeSpan gemm = Timing.Median(() => Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, n, n, n, 1f, a, n, b, n, 0f, c, n), 201);
TimeSpan train = Timing.Median(() => trainer.Step(new ReadOnlySpan2D<float>(pixels, batch, 784), labels), 101);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time sgemm {n}x{n}x{n}: {gemm.TotalMicroseconds:F0} µs (median)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time training step, batch {batch}: {train.TotalMilliseconds:F2} ms (median)"));

// Deterministic values in [-1, 1), the same on every runtime.
static float[] Values(int count, uint seed)
{
    var v = new float[count];
    uint s = seed * 2654435761u;
    for (int i = 0; i < count; i++)
    {
        s = s * 1664525u + 1013904223u;
        v[i] = (s >> 8) / (float)(1 << 23) - 1f;
    }
    return v;
}

static float[] Flatten(ReadOnlySpan2D<float> view)
{
    var flat = new float[view.Height * view.Width];
    view.CopyTo(flat);
    return flat;
}

static string Hash(float[] values) => Convert.ToHexStringLower(XxHash128.Hash(MemoryMarshal.AsBytes(values.AsSpan())));
