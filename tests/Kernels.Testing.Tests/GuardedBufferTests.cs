using System;
using System.Runtime.CompilerServices;
using Xunit;

namespace Kernels.Testing.Tests;

// None of these touches a guard page: a fault would kill the whole test process. They check the placement arithmetic
// that makes a stray access fault, and that every element inside the span is usable.
public class GuardedBufferTests
{
    private static readonly nuint Page = (nuint)Environment.SystemPageSize;

    private struct Triple
    {
        public float X, Y, Z;
    }

    public static TheoryData<int, GuardPlacement> Cases()
    {
        var data = new TheoryData<int, GuardPlacement>();
        int pageFloats = Environment.SystemPageSize / sizeof(float);
        foreach (int n in new[] { 0, 1, 3, 17, pageFloats - 1, pageFloats, pageFloats + 1, 3 * pageFloats + 5 })
            foreach (GuardPlacement p in Enum.GetValues<GuardPlacement>())
                data.Add(n, p);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public unsafe void The_span_has_the_length_asked_for_and_touches_the_guard_on_the_chosen_side(int length, GuardPlacement placement)
    {
        Assert.SkipUnless(GuardedBuffer<float>.IsSupported, "guard pages need Linux or macOS");
        using var g = new GuardedBuffer<float>(length, placement);
        Span<float> s = g.Span;
        Assert.Equal(length, s.Length);
        Assert.Equal(length, g.Length);
        Assert.Equal(placement, g.Placement);

        nuint start = (nuint)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(s));
        nuint end = start + (nuint)length * sizeof(float);
        Assert.Equal(0u, (placement == GuardPlacement.After ? end : start) % Page);

        foreach (float x in s) Assert.Equal(0f, x);             // starts zeroed
        for (int i = 0; i < s.Length; i++) s[i] = i + 0.5f;      // the first and the last element are writable
        for (int i = 0; i < s.Length; i++) Assert.Equal(i + 0.5f, g.Span[i]);
    }

    [Fact]
    public unsafe void Elements_larger_than_a_float_end_flush_against_the_guard_too()
    {
        Assert.SkipUnless(GuardedBuffer<Triple>.IsSupported, "guard pages need Linux or macOS");
        using var g = new GuardedBuffer<Triple>(7);
        Span<Triple> s = g.Span;
        s[^1] = new Triple { X = 1, Y = 2, Z = 3 };
        nuint end = (nuint)Unsafe.AsPointer(ref s[^1]) + (nuint)sizeof(Triple);
        Assert.Equal(0u, end % Page);
        Assert.Equal(3f, g.Span[6].Z);
    }

    [Fact]
    public void Dispose_twice_is_harmless_and_the_span_is_refused_afterwards()
    {
        Assert.SkipUnless(GuardedBuffer<double>.IsSupported, "guard pages need Linux or macOS");
        var g = new GuardedBuffer<double>(10, GuardPlacement.Before);
        g.Span[9] = 1;
        g.Dispose();
        g.Dispose();
        Assert.Throws<ObjectDisposedException>(() => g.Span.Length);
    }

    [Fact]
    public void Bad_arguments_are_refused_before_anything_is_mapped()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuardedBuffer<float>(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuardedBuffer<float>(1, (GuardPlacement)7));
    }

    [Fact]
    public void Is_supported_exactly_on_linux_and_macos()
    {
        Assert.Equal(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), GuardedBuffer<float>.IsSupported);
        if (!GuardedBuffer<float>.IsSupported)
            Assert.Throws<PlatformNotSupportedException>(() => new GuardedBuffer<float>(1));
    }
}
