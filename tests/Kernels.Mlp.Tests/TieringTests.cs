using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using CommunityToolkit.HighPerformance;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>
/// Under the runtime's default tiered compilation, no kernel or network method runs unoptimized (tier-0) code, not even
/// on its first call: a child process calls every public kernel and the network's hot methods with the JIT's own log
/// on, and the log must show every Kernels method that does work compiled fully optimized.
/// </summary>
public class TieringTests
{
    private const string ChildVariable = "KERNELS_TEST_TIERING_CHILD";

    // Cold or trivial code that may start at tier 0: start-up detection, constructors, property accessors, throw helpers.
    private static readonly Regex Allowed = new(
        @"^Kernels\.(Isa|IsaScope|Platform\.|GemmExplanation|Mlp\.HyperParameter|Shared\.|Mlp\.Initialization|Mlp\.Workspace)|GemmTuning:Derive|:(\.c?ctor|get_|set_|Throw|<|Initialize|CreateWorkspace|Bind|AllocateState)",
        RegexOptions.CultureInvariant);

    [Fact]
    public async Task No_kernel_runs_tier0_code_even_on_its_first_call()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("QEMU_LD_PREFIX") is not null, "runs no child processes under qemu user-mode emulation");
        Assert.SkipWhen(Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") is not null, "the test is about the default tiered compilation");
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(TieringTests).Assembly.Location);
        }
        foreach (string arg in new[] { "-method", $"{typeof(TieringTests).FullName}.{nameof(Calls_in_a_child_process)}", "-noLogo", "-noColor" })
            start.ArgumentList.Add(arg);
        start.Environment[ChildVariable] = "1";
        // The JIT's summary goes to stdout: DOTNET_JitStdOutFile crashed the runtime at exit now and then.
        start.Environment["DOTNET_JitDisasmSummary"] = "1";
        string[] lines;
        using (var child = Process.Start(start)!)
        {
            var ct = TestContext.Current.CancellationToken;
            var errors = child.StandardError.ReadToEndAsync(ct);
            string output = await child.StandardOutput.ReadToEndAsync(ct);
            await child.WaitForExitAsync(ct);
            Assert.True(child.ExitCode == 0, $"the child failed ({child.ExitCode}): {output}{await errors}");
            lines = output.Split('\n');
        }
        var compiled = lines.Where(l => l.Contains("JIT compiled Kernels.", StringComparison.Ordinal)).ToList();
        Assert.True(compiled.Count > 50, $"the JIT log has {compiled.Count} Kernels methods: does this runtime honour DOTNET_JitDisasmSummary?");
        var tier0 = compiled
            .Where(l => l.Contains("Tier0", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("JIT compiled ", StringComparison.Ordinal) + "JIT compiled ".Length)..])
            .Where(m => !m.StartsWith("Kernels.Mlp.Tests", StringComparison.Ordinal) && !m.StartsWith("Kernels.Testing", StringComparison.Ordinal) && !Allowed.IsMatch(m))
            .ToList();
        Assert.True(tier0.Count == 0, "Kernels methods compiled at tier 0 (mark them MethodImplOptions.AggressiveOptimization):\n" + string.Join("\n", tier0));
    }

    [Fact]
    public void Calls_in_a_child_process()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable(ChildVariable) is null, $"the child process of the tiering test (runs only with {ChildVariable} set)");
        for (int i = 0; i < 3; i++)
        {
            Kernels<float>();
            Kernels<double>();
            Network();
        }
    }

    private static void Kernels<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (int n in new[] { 3, 20, 4096, 70_000 })
        {
            T[] x = Values<T>(n, 1), y = Values<T>(n, 2), d = new T[n];
            foreach (var a in Enum.GetValues<Activation>())
            {
                ElementWise.Activate<T>(a, x, d);
                ElementWise.MultiplyByActivationDerivative<T>(a, x, y, d);
            }
            ElementWise.Multiply<T>(x, y, d);
            ElementWise.Add<T>(x, y, d);
            ElementWise.Scale(T.CreateTruncating(0.5), x, d);
            ElementWise.Axpy(T.CreateTruncating(0.5), x, d);
            T[] m = new T[n], v = new T[n];
            ParameterUpdate.Sgd(T.CreateTruncating(0.1), x, d);
            ParameterUpdate.Momentum(T.CreateTruncating(0.1), T.CreateTruncating(0.9), x, m, d);
            ParameterUpdate.Adam(T.CreateTruncating(1e-3), T.CreateTruncating(0.9), T.CreateTruncating(0.999), T.CreateTruncating(1e-8), 1, x, m, v, d);
        }
        foreach (var (rows, cols) in new[] { (1, 10), (4, 4), (32, 256), (300, 70) })
        {
            T[] x = Values<T>(rows * cols, 3), bias = Values<T>(cols, 4), d = new T[rows * cols], rowSums = new T[rows], colSums = new T[cols];
            var xv = new ReadOnlySpan2D<T>(x, rows, cols);
            var dv = new Span2D<T>(d, rows, cols);
            MatrixOps.AddBias(xv, bias, dv);
            foreach (var a in Enum.GetValues<Activation>())
                MatrixOps.AddBiasActivate(xv, bias, a, dv);
            MatrixOps.SoftmaxRows(xv, dv);
            MatrixOps.SumRows(xv, rowSums);
            MatrixOps.SumColumns(xv, colSums);
            MatrixOps.RankOneUpdate(T.One, Values<T>(rows, 5), Values<T>(cols, 6), dv);
            T[] w = Values<T>(cols * cols, 7), o = new T[cols];
            MatrixOps.AffineActivate(new ReadOnlySpan2D<T>(w, cols, cols), Values<T>(cols, 8), bias, Activation.Relu, o);
        }
        foreach (var (m, n, k) in new[] { (2, 2, 2), (16, 16, 16), (1, 300, 64), (300, 1, 64), (5, 7, 300), (96, 130, 70), (260, 260, 260) })
            foreach (var ta in new[] { Transpose.NoTrans, Transpose.Trans })
                foreach (var tb in new[] { Transpose.NoTrans, Transpose.Trans })
                {
                    var a = ta == Transpose.NoTrans ? new ReadOnlySpan2D<T>(Values<T>(m * k, 9), m, k) : new ReadOnlySpan2D<T>(Values<T>(m * k, 9), k, m);
                    var b = tb == Transpose.NoTrans ? new ReadOnlySpan2D<T>(Values<T>(k * n, 10), k, n) : new ReadOnlySpan2D<T>(Values<T>(k * n, 10), n, k);
                    Gemm.Multiply(T.One, a, b, T.Zero, new Span2D<T>(new T[m * n], m, n), ta, tb);
                }
        T[] big = Values<T>(600 * 600, 11), out600 = new T[600 * 600];
        Gemm.Multiply(T.One, new ReadOnlySpan2D<T>(big, 600, 600), new ReadOnlySpan2D<T>(big, 600, 600), T.Zero, new Span2D<T>(out600, 600, 600), maxDegreeOfParallelism: 2);
    }

    private static void Network()
    {
        foreach (int[] sizes in new[] { new[] { 2, 8, 1 }, new[] { 64, 32, 10 } })
        {
            var acts = sizes.Length == 3 && sizes[^1] == 1 ? new[] { Activation.Tanh, Activation.Sigmoid } : new[] { Activation.Relu, Activation.Identity };
            var net = new Network<float>(sizes, acts, seed: 1);
            var ws = net.CreateWorkspace(16);
            float[] x = Values<float>(16 * sizes[0], 12), output = new float[sizes[^1]];
            net.Forward(ws, new ReadOnlySpan2D<float>(x, 16, sizes[0]));
            net.Predict(ws, x.AsSpan(0, sizes[0]), output);
            foreach (Optimizer<float> opt in new Optimizer<float>[] { new SgdOptimizer<float>(0.01f), new MomentumOptimizer<float>(0.01f, 0.9f), new AdamOptimizer<float>(1e-3f) })
            {
                var loss = sizes[^1] == 1 ? Loss.MeanSquaredError : Loss.SoftmaxCrossEntropy;
                var trainer = new Trainer<float>(net, opt, loss, 16);
                if (loss == Loss.MeanSquaredError)
                    trainer.Step(new ReadOnlySpan2D<float>(x, 16, sizes[0]), new ReadOnlySpan2D<float>(new float[16], 16, 1));
                else
                    trainer.Step(new ReadOnlySpan2D<float>(x, 16, sizes[0]), Enumerable.Range(0, 16).Select(i => i % sizes[^1]).ToArray());
            }
        }
    }

    private static T[] Values<T>(int n, int seed) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => T.CreateTruncating(r.NextDouble() * 2 - 1)).ToArray();
    }
}
