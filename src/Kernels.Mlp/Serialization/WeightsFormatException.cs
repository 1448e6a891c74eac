using System;

namespace Kernels.Mlp;

/// <summary>A weights file is corrupt, truncated, of another version or element type, or does not fit the network.</summary>
public sealed class WeightsFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeightsFormatException() { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the file.</param>
    public WeightsFormatException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the file.</param>
    /// <param name="inner">The underlying error.</param>
    public WeightsFormatException(string message, Exception inner) : base(message, inner) { }
}
