using System;
using System.Collections.Generic;

namespace Kernels.Testing;

/// <summary>A computation that writes its result into <paramref name="destination"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="destination">Where the result goes; its length is what the caller asked for.</param>
public delegate void SpanComputation<T>(Span<T> destination);

/// <summary>The output of one run of a computation on one ISA path.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Path">The path forced for the run.</param>
/// <param name="PathSeen">The path <see cref="Isa.Current"/> reported inside the run: always <paramref name="Path"/>, since <see cref="EveryPath"/> throws when forcing did not take effect.</param>
/// <param name="Output">What the computation wrote.</param>
public sealed record PathOutput<T>(IsaPath Path, IsaPath PathSeen, T[] Output)
{
    /// <summary>The path's name, e.g. <c>Vector256</c>.</summary>
    public string Name => Path.ToString();
}

/// <summary>The outputs of a computation run once per ISA path, with the machine's ISA description.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class EveryPathResult<T>
{
    internal EveryPathResult(IReadOnlyList<PathOutput<T>> outputs)
    {
        Outputs = outputs;
        IsaDescription = Isa.Description;
    }

    /// <summary>One output per path run, in the order the paths were given (narrowest first by default).</summary>
    public IReadOnlyList<PathOutput<T>> Outputs { get; }

    /// <summary><see cref="Isa.Description"/> of the machine the runs happened on.</summary>
    public string IsaDescription { get; }

    /// <summary>The output of <paramref name="path"/>.</summary>
    /// <param name="path">A path that was run.</param>
    /// <returns>Its output.</returns>
    /// <exception cref="KeyNotFoundException"><paramref name="path"/> was not run (not supported here).</exception>
    public T[] this[IsaPath path]
    {
        get
        {
            foreach (var o in Outputs)
                if (o.Path == path) return o.Output;
            throw new KeyNotFoundException($"The {path} path was not run on this machine ({Isa.Tag}).");
        }
    }

    /// <summary>
    /// Compares every path's output with <paramref name="expected"/> using <paramref name="compare"/>
    /// (for instance <c>(e, a) =&gt; Compare.WithinUlps(e, a, 4)</c>) and throws a <see cref="ComparisonException"/>
    /// naming the first path that fails.
    /// </summary>
    /// <param name="expected">The reference output.</param>
    /// <param name="compare">The comparison to apply per path.</param>
    /// <param name="context">Words placed in front of a failure report (kernel, shape, seed...).</param>
    /// <exception cref="ComparisonException">A path's output failed the comparison.</exception>
    public void AssertAll(ReadOnlySpan<T> expected, Func<T[], T[], ComparisonResult> compare, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(compare);
        T[] e = expected.ToArray();
        foreach (var o in Outputs)
            compare(e, o.Output).ThrowIfFailed($"{context}{(context is null ? "" : ", ")}path {o.Path} on {Isa.Tag}");
    }
}

/// <summary>Runs a computation once per ISA path this machine supports, forcing each through <see cref="Isa.Force(IsaPath)"/>.</summary>
/// <remarks>
/// A forced path applies to the calling thread: the computation must call the kernels on the thread it runs on (a
/// kernel's own worker threads follow that thread's path). A computation with two outputs can write both into one
/// destination: <c>EveryPath.Run&lt;float&gt;(n1 + n2, d =&gt; MyKernel(x, d[..n1], d[n1..]))</c>.
/// </remarks>
public static class EveryPath
{
    /// <summary>
    /// Runs <paramref name="computation"/> once on each path of <see cref="Isa.SupportedPaths"/> (or of <paramref name="paths"/>,
    /// skipping unsupported ones), each time into a fresh zeroed array of <paramref name="length"/> elements, and returns the outputs.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="length">Length of the destination each run gets.</param>
    /// <param name="computation">The computation; it must write its whole result into the span it is given.</param>
    /// <param name="paths">The paths to try; null for all supported ones.</param>
    /// <returns>One output per path run.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">A forced path did not take effect inside the run.</exception>
    public static EveryPathResult<T> Run<T>(int length, SpanComputation<T> computation, IEnumerable<IsaPath>? paths = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(computation);
        return RunEach<T>(paths, output => computation(output), length);
    }

    /// <summary>
    /// Runs a computation that returns its result (a dot product, a norm, a sum...) once on each supported path (or each
    /// of <paramref name="paths"/> that is supported); each path's output is a one-element array holding what it returned,
    /// so the same comparisons apply: <c>EveryPath.Run(() =&gt; Dot(x, y)).AssertAll([expected], ...)</c>.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="computation">The computation.</param>
    /// <param name="paths">The paths to try; null for all supported ones.</param>
    /// <returns>One one-element output per path run.</returns>
    /// <exception cref="InvalidOperationException">A forced path did not take effect inside the run.</exception>
    public static EveryPathResult<T> Run<T>(Func<T> computation, IEnumerable<IsaPath>? paths = null)
    {
        ArgumentNullException.ThrowIfNull(computation);
        return RunEach<T>(paths, output => output[0] = computation(), 1);
    }

    private static EveryPathResult<T> RunEach<T>(IEnumerable<IsaPath>? paths, Action<T[]> run, int length)
    {
        var outputs = new List<PathOutput<T>>();
        foreach (IsaPath p in paths ?? Isa.SupportedPaths)
        {
            if (!Isa.IsSupported(p)) continue;
            var output = new T[length];
            IsaPath seen;
            using (Isa.Force(p))
            {
                seen = Isa.Current;
                run(output);
            }
            if (seen != p)
                throw new InvalidOperationException($"Forcing {p} did not take effect: Isa.Current was {seen}.");
            outputs.Add(new PathOutput<T>(p, seen, output));
        }
        return new EveryPathResult<T>(outputs);
    }
}
