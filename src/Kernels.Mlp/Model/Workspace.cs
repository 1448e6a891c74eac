using System.Numerics;

namespace Kernels.Mlp;

/// <summary>
/// Everything one thread needs to run a network on batches of up to <see cref="MaxBatchSize"/> samples: the
/// activations of every layer, allocated once here. Create one per thread:
/// many threads may run one network at once, each with its own workspace.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Workspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal readonly T[][] Activations; // layer h (0-based) output: MaxBatchSize × Sizes[h + 1]
    internal readonly T[] OutputScratch; // one output row, for the log-softmax output transform
    internal int Batch; // rows of the last forward pass

    internal Workspace(Network<T> network, int maxBatchSize)
    {
        Network = network;
        MaxBatchSize = maxBatchSize;
        var sizes = network.SizesArray;
        Activations = new T[sizes.Length - 1][];
        for (int h = 1; h < sizes.Length; h++)
            Activations[h - 1] = new T[checked(maxBatchSize * sizes[h])];
        OutputScratch = new T[sizes[^1]];
    }

    /// <summary>The network this workspace was made for.</summary>
    public Network<T> Network { get; }

    /// <summary>The largest batch it can run.</summary>
    public int MaxBatchSize { get; }
}
