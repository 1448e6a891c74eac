using System;
using System.Collections.Generic;
using System.IO;
using Kernels.Mlp.Safetensors;

namespace Kernels.Mlp;

public sealed partial class Network<T>
{
    /// <summary>
    /// Creates a network from a safetensors file holding a PyTorch <c>state_dict</c> of <c>nn.Linear</c> layers
    /// (<c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c> … of an <c>nn.Sequential</c>, or <c>fc1.weight</c> …), in the
    /// order their names give when the shapes chain that way, else in the one order in which the shapes chain.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the start of the file; read to its end.</param>
    /// <param name="activations">One activation per layer (safetensors holds only tensors).</param>
    /// <returns>The network; F16, BF16, F32 and F64 tensors are converted to <typeparamref name="T"/> (F32 into float and F64
    /// into double bit for bit). A layer without a bias gets zeros; "__metadata__" is ignored.</returns>
    /// <exception cref="WeightsFormatException">The file is truncated or corrupt (header length, JSON, offsets that
    /// overlap, leave gaps or pass the end, sizes that disagree with shapes), holds another dtype or tensors that are
    /// not linear layers, or its shapes do not chain in exactly one order.</exception>
    /// <exception cref="ArgumentException">The number of activations is not the number of layers.</exception>
    public static Network<T> LoadSafetensors(Stream stream, ReadOnlySpan<Activation> activations)
    {
        var (tensors, data) = SafetensorsReader.ReadFile(stream);
        return new Network<T>(SafetensorsReader.ToNetwork<T>(tensors, data, activations, null));
    }

    /// <summary>Creates a network from a safetensors file whose layers are the given key prefixes, in that order.</summary>
    /// <param name="stream">A readable stream positioned at the start of the file.</param>
    /// <param name="activations">One activation per layer.</param>
    /// <param name="layerPrefixes">The layers' key prefixes in order (<c>["encoder.0", "encoder.2", "head"]</c>); every
    /// layer of the file must be listed.</param>
    /// <returns>The network.</returns>
    /// <exception cref="WeightsFormatException">As <see cref="LoadSafetensors(Stream, ReadOnlySpan{Activation})"/>, or a
    /// prefix names no layer, or the file has layers not listed.</exception>
    /// <exception cref="ArgumentException">A prefix is listed twice, or the number of activations is wrong.</exception>
    public static Network<T> LoadSafetensors(Stream stream, ReadOnlySpan<Activation> activations, IReadOnlyList<string> layerPrefixes)
    {
        ArgumentNullException.ThrowIfNull(layerPrefixes);
        var (tensors, data) = SafetensorsReader.ReadFile(stream);
        return new Network<T>(SafetensorsReader.ToNetwork<T>(tensors, data, activations, layerPrefixes));
    }

    /// <summary>Creates a network from a safetensors file on disk (see <see cref="LoadSafetensors(Stream, ReadOnlySpan{Activation})"/>).</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="activations">One activation per layer.</param>
    /// <returns>The network.</returns>
    /// <exception cref="WeightsFormatException">The file is invalid or not a chain of linear layers.</exception>
    public static Network<T> LoadSafetensors(string path, ReadOnlySpan<Activation> activations)
    {
        using var f = File.OpenRead(path);
        return LoadSafetensors(f, activations);
    }

    /// <summary>Creates a network from a safetensors file on disk whose layers are the given key prefixes, in that order.</summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="activations">One activation per layer.</param>
    /// <param name="layerPrefixes">The layers' key prefixes in order.</param>
    /// <returns>The network.</returns>
    /// <exception cref="WeightsFormatException">The file is invalid, or does not hold exactly the listed layers.</exception>
    public static Network<T> LoadSafetensors(string path, ReadOnlySpan<Activation> activations, IReadOnlyList<string> layerPrefixes)
    {
        using var f = File.OpenRead(path);
        return LoadSafetensors(f, activations, layerPrefixes);
    }

    /// <summary>
    /// Writes the weights and biases as a safetensors file in the layout of the <c>state_dict</c> of
    /// <c>nn.Sequential(nn.Linear, activation, nn.Linear, …)</c> (keys <c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c> …;
    /// an identity activation takes no index), F32 for a float network, F64 for a double one, with the metadata
    /// <c>{"format": "pt"}</c>. PyTorch's <c>load_state_dict</c> takes it.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <remarks>Activations and <see cref="OutputTransform"/> are not tensors and are not written.</remarks>
    public void SaveSafetensors(Stream stream) => SafetensorsWriter.Write(this, stream, null, null);

    /// <summary>Writes the weights and biases as a safetensors file with the given key prefixes and metadata.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="layerPrefixes">One key prefix per layer (<c>["fc1", "fc2"]</c>), or null for the nn.Sequential indices.</param>
    /// <param name="metadata">The "__metadata__" strings, or null for <c>{"format": "pt"}</c>; an empty dictionary writes none.</param>
    /// <exception cref="ArgumentException">The prefixes are not one distinct name per layer.</exception>
    public void SaveSafetensors(Stream stream, IReadOnlyList<string>? layerPrefixes, IReadOnlyDictionary<string, string>? metadata) =>
        SafetensorsWriter.Write(this, stream, layerPrefixes, metadata);

    /// <summary>Writes a safetensors file (see <see cref="SaveSafetensors(Stream)"/>), atomically as <see cref="Save(string)"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    public void SaveSafetensors(string path) => AtomicFile.Write(path, SaveSafetensors);

    /// <summary>Writes a safetensors file with the given key prefixes and metadata, atomically as <see cref="Save(string)"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="layerPrefixes">One key prefix per layer, or null for the nn.Sequential indices.</param>
    /// <param name="metadata">The "__metadata__" strings, or null for <c>{"format": "pt"}</c>.</param>
    public void SaveSafetensors(string path, IReadOnlyList<string>? layerPrefixes, IReadOnlyDictionary<string, string>? metadata) =>
        AtomicFile.Write(path, s => SaveSafetensors(s, layerPrefixes, metadata));
}
