using System;
using CommunityToolkit.HighPerformance;
using Xunit;

namespace Kernels.Tests;

/// <summary>Bad arguments throw before anything is written: each test checks the exception, the parameter it names, the sizes in its message, and that the destination still holds its sentinel.</summary>
public class BadInputTests
{
    private const float Sentinel = 12345f;

    private static float[] Filled(int n) { var a = new float[n]; a.AsSpan().Fill(Sentinel); return a; }

    private static void AssertUntouched(ReadOnlySpan<float> d)
    {
        foreach (float v in d) Assert.Equal(Sentinel, v);
    }

    private static void Throws(string param, string[] fragments, Action action)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        Assert.Equal(param, e.ParamName);
        foreach (string f in fragments) Assert.Contains(f, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_mismatch_names_the_operand_and_both_lengths()
    {
        var d = Filled(10);
        Throws("y", ["9", "10"], () => ElementWise.Multiply<float>(new float[10], new float[9], d));
        Throws("y", ["9", "10"], () => ElementWise.Add<float>(new float[10], new float[9], d));
        Throws("output", ["9", "10"], () => ElementWise.MultiplyByActivationDerivative<float>(Activation.Tanh, new float[10], new float[9], d));
        Throws("y", ["9", "10"], () => ElementWise.Axpy(2f, new float[10], d.AsSpan(0, 9)));
        AssertUntouched(d);
    }

    [Fact]
    public void Destination_too_short_names_it_and_both_lengths()
    {
        var d = Filled(9);
        Throws("destination", ["9", "10"], () => ElementWise.Multiply<float>(new float[10], new float[10], d));
        Throws("destination", ["9", "10"], () => ElementWise.Scale(2f, new float[10], d));
        Throws("destination", ["9", "10"], () => ElementWise.Activate<float>(Activation.Sigmoid, new float[10], d));
        Throws("destination", ["9", "10"], () => ElementWise.MultiplyByActivationDerivative<float>(Activation.Relu, new float[10], new float[10], d));
        AssertUntouched(d);
    }

    [Fact]
    public void Partial_overlap_is_rejected_but_exact_in_place_is_not()
    {
        var buffer = Filled(20);
        Throws("destination", ["offset of 1"], () => ElementWise.Multiply<float>(buffer.AsSpan(0, 10), new float[10], buffer.AsSpan(1, 10)));
        Throws("destination", ["offset"], () => ElementWise.Activate<float>(Activation.Relu, buffer.AsSpan(5, 10), buffer.AsSpan(0, 10)));
        Throws("y", ["offset"], () => ElementWise.Axpy(1f, buffer.AsSpan(0, 10), buffer.AsSpan(3, 10)));
        AssertUntouched(buffer);
        ElementWise.Multiply<float>(buffer.AsSpan(0, 10), buffer.AsSpan(0, 10), buffer.AsSpan(0, 10)); // exact in place is fine
        Assert.Equal(Sentinel * Sentinel, buffer[0]);
    }

    [Fact]
    public void Undefined_activation_is_rejected()
    {
        var d = Filled(4);
        Assert.Throws<ArgumentOutOfRangeException>("activation", () => ElementWise.Activate<float>((Activation)99, new float[4], d));
        Assert.Throws<ArgumentOutOfRangeException>("activation", () => MatrixOps.AddBiasActivate<float>(new float[2, 2], new float[2], (Activation)99, new float[2, 2]));
        Assert.Throws<ArgumentOutOfRangeException>("activation", () => MatrixOps.AffineActivate<float>(new float[4, 2], new float[2], new float[4], (Activation)99, d));
        AssertUntouched(d);
    }

    [Fact]
    public void Matrix_shape_mismatches_name_the_parameter_and_both_shapes()
    {
        var d = new float[3, 4];
        d.AsSpan2D().Fill(Sentinel);
        Throws("destination", ["3×4", "2×4"], () => MatrixOps.AddBias<float>(new float[2, 4], new float[4], d));
        Throws("bias", ["5", "4"], () => MatrixOps.AddBias<float>(new float[3, 4], new float[5], d));
        Throws("destination", ["3×4", "3×5"], () => MatrixOps.SoftmaxRows<float>(new float[3, 5], d));
        Throws("destination", ["2", "3"], () => MatrixOps.SumRows<float>(new float[3, 4], new float[2]));
        Throws("destination", ["5", "4"], () => MatrixOps.SumColumns<float>(new float[3, 4], new float[5]));
        Throws("x", ["2", "3"], () => MatrixOps.RankOneUpdate(1f, new float[2], new float[4], d));
        Throws("y", ["5", "4"], () => MatrixOps.RankOneUpdate(1f, new float[3], new float[5], d));
        foreach (float v in d) Assert.Equal(Sentinel, v);

        float[] o = Filled(3);
        Throws("input", ["5", "4"], () => MatrixOps.AffineActivate<float>(new float[3, 4], new float[5], new float[3], Activation.Tanh, o));
        Throws("bias", ["4", "3"], () => MatrixOps.AffineActivate<float>(new float[3, 4], new float[4], new float[4], Activation.Tanh, o));
        Throws("output", ["3", "2"], () => MatrixOps.AffineActivate<float>(new float[2, 4], new float[4], new float[2], Activation.Tanh, o));
        AssertUntouched(o);
    }

    [Fact]
    public void Matrix_destination_overlapping_an_input_is_rejected_unless_exactly_in_place()
    {
        float[] buffer = Filled(64);
        // x: rows at 0, 8, 16; shifted: rows at 1, 9, 17 (overlaps x); besideX: columns 4..7 of the same rows (interleaved, disjoint)
        static Span2D<float> X(float[] b) => new(b, 0, 3, 4, 4);
        static Span2D<float> Shifted(float[] b) => new(b, 1, 3, 4, 4);
        Throws("destination", ["overlaps"], () => MatrixOps.AddBias<float>(X(buffer), new float[4], Shifted(buffer)));
        Throws("destination", ["overlaps"], () => MatrixOps.SoftmaxRows<float>(X(buffer), Shifted(buffer)));
        Throws("c", ["overlaps"], () => MatrixOps.RankOneUpdate(1f, new float[3], buffer.AsSpan(2, 4), X(buffer)));
        Throws("destination", ["overlaps"], () => MatrixOps.SumColumns<float>(X(buffer), buffer.AsSpan(3, 4)));
        Throws("output", ["overlaps"], () => MatrixOps.AffineActivate<float>(X(buffer), new float[4], new float[3], Activation.Relu, buffer.AsSpan(9, 3)));
        Throws("output", ["overlaps"], () => MatrixOps.AffineActivate<float>(new float[3, 4], buffer.AsSpan(40, 4), new float[3], Activation.Relu, buffer.AsSpan(42, 3)));
        Throws("output", ["overlaps"], () => MatrixOps.AffineActivate<float>(new float[3, 4], new float[4], buffer.AsSpan(50, 3), Activation.Relu, buffer.AsSpan(52, 3)));
        AssertUntouched(buffer);

        var x = X(buffer);
        MatrixOps.AddBias<float>(x, new float[4], new Span2D<float>(buffer, 4, 3, 4, 4)); // interleaved but disjoint: allowed
        MatrixOps.SumColumns<float>(x, buffer.AsSpan(28, 4));  // in the gap after the last row: allowed
        MatrixOps.AddBias<float>(x, new float[4], x);          // exactly in place: allowed
    }
}
