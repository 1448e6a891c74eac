using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Kernels.Shared;

namespace Kernels.Mlp;

/// <summary>
/// A fully connected feed-forward network with layer sizes [N0, N1, …, NL]: layer h computes
/// X_h = σ_h(X_(h−1)·W_hᵀ + b_h) on a batch with one sample per row.
/// </summary>
/// <remarks>
/// <para>
/// Layout: every batch matrix is row-major with one sample per row (inputs B×N0, outputs B×NL); W_h is N_h×N_(h−1).
/// A forward pass is one GEMM (X·Wᵀ, the transpose absorbed by the GEMM's packing) and one fused bias+activation per
/// layer; a single sample runs the GEMM's matrix–vector path.
/// </para>
/// <para>
/// Thread safety: <see cref="Forward"/>, <see cref="Predict"/> and <see cref="Classify"/> only read the weights, so any
/// number of threads may run them at once on one network, each with its own <see cref="Workspace{T}"/>; results are
/// bitwise identical to a single-threaded run. Changing weights (training, loading) while they run is not safe.
/// </para>
/// <para>
/// NaN and ∞ in inputs propagate to the outputs as IEEE arithmetic says; the training entry points reject them
/// instead, and a step whose loss or gradients overflow is refused whole (<see cref="NonFiniteGradientException"/>),
/// so a bad sample cannot poison the weights. Loading refuses files with NaN or ∞ weights unless asked not to.
/// </para>
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
public sealed partial class Network<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal readonly int[] SizesArray;
    private readonly DenseLayer<T>[] _layers;

    /// <summary>Creates a network and initialises its weights from <paramref name="seed"/> (He for ReLU layers, Xavier otherwise).</summary>
    /// <param name="sizes">Layer widths [N0, N1, …, NL]: the input width first, at least two entries, all positive.</param>
    /// <param name="activations">One activation per layer (sizes.Length − 1 of them).</param>
    /// <param name="seed">Seed of the initialisation; the same seed gives the same weights on every machine.</param>
    /// <exception cref="ArgumentException">Fewer than two sizes, a size below 1, or the wrong number of activations.</exception>
    public Network(ReadOnlySpan<int> sizes, ReadOnlySpan<Activation> activations, ulong seed = 0)
    {
        if (sizes.Length < 2)
            throw new ArgumentException($"A network needs at least two sizes (input and output); {sizes.Length} given.", nameof(sizes));
        for (int i = 0; i < sizes.Length; i++)
            if (sizes[i] < 1)
                throw new ArgumentException($"Layer size {i} is {sizes[i]}; every size must be at least 1.", nameof(sizes));
        if (activations.Length != sizes.Length - 1)
            throw new ArgumentException($"{sizes.Length} sizes need {sizes.Length - 1} activations, one per layer; {activations.Length} given.", nameof(activations));
        foreach (Activation a in activations)
            if (!Enum.IsDefined(a))
                throw new ArgumentOutOfRangeException(nameof(activations), a, "Not an Activation value.");

        SizesArray = sizes.ToArray();
        _layers = new DenseLayer<T>[sizes.Length - 1];
        for (int h = 0; h < _layers.Length; h++)
            _layers[h] = new DenseLayer<T>(sizes[h], sizes[h + 1], activations[h]);
        Initialize(seed);
    }

    /// <summary>The layer widths [N0, …, NL].</summary>
    public IReadOnlyList<int> Sizes => SizesArray;

    /// <summary>N0, the width of an input sample.</summary>
    public int InputSize => SizesArray[0];

    /// <summary>NL, the width of an output.</summary>
    public int OutputSize => SizesArray[^1];

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<DenseLayer<T>> Layers => _layers;

    /// <summary>Total number of weights and biases.</summary>
    public long ParameterCount
    {
        get
        {
            long n = 0;
            foreach (var l in _layers) n += l.W.Length + l.B.Length;
            return n;
        }
    }

    /// <summary>Re-initialises every weight (He/Xavier uniform) and zeroes every bias, from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    public void Initialize(ulong seed)
    {
        var rng = new SplitMix64(seed);
        foreach (var layer in _layers)
            Initialization.Initialize(layer, ref rng);
    }

    /// <summary>Allocates a workspace for batches of up to <paramref name="maxBatchSize"/> samples (one per thread).</summary>
    /// <param name="maxBatchSize">The largest batch the workspace will run, at least 1.</param>
    /// <returns>The workspace.</returns>
    /// <remarks>
    /// The workspace runs one forward pass of the largest batch (on zeros) before it is returned, so the GEMM's per-thread
    /// packing buffers of the creating thread are already sized: create each thread's workspace on that thread, and its
    /// first call allocates nothing. It also packs the weights of every layer whose product at some batch size up to
    /// <paramref name="maxBatchSize"/> reads a packing (<see cref="PackedWeightBytes"/>), once per network.
    /// </remarks>
    public Workspace<T> CreateWorkspace(int maxBatchSize) => CreateWorkspace(maxBatchSize, forInference: true);

    /// <summary>A workspace; a trainer's (<paramref name="forInference"/> false) packs no weights, since they change every step.</summary>
    internal Workspace<T> CreateWorkspace(int maxBatchSize, bool forInference)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        var workspace = new Workspace<T>(this, maxBatchSize);
        if (forInference)
            foreach (var layer in _layers)
                layer.PackIfAnyBatchReadsIt(maxBatchSize);
        ForwardUnchecked(workspace, new ReadOnlySpan2D<T>(new T[checked(maxBatchSize * InputSize)], maxBatchSize, InputSize), packed: forInference);
        return workspace;
    }

    /// <summary>
    /// Bytes of the packed copies of the weights that batched inference keeps: each layer whose product at some batch
    /// size of a workspace made by <see cref="CreateWorkspace(int)"/> reads a packing holds one, about the size of its
    /// weights (0 when no workspace asked for one: one sample at a time, or a trainer's workspace). A forward pass after
    /// the weights changed (a training step, a load, a write through <see cref="DenseLayer{T}.Weights"/>) packs them
    /// again first, into the same memory.
    /// </summary>
    public long PackedWeightBytes
    {
        get
        {
            long bytes = 0;
            foreach (var layer in _layers) bytes += layer.PackedBytes;
            return bytes;
        }
    }

    /// <summary>Runs the network on a batch and returns its outputs (a view into the workspace, valid until its next use),
    /// after <see cref="OutputTransform"/>: the last layer's outputs by default (logits, for a softmax cross-entropy
    /// classifier), probabilities when it is <see cref="Mlp.OutputTransform.Softmax"/>.</summary>
    /// <param name="workspace">This thread's workspace for this network.</param>
    /// <param name="inputs">B×N0, one sample per row; 1 ≤ B ≤ the workspace's maximum.</param>
    /// <returns>B×NL outputs.</returns>
    /// <exception cref="ArgumentException">The workspace belongs to another network, the input width is not N0, or the batch is empty or too large.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan2D<T> Forward(Workspace<T> workspace, ReadOnlySpan2D<T> inputs)
    {
        CheckBatch(workspace, inputs, nameof(inputs));
        var outputs = ForwardUnchecked(workspace, inputs, packed: true);
        ApplyOutputTransform(workspace, inputs.Height);
        return outputs;
    }

    /// <summary>Runs the network on one sample (the matrix–vector path) and copies the output, after <see cref="OutputTransform"/>:
    /// the last layer's outputs by default (logits, for a softmax cross-entropy classifier), probabilities when it is
    /// <see cref="Mlp.OutputTransform.Softmax"/>.</summary>
    /// <param name="workspace">This thread's workspace for this network.</param>
    /// <param name="input">N0 values.</param>
    /// <param name="output">Receives NL values.</param>
    /// <exception cref="ArgumentException">The workspace belongs to another network, or a length is wrong.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Predict(Workspace<T> workspace, ReadOnlySpan<T> input, Span<T> output)
    {
        if (input.Length != InputSize)
            ThrowInputLength(input.Length, InputSize);
        if (output.Length < OutputSize)
            ThrowOutputLength(output.Length, OutputSize);
        CheckWorkspace(workspace);
        // Layer by layer as one fused matrix–vector step each (the same arithmetic as Forward on a batch of one, bit for
        // bit): a small network's layers cost less than the checks and dispatch of a GEMM call plus a bias-activation call.
        workspace.Batch = 1;
        ReadOnlySpan<T> x = input;
        for (int h = 0; h < _layers.Length; h++)
        {
            DenseLayer<T> layer = _layers[h];
            Span<T> a = workspace.Activations[h].AsSpan(0, layer.OutputSize);
            // The layer's own array and shape: no view validation to pay (that constructor is a call when nothing inlines it).
            var w = ReadOnlySpan2D<T>.DangerousCreate(in MemoryMarshal.GetArrayDataReference(layer.W), layer.OutputSize, layer.InputSize, 0);
            MatrixOps.AffineActivate<T>(w, x, layer.B, layer.Activation, a);
            x = a;
        }
        ApplyOutputTransform(workspace, 1);
        x.CopyTo(output);
    }

    /// <summary>Runs the network on a batch and writes, per sample, the index of the largest output (the predicted class).</summary>
    /// <param name="workspace">This thread's workspace for this network.</param>
    /// <param name="inputs">B×N0.</param>
    /// <param name="labels">Receives B class indices.</param>
    /// <exception cref="ArgumentException">As <see cref="Forward"/>, or <paramref name="labels"/> is shorter than the batch.</exception>
    public void Classify(Workspace<T> workspace, ReadOnlySpan2D<T> inputs, Span<int> labels)
    {
        CheckBatch(workspace, inputs, nameof(inputs));
        if (labels.Length < inputs.Height)
            throw new ArgumentException($"'labels' has {labels.Length} elements but the batch has {inputs.Height} samples.", nameof(labels));
        var outputs = ForwardUnchecked(workspace, inputs, packed: true);
        for (int i = 0; i < outputs.Height; i++)
            labels[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(outputs.GetRowSpan(i));
    }

    /// <summary>Writes sizes, activations, weights, biases, masks and the output transform in the documented weights format
    /// (version 1, or 2 when <see cref="OutputTransform"/> is not None; CRC-32 checked).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <remarks>The bytes are built completely before the first one is written, but what the stream does with them is
    /// the caller's business: a crash half-way through a write leaves a partial stream. <see cref="Save(string)"/> is atomic.</remarks>
    public void Save(Stream stream) => WeightsFile.Write(this, stream);

    /// <summary>Writes the network to a file (see <see cref="Save(Stream)"/>), atomically.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <remarks>
    /// The file is written to a temporary file in the same folder (<c>.name.pid-random.tmp</c>), flushed to the disk, and
    /// renamed over <paramref name="path"/>: a reader, or a process started after a crash or a power cut at any moment,
    /// finds the old file or the new one, never a part of either. If the save fails, the temporary file is removed and
    /// the old file is left as it was; only a process killed during a save can leave a temporary file behind.
    /// </remarks>
    public void Save(string path) => AtomicFile.Write(path, Save);

    /// <summary>Creates a network from a weights file.</summary>
    /// <param name="stream">A readable stream positioned at the start of the file.</param>
    /// <returns>The network, with the file's shape, activations, weights, biases, masks and output transform.</returns>
    /// <exception cref="WeightsFormatException">The file is corrupt, truncated, of another version or element type, or
    /// holds a NaN or infinite weight or bias.</exception>
    public static Network<T> Load(Stream stream) => Load(stream, allowNonFiniteWeights: false);

    /// <summary>Creates a network from a weights file, optionally accepting NaN and ±∞ weights and biases.</summary>
    /// <param name="stream">A readable stream positioned at the start of the file.</param>
    /// <param name="allowNonFiniteWeights">Load NaN and ±∞ values as they are (to inspect a diverged model, say); by
    /// default they make the file invalid.</param>
    /// <returns>The network, with the file's shape, activations, weights, biases, masks and output transform.</returns>
    /// <exception cref="WeightsFormatException">The file is corrupt, truncated, of another version or element type, or
    /// (unless allowed) holds a non-finite value; the message names the layer and the index.</exception>
    public static Network<T> Load(Stream stream, bool allowNonFiniteWeights)
    {
        var c = WeightsFile.Read<T>(stream, allowNonFiniteWeights);
        var network = new Network<T>(c.Sizes, c.Activations);
        network.Assign(c);
        return network;
    }

    /// <summary>Creates a network from a weights file on disk.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network.</returns>
    /// <exception cref="WeightsFormatException">The file is corrupt, truncated, of another version or element type, or
    /// holds a NaN or infinite weight or bias.</exception>
    public static Network<T> Load(string path) => Load(path, allowNonFiniteWeights: false);

    /// <summary>Creates a network from a weights file on disk, optionally accepting NaN and ±∞ weights and biases.</summary>
    /// <param name="path">The file.</param>
    /// <param name="allowNonFiniteWeights">Load NaN and ±∞ values as they are; by default they make the file invalid.</param>
    /// <returns>The network.</returns>
    /// <exception cref="WeightsFormatException">The file is invalid (see <see cref="Load(Stream, bool)"/>).</exception>
    public static Network<T> Load(string path, bool allowNonFiniteWeights)
    {
        using var f = File.OpenRead(path);
        return Load(f, allowNonFiniteWeights);
    }

    /// <summary>
    /// Replaces this network's weights, biases, masks and output transform with a file's. The file is read and checked completely first
    /// (format, checksum, and that its sizes and activations equal this network's); if anything is wrong, this network is
    /// left exactly as it was.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the start of the file.</param>
    /// <exception cref="WeightsFormatException">The file is invalid, holds a NaN or infinite value, or describes a different network.</exception>
    public void LoadWeights(Stream stream) => LoadWeights(stream, allowNonFiniteWeights: false);

    /// <summary>As <see cref="LoadWeights(Stream)"/>, optionally accepting NaN and ±∞ weights and biases.</summary>
    /// <param name="stream">A readable stream positioned at the start of the file.</param>
    /// <param name="allowNonFiniteWeights">Load NaN and ±∞ values as they are; by default they make the file invalid.</param>
    /// <exception cref="WeightsFormatException">The file is invalid or describes a different network.</exception>
    public void LoadWeights(Stream stream, bool allowNonFiniteWeights)
    {
        var c = WeightsFile.Read<T>(stream, allowNonFiniteWeights);
        if (!c.Sizes.AsSpan().SequenceEqual(SizesArray))
            throw new WeightsFormatException($"The file's layer sizes [{string.Join(", ", c.Sizes)}] differ from this network's [{string.Join(", ", SizesArray)}].");
        for (int h = 0; h < _layers.Length; h++)
            if (c.Activations[h] != _layers[h].Activation)
                throw new WeightsFormatException($"Layer {h} uses {c.Activations[h]} in the file but {_layers[h].Activation} in this network.");
        Assign(c);
    }

    private void Assign(WeightsFile.Contents<T> c)
    {
        for (int h = 0; h < _layers.Length; h++)
        {
            c.Weights[h].CopyTo(_layers[h].W, 0);
            c.Biases[h].CopyTo(_layers[h].B, 0);
            _layers[h].MaskValues = c.Masks[h];
            _layers[h].ApplyMask(); // a file saved after a masked weight was written by hand still loads with exact zeros there
        }
        OutputTransform = c.OutputTransform;
    }

    /// <summary>The forward pass. Inference (<paramref name="packed"/>) reads each layer's packed Wᵀ where its product
    /// would; training does not, since its weights change every step (and the results are the same bits either way).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ReadOnlySpan2D<T> ForwardUnchecked(Workspace<T> ws, ReadOnlySpan2D<T> inputs, bool packed = false)
    {
        int batch = inputs.Height;
        ws.Batch = batch;
        ReadOnlySpan2D<T> x = inputs;
        for (int h = 0; h < _layers.Length; h++)
        {
            DenseLayer<T> layer = _layers[h];
            var a = new Span2D<T>(ws.Activations[h], 0, batch, layer.OutputSize, 0);
            // Z = X·Wᵀ, then X' = σ(Z + b) in place.
            var w = new ReadOnlySpan2D<T>(layer.W, layer.OutputSize, layer.InputSize);
            PackedMatrix<T>? wt = packed ? layer.PackedFor(batch) : null;
            if (wt is not null)
                Gemm.Multiply(T.One, x, w, wt, T.Zero, a, Transpose.NoTrans, Transpose.Trans);
            else
                Gemm.Multiply(T.One, x, w, T.Zero, a, Transpose.NoTrans, Transpose.Trans);
            MatrixOps.AddBiasActivate<T>(a, layer.B, layer.Activation, a);
            x = a;
        }
        return x;
    }

    /// <summary>Output activations of layer <paramref name="h"/> from the last forward pass in <paramref name="ws"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Span2D<T> Activations(Workspace<T> ws, int h) => new(ws.Activations[h], 0, ws.Batch, _layers[h].OutputSize, 0);

    // Messages built here, not in Predict: a string being formatted in the method itself costs its frame a zeroed
    // interpolation buffer on every call.
    [DoesNotReturn]
    private static void ThrowInputLength(int length, int inputSize) =>
        throw new ArgumentException($"The input has {length} values but the network takes {inputSize}.", "input");

    [DoesNotReturn]
    private static void ThrowOutputLength(int length, int outputSize) =>
        throw new ArgumentException($"The output span has {length} elements but the network produces {outputSize}.", "output");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void CheckWorkspace(Workspace<T> workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!ReferenceEquals(workspace.Network, this))
            throw new ArgumentException("The workspace was created by another network; create one with this network's CreateWorkspace.", nameof(workspace));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void CheckBatch(Workspace<T> workspace, ReadOnlySpan2D<T> inputs, string name)
    {
        CheckWorkspace(workspace);
        if (inputs.Width != InputSize)
            throw new ArgumentException($"'{name}' has {inputs.Width} columns but the network takes {InputSize} inputs per sample.", name);
        if (inputs.Height < 1 || inputs.Height > workspace.MaxBatchSize)
            throw new ArgumentException(
                $"'{name}' has {inputs.Height} samples; the workspace takes batches of 1 to {workspace.MaxBatchSize}.", name);
    }
}
