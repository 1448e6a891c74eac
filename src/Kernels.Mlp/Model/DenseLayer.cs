using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;
using CommunityToolkit.HighPerformance;

namespace Kernels.Mlp;

/// <summary>
/// One fully connected layer: X' = σ(X·Wᵀ + b) for a batch X with one sample per row. W is OutputSize×InputSize
/// (row i holds the weights into output unit i), b has OutputSize elements.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class DenseLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal readonly T[] W;
    internal readonly T[] B;
    internal T[]? MaskValues; // 1 where connected, 0 where not; null when fully connected

    // Wᵀ packed for batched inference (PackedMatrix), and the weights version it was packed from. The version moves on
    // whenever W may have changed: a trainer's update, a load, or anyone taking the writable Weights span.
    private readonly object _packLock = new();
    private PackedMatrix<T>? _packed;
    private int _packedVersion = -1;
    private int _version;

    internal DenseLayer(int inputSize, int outputSize, Activation activation)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        W = new T[checked(inputSize * outputSize)];
        B = new T[outputSize];
    }

    /// <summary>Number of inputs (units of the layer below).</summary>
    public int InputSize { get; }

    /// <summary>Number of outputs (units of this layer).</summary>
    public int OutputSize { get; }

    /// <summary>The activation σ applied after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>The weights, OutputSize×InputSize: <c>Weights[i, j]</c> connects input j to unit i. Writable.</summary>
    /// <remarks>
    /// Taking this span marks the layer's packed copy of the weights (kept for batched inference, see
    /// <see cref="Network{T}.PackedWeightBytes"/>) out of date: the next batched <see cref="Network{T}.Forward"/> packs
    /// them again. So write through a span taken after the last forward pass, not one kept from before it.
    /// Writing while another thread runs the network, or writing a masked-out weight, is the caller's business:
    /// masked weights are zeroed again at the next optimizer update.
    /// </remarks>
    public Span2D<T> Weights
    {
        get
        {
            WeightsChanged();
            return new(W, OutputSize, InputSize);
        }
    }

    /// <summary>The weights, read-only; does not touch the packed copy.</summary>
    public ReadOnlySpan2D<T> WeightsReadOnly => new(W, OutputSize, InputSize);

    /// <summary>The biases, one per output unit. Writable.</summary>
    public Span<T> Biases => B;

    /// <summary>Whether a connectivity mask restricts this layer.</summary>
    public bool HasMask => MaskValues is not null;

    /// <summary>The mask as 0/1 values shaped like <see cref="Weights"/> (empty when there is none).</summary>
    public ReadOnlySpan2D<T> Mask => MaskValues is null ? default : new(MaskValues, OutputSize, InputSize);

    /// <summary>
    /// Restricts the connections: unit i only sees input j where <paramref name="connected"/>[i, j] is true (the general
    /// feed-forward formulation, where a unit has a given set of upstream units). Masked weights are set to zero now and
    /// kept exactly zero after every update.
    /// </summary>
    /// <param name="connected">OutputSize×InputSize.</param>
    /// <exception cref="ArgumentException">The shape is not OutputSize×InputSize.</exception>
    public void SetMask(ReadOnlySpan2D<bool> connected)
    {
        if (connected.Height != OutputSize || connected.Width != InputSize)
            throw new ArgumentException($"The mask is {connected.Height}×{connected.Width} but the layer's weights are {OutputSize}×{InputSize}.", nameof(connected));
        var mask = new T[W.Length];
        for (int i = 0; i < OutputSize; i++)
            for (int j = 0; j < InputSize; j++)
                mask[i * InputSize + j] = connected[i, j] ? T.One : T.Zero;
        MaskValues = mask;
        ApplyMask();
    }

    /// <summary>Removes the connectivity mask (weights already zeroed stay zero until trained).</summary>
    public void ClearMask() => MaskValues = null;

    /// <summary>W ⊙= M: exact zeros where masked, untouched elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ApplyMask()
    {
        if (MaskValues is not null)
            ElementWise.Multiply<T>(W, MaskValues, W);
        WeightsChanged();
    }

    /// <summary>Records that W may have changed, so the packed copy is rebuilt before it is used again.</summary>
    internal void WeightsChanged() => Interlocked.Increment(ref _version);

    /// <summary>Bytes held by the packed copy of the weights (0 when there is none).</summary>
    internal long PackedBytes => Volatile.Read(ref _packed)?.Bytes ?? 0;

    /// <summary>
    /// Wᵀ packed for a forward pass over <paramref name="batch"/> samples, up to date with W, or null where the product
    /// of that batch would not read a packing (one sample, say). Packs on first need and after W changed; safe to call
    /// from several inference threads at once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal PackedMatrix<T>? PackedFor(int batch)
    {
        if (!PackedMatrix<T>.Pays(batch, OutputSize, InputSize, Transpose.NoTrans, Transpose.Trans))
            return null;
        PackedMatrix<T>? packed = Volatile.Read(ref _packed);
        if (packed is not null && Volatile.Read(ref _packedVersion) == Volatile.Read(ref _version) && packed.Path == Isa.Current)
            return packed;
        // A thread with a forced path reads W as stored (the same bits): the packing is kept for the default path.
        return Isa.Current == Isa.Best ? Repack() : null;
    }

    /// <summary>Packs Wᵀ now if a forward pass of some batch of 2 to <paramref name="maxBatch"/> samples would read it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void PackIfAnyBatchReadsIt(int maxBatch)
    {
        for (int batch = 2; batch <= maxBatch; batch++)
            if (PackedMatrix<T>.Pays(batch, OutputSize, InputSize, Transpose.NoTrans, Transpose.Trans))
            {
                if (Isa.Current == Isa.Best)
                    Repack();
                return;
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PackedMatrix<T> Repack()
    {
        lock (_packLock)
        {
            int version = Volatile.Read(ref _version);
            PackedMatrix<T>? packed = _packed;
            var w = new ReadOnlySpan2D<T>(W, OutputSize, InputSize);
            if (packed is null)
                packed = PackedMatrix<T>.Pack(w, Transpose.Trans);
            else if (_packedVersion != version)
                packed.Repack(w); // the same shape: into the same memory, no allocation
            Volatile.Write(ref _packed, packed);
            Volatile.Write(ref _packedVersion, version);
            return packed;
        }
    }
}
