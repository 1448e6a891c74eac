using System;
using System.IO;
using Kernels.Mlp.Onnx;

namespace Kernels.Mlp;

public sealed partial class Network<T>
{
    /// <summary>The largest ONNX file <see cref="LoadOnnx(Stream)"/> reads: protobuf's own limit on one message.</summary>
    private const int MaxOnnxBytes = int.MaxValue;

    /// <summary>
    /// Creates a network from an ONNX model of an MLP, as PyTorch's <c>torch.onnx.export</c>, tf2onnx or skl2onnx write
    /// it: layer sizes, weights and activations come from the graph, and a trailing <c>Softmax</c> or <c>LogSoftmax</c>
    /// sets <see cref="OutputTransform"/>.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the start of the model; read to its end.</param>
    /// <returns>The network. Weights given in float16, bfloat16, float32 or float64 are rounded to <typeparamref name="T"/> once
    /// (Gemm's α and β folded in first, in double).</returns>
    /// <remarks>
    /// Read: opsets 9 to 21 of the default domain; a single chain from one input (batch, features), or (batch, …) then
    /// <c>Flatten</c>/<c>Reshape</c>, to one output, of <c>Gemm</c> (any α, β, transB; transA = 0), <c>MatMul</c> with a
    /// constant weight and an optional <c>Add</c> of a bias (either operand order), <c>Relu</c>, <c>Sigmoid</c>,
    /// <c>Tanh</c>, <c>Identity</c>, <c>Dropout</c> in inference mode, and a final <c>Softmax</c>/<c>LogSoftmax</c> on
    /// the last axis. Weights come from initializers (raw or typed fields) or <c>Constant</c> nodes; the batch
    /// dimension may be symbolic or fixed. The whole file is checked before the network is built.
    /// </remarks>
    /// <exception cref="WeightsFormatException">The bytes are not a valid ONNX model (truncated, corrupt lengths), or a
    /// tensor's data disagrees with its shape.</exception>
    /// <exception cref="NotSupportedException">The graph is not an MLP Kernels can run: the message names the node, its op
    /// type and why (an unsupported operator, a branch, shapes that do not chain, an opset outside 9–21 …).</exception>
    public static Network<T> LoadOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long length = stream.CanSeek ? stream.Length - stream.Position : -1;
        if (length > MaxOnnxBytes)
            throw new WeightsFormatException($"The ONNX file has {length} bytes, more than a protobuf message can hold.");
        return new Network<T>(OnnxReader.Read<T>(ReadToEnd(stream)));
    }

    /// <summary>Creates a network from an ONNX model file (see <see cref="LoadOnnx(Stream)"/>).</summary>
    /// <param name="path">The .onnx file.</param>
    /// <returns>The network.</returns>
    /// <exception cref="WeightsFormatException">The file is not a valid ONNX model.</exception>
    /// <exception cref="NotSupportedException">The graph is not an MLP Kernels can run.</exception>
    public static Network<T> LoadOnnx(string path)
    {
        using var f = File.OpenRead(path);
        return LoadOnnx(f);
    }

    /// <summary>
    /// Writes the network as an ONNX model (opset 17): input <c>input</c> (batch, N0) with a symbolic batch, per layer a
    /// <c>Gemm</c> (transB = 1) and its activation, a trailing <c>Softmax</c>/<c>LogSoftmax</c> for
    /// <see cref="OutputTransform"/>, output <c>output</c> (batch, NL); float32 for a float network, float64 for a double
    /// one. ONNX Runtime and <see cref="LoadOnnx(Stream)"/> read it; loading it back gives the same weights bit for bit.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <remarks>Connectivity masks are not part of the graph: masked weights are written as the zeros they are.</remarks>
    public void SaveOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(OnnxWriter.Write(this));
    }

    /// <summary>Writes the network as an ONNX model file (see <see cref="SaveOnnx(Stream)"/>), atomically as <see cref="Save(string)"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    public void SaveOnnx(string path) => AtomicFile.Write(path, SaveOnnx);


    private static byte[] ReadToEnd(Stream stream)
    {
        using var buffer = stream.CanSeek ? new MemoryStream((int)Math.Min(stream.Length - stream.Position, int.MaxValue)) : new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
