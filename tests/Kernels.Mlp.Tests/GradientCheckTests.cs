using System;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>
/// Back-propagated gradients against central finite differences (J(w + h) − J(w − h))/(2h), for every hidden activation
/// × loss, on random small networks.
/// </summary>
/// <remarks>
/// The difference quotient's error is about h²·|J'''|/6 (truncation) plus 2ε_J/(2h) (ε_J the rounding error of J).
/// Double: h = 1e−5, ε_J ≈ 1e−15, so ≈ 1e−10 + 1e−10; allowed |fd − g| ≤ 1e−7·(1 + |g|). Float: h = 1e−2, ε_J ≈ 1e−6,
/// so ≈ 2e−5 + 1e−4; allowed (loosely) |fd − g| ≤ 2e−3·(1 + |g|). ReLU has a kink: a parameter whose ±h moves any
/// hidden unit across zero is skipped (and at most a fifth may be).
/// </remarks>
public class GradientCheckTests
{
    public static TheoryData<Activation, Loss> Cases
    {
        get
        {
            var data = new TheoryData<Activation, Loss>();
            foreach (Activation hidden in Enum.GetValues<Activation>())
                foreach (Loss loss in Enum.GetValues<Loss>())
                    data.Add(hidden, loss);
            return data;
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void Double_gradients_match_central_differences(Activation hidden, Loss loss) => Check<double>(hidden, loss, 1e-5, 1e-7);

    [Theory, MemberData(nameof(Cases))]
    public void Float_gradients_match_central_differences(Activation hidden, Loss loss) => Check<float>(hidden, loss, 1e-2, 2e-3);

    private static void Check<T>(Activation hidden, Loss loss, double step, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputs = loss == Loss.SoftmaxCrossEntropy ? 3 : 2, batch = 6;
        int[] sizes = [4, 5, 3, outputs];
        var net = new Network<T>(sizes, [hidden, hidden, Fixtures.OutputFor(loss, hidden)], seed: (ulong)(7 * (int)hidden + (int)loss));
        foreach (var layer in net.Layers) // non-zero biases, so every parameter matters
            Kernels.Testing.TestData.FillUniform<T>(layer.Biases, 3, -0.5, 0.5);
        var trainer = new Trainer<T>(net, new SgdOptimizer<T>(T.CreateChecked(0.1)), loss, batch);
        T[,] x = Fixtures.Matrix<T>(batch, sizes[0], 11);
        T[,] y = Fixtures.Matrix<T>(batch, outputs, 12, loss == Loss.MeanSquaredError ? -1 : 0, 1);
        int[] labels = Fixtures.Labels(batch, outputs, 13);

        T Evaluate() => loss == Loss.SoftmaxCrossEntropy ? trainer.Evaluate(x, labels) : trainer.Evaluate(x, y);
        if (loss == Loss.SoftmaxCrossEntropy) trainer.ComputeGradients(x, labels); else trainer.ComputeGradients(x, y);
        double[] analytic = Fixtures.Gradients(trainer);

        int index = 0, checkedCount = 0, skipped = 0;
        T h = T.CreateChecked(step);
        foreach (var layer in net.Layers)
            for (int part = 0; part < 2; part++)
            {
                Span<T> parameters = part == 0 ? layer.W : layer.B;
                for (int i = 0; i < parameters.Length; i++, index++)
                {
                    T saved = parameters[i];
                    bool[] pattern0 = Pattern(net, trainer, Evaluate);
                    parameters[i] = saved + h;
                    double plus = double.CreateChecked(Evaluate());
                    bool[] patternPlus = Pattern(net, trainer, null);
                    parameters[i] = saved - h;
                    double minus = double.CreateChecked(Evaluate());
                    bool[] patternMinus = Pattern(net, trainer, null);
                    parameters[i] = saved;
                    if (!pattern0.AsSpan().SequenceEqual(patternPlus) || !pattern0.AsSpan().SequenceEqual(patternMinus))
                    {
                        skipped++;
                        continue;
                    }
                    double fd = (plus - minus) / (2 * step), g = analytic[index];
                    Assert.True(Math.Abs(fd - g) <= tolerance * (1 + Math.Abs(g)),
                        $"{typeof(T).Name} {hidden}/{loss}: parameter {index}: finite difference {fd:G9}, back-propagation {g:G9}");
                    checkedCount++;
                }
            }
        Assert.True(skipped * 5 <= checkedCount + skipped, $"{skipped} of {checkedCount + skipped} parameters sat on a ReLU kink");
    }

    // Which hidden units are active (a > 0) after evaluating; for ReLU this is the linear region the network is in.
    private static bool[] Pattern<T>(Network<T> net, Trainer<T> trainer, Func<T>? evaluate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        evaluate?.Invoke();
        var list = new System.Collections.Generic.List<bool>();
        for (int h = 0; h < net.Layers.Count - 1; h++)
        {
            var a = net.Activations(trainer.Workspace, h);
            for (int i = 0; i < a.Height; i++)
                foreach (T v in a.GetRowSpan(i)) list.Add(v > T.Zero);
        }
        return list.ToArray();
    }
}
