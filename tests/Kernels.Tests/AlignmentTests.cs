using System;
using System.Numerics;
using System.Runtime.InteropServices;
using Kernels.Testing.Reference;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

/// <summary>
/// The element-wise loops start their main loop at the destination's first vector-aligned element and cover what lies
/// before it (and after the last whole vector) with overlapping vectors only when something does: every length of the
/// sweep at every start offset within a 32-byte vector, separate and in place, on every path, against the reference.
/// </summary>
public class AlignmentTests
{
    [Fact]
    public void Float_kernels_match_the_reference_at_every_destination_offset() => Run<float>();

    [Fact]
    public void Double_kernels_match_the_reference_at_every_destination_offset() => Run<double>();

    private static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A pinned buffer aligned to 64 bytes, so that each offset really is a given position within a vector.
        int lanes = 32 / Marshal.SizeOf<T>();
        T[] buffer = GC.AllocateArray<T>(Sweep.MaxTail + 64 + 3 * lanes, pinned: true);
        int skew = (int)((64 - (nuint)Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0) % 64) % 64) / Marshal.SizeOf<T>();
        foreach (int n in Sweep.ShortLengths)
        {
            var (x, y) = VectorCases.Inputs<T>(n, 91);
            var product = new T[n];
            ElementWiseReference.Multiply<T>(x, y, product);
            var sigmoid = new T[n];
            ElementWiseReference.Activate<T>(Activation.Sigmoid, x, sigmoid);
            foreach (IsaPath p in Isa.SupportedPaths)
                for (int offset = 0; offset < lanes; offset++)
                {
                    string context = $"{typeof(T).Name} n={n} offset {offset} {p}";
                    Span<T> d = buffer.AsSpan(skew + offset, n);
                    using (Isa.Force(p))
                        ElementWise.Multiply<T>(x, y, d);
                    Compare.Exact<T>(product, d).ThrowIfFailed($"Multiply {context}");

                    y.CopyTo(d);
                    using (Isa.Force(p))
                        ElementWise.Multiply<T>(x, d, d);
                    Compare.Exact<T>(product, d).ThrowIfFailed($"Multiply in place {context}");

                    x.CopyTo(d);
                    using (Isa.Force(p))
                        ElementWise.Activate<T>(Activation.Sigmoid, d, d);
                    Compare.WithinUlps<T>(sigmoid, d, VectorCases.TranscendentalUlps).ThrowIfFailed($"Sigmoid in place {context}");
                }
        }
    }
}
