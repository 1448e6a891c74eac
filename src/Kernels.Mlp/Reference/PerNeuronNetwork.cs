using System;
using System.Numerics;

namespace Kernels.Mlp.Reference;

/// <summary>
/// An independent, deliberately naive formulation of the same network: every neuron is an object holding its weighted
/// input z, activation a, bias, delta δ and outgoing weights, and every pass is nested loops over neurons, one sample at
/// a time. It is the oracle the batched network is tested against and the naive baseline it is benchmarked against.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class PerNeuronNetwork<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>One neuron.</summary>
    public sealed class Neuron
    {
        /// <summary>z, the weighted input (bias included) of the last forward pass.</summary>
        public T Z { get; set; } = T.Zero;

        /// <summary>a = σ(z) (for input neurons, the input value).</summary>
        public T A { get; set; } = T.Zero;

        /// <summary>The bias (unused for input neurons).</summary>
        public T Bias { get; set; } = T.Zero;

        /// <summary>δ = ∂J/∂z from the last backward pass.</summary>
        public T Delta { get; set; } = T.Zero;

        /// <summary>Weights to each neuron of the next layer.</summary>
        public T[] Outgoing { get; init; } = [];

        /// <summary>Accumulated ∂J/∂(outgoing weight) over the samples of a batch.</summary>
        public T[] OutgoingGradient { get; init; } = [];

        /// <summary>Accumulated ∂J/∂bias.</summary>
        public T BiasGradient { get; set; } = T.Zero;
    }

    private readonly Activation[] _activations;

    /// <summary>Copies the shape, weights and biases of a batched network.</summary>
    /// <typeparam name="TSource">The source network's element type (converted to <typeparamref name="T"/>).</typeparam>
    /// <param name="source">The network to mirror.</param>
    /// <returns>The per-neuron network.</returns>
    public static PerNeuronNetwork<T> From<TSource>(Network<TSource> source) where TSource : unmanaged, IFloatingPointIeee754<TSource>
    {
        var net = new PerNeuronNetwork<T>(source.SizesArray, [.. System.Linq.Enumerable.Select(source.Layers, l => l.Activation)]);
        for (int h = 0; h < source.Layers.Count; h++)
        {
            var layer = source.Layers[h];
            for (int i = 0; i < layer.OutputSize; i++)
            {
                net.Layers[h + 1][i].Bias = T.CreateChecked(layer.B[i]);
                for (int j = 0; j < layer.InputSize; j++)
                    net.Layers[h][j].Outgoing[i] = T.CreateChecked(layer.W[i * layer.InputSize + j]);
            }
        }
        return net;
    }

    /// <summary>Creates a network of zero weights.</summary>
    /// <param name="sizes">Layer widths, input first.</param>
    /// <param name="activations">One per layer above the input.</param>
    public PerNeuronNetwork(int[] sizes, Activation[] activations)
    {
        _activations = activations;
        Layers = new Neuron[sizes.Length][];
        for (int l = 0; l < sizes.Length; l++)
        {
            Layers[l] = new Neuron[sizes[l]];
            int next = l + 1 < sizes.Length ? sizes[l + 1] : 0;
            for (int i = 0; i < sizes[l]; i++)
                Layers[l][i] = new Neuron { Outgoing = new T[next], OutgoingGradient = new T[next] };
        }
    }

    /// <summary>The neurons, layer by layer (layer 0 is the input).</summary>
    public Neuron[][] Layers { get; }

    /// <summary>Forward pass for one sample; returns the output activations.</summary>
    /// <param name="input">The sample.</param>
    /// <returns>A new array of the output layer's activations.</returns>
    public T[] Forward(ReadOnlySpan<T> input)
    {
        for (int j = 0; j < Layers[0].Length; j++) Layers[0][j].A = input[j];
        for (int l = 1; l < Layers.Length; l++)
            foreach (var (neuron, i) in Indexed(Layers[l]))
            {
                T z = neuron.Bias;
                foreach (Neuron below in Layers[l - 1]) z += below.A * below.Outgoing[i];
                neuron.Z = z;
                neuron.A = Sigma(_activations[l - 1], z);
            }
        var output = new T[Layers[^1].Length];
        for (int i = 0; i < output.Length; i++) output[i] = Layers[^1][i].A;
        return output;
    }

    /// <summary>
    /// Backward pass for the sample of the last <see cref="Forward"/>, given ∂J/∂z of the output neurons (δ at the
    /// output), accumulating every neuron's weight and bias gradients.
    /// </summary>
    /// <param name="outputDelta">δ of each output neuron.</param>
    public void Backward(ReadOnlySpan<T> outputDelta)
    {
        for (int i = 0; i < Layers[^1].Length; i++) Layers[^1][i].Delta = outputDelta[i];
        for (int l = Layers.Length - 2; l >= 0; l--)
            foreach (var (neuron, j) in Indexed(Layers[l]))
            {
                T sum = T.Zero;
                for (int i = 0; i < neuron.Outgoing.Length; i++)
                {
                    Neuron above = Layers[l + 1][i];
                    neuron.OutgoingGradient[i] += neuron.A * above.Delta;
                    sum += neuron.Outgoing[i] * above.Delta;
                }
                if (l > 0)
                    neuron.Delta = sum * SigmaPrime(_activations[l - 1], neuron.Z);
            }
        for (int l = 1; l < Layers.Length; l++)
            foreach (Neuron n in Layers[l]) n.BiasGradient += n.Delta;
    }

    /// <summary>Zeroes the accumulated gradients.</summary>
    public void ClearGradients()
    {
        foreach (var layer in Layers)
            foreach (Neuron n in layer)
            {
                Array.Clear(n.OutgoingGradient);
                n.BiasGradient = T.Zero;
            }
    }

    /// <summary>
    /// The batch-mean loss and its gradients, sample by sample: forward, δ at the output from the loss, backward.
    /// Targets are used for MSE and BCE, labels for softmax cross-entropy.
    /// </summary>
    /// <param name="loss">The cost.</param>
    /// <param name="inputs">One sample per row.</param>
    /// <param name="targets">One target row per sample (MSE, BCE), or null.</param>
    /// <param name="labels">One class per sample (softmax cross-entropy), or null.</param>
    /// <returns>The batch-mean loss; gradients are left accumulated (already divided by the batch size).</returns>
    public T LossAndGradients(Loss loss, T[][] inputs, T[][]? targets, int[]? labels)
    {
        ClearGradients();
        int batch = inputs.Length;
        T invB = T.One / T.CreateChecked(batch), total = T.Zero;
        for (int s = 0; s < batch; s++)
        {
            T[] a = Forward(inputs[s]);
            var delta = new T[a.Length];
            switch (loss)
            {
                case Loss.MeanSquaredError:
                    for (int i = 0; i < a.Length; i++)
                    {
                        T d = a[i] - targets![s][i];
                        total += d * d / T.CreateChecked(2);
                        delta[i] = d * invB * SigmaPrime(_activations[^1], Layers[^1][i].Z);
                    }
                    break;
                case Loss.BinaryCrossEntropy:
                    for (int i = 0; i < a.Length; i++)
                    {
                        T y = targets![s][i];
                        total -= y * T.Log(a[i]) + (T.One - y) * T.Log(T.One - a[i]);
                        delta[i] = (a[i] - y) * invB; // σ' cancels against the log-loss derivative
                    }
                    break;
                default:
                    T max = a[0];
                    foreach (T v in a) max = T.Max(max, v);
                    T sum = T.Zero;
                    foreach (T v in a) sum += T.Exp(v - max);
                    total += T.Log(sum) + max - a[labels![s]];
                    for (int i = 0; i < a.Length; i++)
                        delta[i] = (T.Exp(a[i] - max) / sum - (i == labels[s] ? T.One : T.Zero)) * invB;
                    break;
            }
            Backward(delta);
        }
        return total * invB;
    }

    /// <summary>Plain SGD on the accumulated gradients.</summary>
    /// <param name="learningRate">The step size.</param>
    public void ApplySgd(T learningRate)
    {
        foreach (var layer in Layers)
            foreach (Neuron n in layer)
            {
                for (int i = 0; i < n.Outgoing.Length; i++) n.Outgoing[i] -= learningRate * n.OutgoingGradient[i];
                n.Bias -= learningRate * n.BiasGradient;
            }
    }

    /// <summary>σ(z), written out independently of the kernels.</summary>
    /// <param name="activation">The function.</param>
    /// <param name="z">The argument.</param>
    /// <returns>σ(z).</returns>
    public static T Sigma(Activation activation, T z) => activation switch
    {
        Activation.Sigmoid => T.One / (T.One + T.Exp(-z)),
        Activation.Tanh => T.Tanh(z),
        Activation.Relu => z > T.Zero ? z : T.Zero,
        _ => z,
    };

    /// <summary>σ'(z) from z (not from the output, unlike the batched kernels).</summary>
    /// <param name="activation">The function.</param>
    /// <param name="z">The argument.</param>
    /// <returns>σ'(z).</returns>
    public static T SigmaPrime(Activation activation, T z)
    {
        switch (activation)
        {
            case Activation.Sigmoid:
                T s = Sigma(activation, z);
                return s * (T.One - s);
            case Activation.Tanh:
                T t = T.Tanh(z);
                return T.One - t * t;
            case Activation.Relu:
                return z > T.Zero ? T.One : T.Zero;
            default:
                return T.One;
        }
    }

    private static System.Collections.Generic.IEnumerable<(Neuron, int)> Indexed(Neuron[] layer)
    {
        for (int i = 0; i < layer.Length; i++) yield return (layer[i], i);
    }
}
