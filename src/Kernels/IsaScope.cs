using System;

namespace Kernels;

/// <summary>
/// A scope opened by <see cref="Isa.Force(IsaPath)"/>; disposing it restores the path that was current before.
/// </summary>
public readonly struct IsaScope : IDisposable
{
    private readonly int _previousForcedPlusOne;
    private readonly int _depth;

    internal IsaScope(int previousForcedPlusOne, int depth)
    {
        _previousForcedPlusOne = previousForcedPlusOne;
        _depth = depth;
    }

    /// <summary>Restores the path that was current when the scope was opened.</summary>
    /// <exception cref="InvalidOperationException">An inner scope is still open, or the scope belongs to another thread.</exception>
    public void Dispose() => Isa.EndScope(_previousForcedPlusOne, _depth);
}
