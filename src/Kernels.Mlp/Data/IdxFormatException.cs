using System;

namespace Kernels.Mlp.Data;

/// <summary>
/// An IDX file is not what it claims to be: wrong magic number, impossible dimensions, truncated, longer than its
/// header says, corrupt gzip data, a label out of range, or images and labels that do not pair up. The message names
/// the file and the problem.
/// </summary>
public sealed class IdxFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IdxFormatException() { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public IdxFormatException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public IdxFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for one file; the message is "IDX file '<paramref name="fileName"/>': <paramref name="problem"/>".</summary>
    /// <param name="fileName">The file (or stream description) at fault.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public IdxFormatException(string fileName, string problem, Exception? innerException)
        : base($"IDX file '{fileName}': {problem}", innerException)
    {
        FileName = fileName;
    }

    /// <summary>The file (or stream description) at fault, when one file is.</summary>
    public string? FileName { get; }
}
