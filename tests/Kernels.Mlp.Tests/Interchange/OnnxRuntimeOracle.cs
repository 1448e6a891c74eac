using System;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// ONNX Runtime as an independent implementation: one intra-op thread, every graph optimisation, float32 in and out.
/// Where its native library cannot load the tests that need it skip with the reason; on x64 a load failure fails them.
/// </summary>
/// <remarks>
/// One such place is known and is recognised before loading, because there the library does not throw but kills the
/// process: an arm64 process under qemu user-mode emulation on an x86 host, where /proc/cpuinfo is the host's. ONNX
/// Runtime's CPU detection parses it at load and crashes (SIGSEGV; checked with ONNX Runtime 1.32 under
/// qemu-aarch64-static: with an arm64 /proc/cpuinfo bound over it, the same binary loads and these tests pass).
/// </remarks>
internal static class OnnxRuntimeOracle
{
    private static readonly Lazy<string?> s_loadError = new(Probe);

    /// <summary>Skips the calling test when ONNX Runtime cannot run here (never on x64: there it fails).</summary>
    public static void RequireAvailable()
    {
        if (s_loadError.Value is not { } error) return;
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
            Assert.Fail($"ONNX Runtime's native library failed to load on x64, where it must: {error}");
        Assert.Skip($"ONNX Runtime's native library does not load on {RuntimeInformation.ProcessArchitecture} here ({error}); the oracle comparisons need it.");
    }

    public static SessionOptions Options()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        return options;
    }

    /// <summary>Runs a model (file bytes) on float32 inputs of the given shape; returns the first output.</summary>
    public static float[] Run(byte[] model, float[] inputs, long[] shape)
    {
        RequireAvailable();
        using var options = Options();
        using var session = new InferenceSession(model, options);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputNames[0]], [input], [session.OutputNames[0]]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static string? Probe()
    {
        if (EmulatedHost.Describe() is { } host)
            return $"this {RuntimeInformation.ProcessArchitecture} process sees an x86 /proc/cpuinfo ({host}): it runs under user-mode emulation, where ONNX Runtime's CPU detection crashes the process while the library loads";
        try
        {
            using var options = new SessionOptions();
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or OnnxRuntimeException)
        {
            return $"{e.GetType().Name}: {e.InnerException?.Message ?? e.Message}";
        }
    }
}
