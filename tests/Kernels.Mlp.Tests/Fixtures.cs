using System;
using System.Linq;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;

namespace Kernels.Mlp.Tests;

/// <summary>Building small networks and batches for the tests.</summary>
internal static class Fixtures
{
    public static Activation OutputFor(Loss loss, Activation hidden) => loss switch
    {
        Loss.BinaryCrossEntropy => Activation.Sigmoid,
        Loss.SoftmaxCrossEntropy => Activation.Identity,
        _ => hidden,
    };

    public static T[,] Matrix<T>(int rows, int cols, ulong seed, double min = -1, double max = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = new T[rows, cols];
        TestData.FillUniform<T>(m.AsSpan(), seed, min, max);
        return m;
    }

    public static int[] Labels(int count, int classes, ulong seed)
    {
        var rng = new Random((int)seed);
        return Enumerable.Range(0, count).Select(_ => rng.Next(classes)).ToArray();
    }

    public static T[][] Rows<T>(T[,] m) => Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray()).ToArray();

    public static double[][] RowsAsDouble<T>(T[,] m) where T : IFloatingPointIeee754<T> =>
        Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => double.CreateChecked(m[i, j])).ToArray()).ToArray();

    /// <summary>The batched trainer's gradients, flattened: per layer weights then biases.</summary>
    public static double[] Gradients<T>(Trainer<T> trainer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var all = new System.Collections.Generic.List<double>();
        for (int h = 0; h < trainer.Network.Layers.Count; h++)
        {
            var g = trainer.WeightGradient(h);
            for (int i = 0; i < g.Height; i++)
                foreach (T v in g.GetRowSpan(i)) all.Add(double.CreateChecked(v));
            foreach (T v in trainer.BiasGradient(h)) all.Add(double.CreateChecked(v));
        }
        return all.ToArray();
    }

    /// <summary>The per-neuron reference's gradients in the same order as <see cref="Gradients{T}(Trainer{T})"/>.</summary>
    public static double[] Gradients<T>(Reference.PerNeuronNetwork<T> net) where T : IFloatingPointIeee754<T>
    {
        var all = new System.Collections.Generic.List<double>();
        for (int l = 1; l < net.Layers.Length; l++)
        {
            for (int i = 0; i < net.Layers[l].Length; i++)
                foreach (var below in net.Layers[l - 1]) all.Add(double.CreateChecked(below.OutgoingGradient[i]));
            foreach (var n in net.Layers[l]) all.Add(double.CreateChecked(n.BiasGradient));
        }
        return all.ToArray();
    }
}
