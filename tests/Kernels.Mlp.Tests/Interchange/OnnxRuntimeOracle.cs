using System;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// ONNX Runtime as an independent implementation: one intra-op thread, every graph optimisation, float32 in and out.
/// Where its native library cannot load (it ships for x64 and arm64, but an emulator may refuse it) the tests that need
/// it skip with the loader's message; on x64 a load failure fails them.
/// </summary>
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
