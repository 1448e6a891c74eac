using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Google.Protobuf;
using Kernels.Mlp.Onnx.Proto;

namespace Kernels.Mlp.Onnx;

/// <summary>
/// Reads an ONNX model that is an MLP: the graph must be one chain from its single input to its single output, of
/// linear layers (<c>Gemm</c>, or <c>MatMul</c> then <c>Add</c>), activations (<c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c>)
/// and, at the end, <c>Softmax</c> or <c>LogSoftmax</c>; <c>Flatten</c> and <c>Reshape</c> to (batch, features),
/// <c>Identity</c> and inference-mode <c>Dropout</c> pass through. Opsets 9 to 21 of the default domain.
/// </summary>
/// <remarks>
/// The whole graph is checked and every weight decoded into plain arrays before anything is built. A graph Kernels
/// cannot run as an MLP throws <see cref="NotSupportedException"/> naming the node, its op type and why; bytes that are
/// not a valid model, or tensors whose data disagrees with their shape, throw <see cref="WeightsFormatException"/>.
/// </remarks>
internal static class OnnxReader
{
    public const int MinOpset = 9, MaxOpset = 21;

    /// <summary>Parses and validates a model file's bytes.</summary>
    public static ImportedNetwork<T> Read<T>(byte[] bytes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new WeightsFormatException($"Not a valid ONNX model ({bytes.Length} bytes): {e.Message}", e);
        }
        if (model.Graph is null)
            throw new WeightsFormatException($"Not an ONNX model ({bytes.Length} bytes): it has no graph.");
        return new GraphWalk<T>(model.Graph, Opset(model)).Run();
    }

    private static long Opset(ModelProto model)
    {
        long? opset = null;
        foreach (var o in model.OpsetImport)
            if (o.Domain is "" or "ai.onnx")
                opset = o.Version;
        if (opset is not { } v)
            throw new NotSupportedException("The ONNX model imports no opset of the default domain (ai.onnx), so its operators have no definition.");
        if (v is < MinOpset or > MaxOpset)
            throw new NotSupportedException($"The ONNX model uses opset {v} of the default domain; Kernels reads opsets {MinOpset} to {MaxOpset}.");
        return v;
    }

    /// <summary>A layer while the chain is read: weights in T, the bias in double (it may still gain an Add), and the
    /// activation once one follows.</summary>
    private sealed class Layer<T>(int inputs, int outputs, T[] weights, double[] bias)
    {
        public int Inputs { get; } = inputs;
        public int Outputs { get; } = outputs;
        public T[] Weights { get; } = weights;
        public double[] Bias { get; } = bias;
        public Activation? Activation { get; set; }
    }

    /// <summary>One pass along the chain, from the graph input to the graph output.</summary>
    private sealed class GraphWalk<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly GraphProto _graph;
        private readonly long _opset;
        private readonly Dictionary<string, TensorProto> _initializers = [];
        private readonly Dictionary<string, OnnxNode> _constants = []; // Constant nodes by output name
        private readonly Dictionary<string, List<OnnxNode>> _readers = [];
        private readonly Dictionary<string, ConstantTensor> _decoded = [];
        private readonly HashSet<NodeProto> _used = new(ReferenceEqualityComparer.Instance);
        private readonly List<Layer<T>> _layers = [];
        private Layer<T>? _open;    // the last layer, while an activation or a bias may still follow
        private OutputTransform _transform;
        private string _outputName = "";
        private int _rank;          // rank of the current tensor; 0 when unknown
        private long[]? _dims;      // its non-batch dimensions when all are known (before the first layer)
        private int _width;         // features per sample once the tensor is 2-D and known; 0 when unknown

        public GraphWalk(GraphProto graph, long opset)
        {
            _graph = graph;
            _opset = opset;
            foreach (var t in graph.Initializer)
                if (!_initializers.TryAdd(t.Name, t))
                    throw new WeightsFormatException($"The ONNX graph has two initializers named '{t.Name}'.");
            for (int i = 0; i < graph.Node.Count; i++)
            {
                var node = new OnnxNode(graph.Node[i], i);
                if (node.Proto.Domain is not ("" or "ai.onnx"))
                    throw node.Unsupported($"its domain '{node.Proto.Domain}' is not the default ONNX domain; Kernels runs only standard operators.");
                if (node.OpType == "Constant")
                {
                    if (node.Proto.Output.Count != 1)
                        throw node.Unsupported("a Constant node has exactly one output.");
                    _constants[node.Proto.Output[0]] = node;
                    continue;
                }
                foreach (string input in node.Proto.Input)
                    if (input.Length > 0)
                    {
                        if (!_readers.TryGetValue(input, out var list)) _readers[input] = list = [];
                        if (!list.Contains(node)) list.Add(node);
                    }
            }
        }

        public ImportedNetwork<T> Run()
        {
            string current = Input();
            _outputName = Output();
            while (true)
            {
                var readers = Readers(current);
                if (current == _outputName)
                {
                    if (readers.Count > 0)
                        throw readers[0].Unsupported($"it reads the graph output '{current}', which is then both an output and an intermediate value: a branch; Kernels runs a single chain.");
                    break;
                }
                if (readers.Count == 0)
                    throw new NotSupportedException($"ONNX value '{current}' is read by no node and is not the graph output '{_outputName}': the graph does not chain from its input to its output.");
                if (readers.Count > 1)
                    throw readers[1].Unsupported($"it and {readers[0].Describe()} both read '{current}': a branch; Kernels runs a single chain of layers.");
                var node = readers[0];
                if (!_used.Add(node.Proto))
                    throw node.Unsupported($"the chain comes back to it through '{current}': a cycle; Kernels runs a single chain of layers.");
                current = Step(node, current);
            }
            foreach (var n in _graph.Node.Select((p, i) => (p, i)))
            {
                var node = new OnnxNode(n.p, n.i);
                if (n.p.OpType != "Constant" && !_used.Contains(n.p))
                    throw node.Unsupported($"it is not on the chain from the graph input to the graph output '{_outputName}'; Kernels runs a single chain of layers.");
            }
            Close();
            if (_layers.Count == 0)
                throw new NotSupportedException("The ONNX graph has no linear layer (Gemm, or MatMul with a constant weight): it is not an MLP.");
            CheckDeclaredOutput();

            var sizes = new int[_layers.Count + 1];
            sizes[0] = _layers[0].Inputs;
            for (int h = 0; h < _layers.Count; h++) sizes[h + 1] = _layers[h].Outputs;
            var imported = new ImportedNetwork<T>(sizes,
                [.. _layers.Select(l => l.Activation ?? Activation.Identity)],
                [.. _layers.Select(l => l.Weights)],
                [.. _layers.Select(l => l.Bias.Select(T.CreateTruncating).ToArray())],
                _transform);
            imported.AssertConsistent();
            return imported;
        }

        // --- graph input and output ---------------------------------------------------------------------------------

        private string Input()
        {
            var inputs = _graph.Input.Where(i => !_initializers.ContainsKey(i.Name)).ToList();
            if (inputs.Count != 1)
                throw new NotSupportedException($"The ONNX graph has {inputs.Count} inputs ({string.Join(", ", inputs.Select(i => $"'{i.Name}'"))}) besides its initializers; an MLP has exactly one.");
            var input = inputs[0];
            if (input.Type?.TensorType is not { } tensor)
                throw new NotSupportedException($"The ONNX graph input '{input.Name}' is not a tensor.");
            if (tensor.ElemType is not (OnnxTensors.Float or OnnxTensors.Double or OnnxTensors.Float16 or OnnxTensors.BFloat16))
                throw new NotSupportedException($"The ONNX graph input '{input.Name}' has element type {OnnxTensors.TypeName(tensor.ElemType)}; Kernels takes floating-point inputs.");
            if (tensor.Shape is { } shape)
            {
                _rank = shape.Dim.Count;
                if (_rank < 2)
                    throw new NotSupportedException($"The ONNX graph input '{input.Name}' has rank {_rank}; Kernels takes a batch of samples, (batch, features) or (batch, …) flattened.");
                var dims = shape.Dim.Skip(1).Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? d.DimValue : 0).ToArray();
                if (dims.All(d => d > 0)) _dims = dims;
                if (_rank == 2 && _dims is not null) _width = Width(_dims[0], $"graph input '{input.Name}'");
            }
            return input.Name;
        }

        private string Output()
        {
            if (_graph.Output.Count != 1)
                throw new NotSupportedException($"The ONNX graph has {_graph.Output.Count} outputs ({string.Join(", ", _graph.Output.Select(o => $"'{o.Name}'"))}); an MLP has exactly one.");
            return _graph.Output[0].Name;
        }

        // A declared output width that disagrees with the layers means the graph was not read as its author meant.
        private void CheckDeclaredOutput()
        {
            var dims = _graph.Output[0].Type?.TensorType?.Shape?.Dim;
            if (dims is null) return;
            int outputs = _layers[^1].Outputs;
            if (dims.Count != 2 || (dims[1].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dims[1].DimValue > 0 && dims[1].DimValue != outputs))
                throw new NotSupportedException($"The ONNX graph output '{_outputName}' is declared with shape [{string.Join(", ", dims.Select(DimText))}], but the layers produce (batch, {outputs}).");
        }

        private static string DimText(TensorShapeProto.Types.Dimension d) =>
            d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : "?";

        private List<OnnxNode> Readers(string value) => _readers.TryGetValue(value, out var list) ? list : [];

        // --- one node ---------------------------------------------------------------------------------------------------

        /// <summary>Applies one node of the chain, which reads <paramref name="current"/>; returns the value it produces.</summary>
        private string Step(OnnxNode node, string current)
        {
            if (node.Proto.Output.Count == 0 || node.Proto.Output[0].Length == 0)
                throw node.Unsupported("it has no output.");
            for (int i = 1; i < node.Proto.Output.Count; i++)
            {
                string extra = node.Proto.Output[i];
                if (extra.Length > 0 && (Readers(extra).Count > 0 || extra == _outputName))
                    throw node.Unsupported($"its output {i} ('{extra}') is used; Kernels runs only the main output of each node.");
            }
            int slot = node.Proto.Input.IndexOf(current);
            if (_transform != OutputTransform.None && node.OpType is not ("Identity" or "Dropout" or "Flatten" or "Reshape"))
                throw node.Unsupported($"it follows the {_transform}, which must end the graph.");
            switch (node.OpType)
            {
                case "Gemm": Gemm(node, slot); break;
                case "MatMul": MatMul(node, slot); break;
                case "Add": Add(node, slot); break;
                case "Relu": Activate(node, Activation.Relu); break;
                case "Sigmoid": Activate(node, Activation.Sigmoid); break;
                case "Tanh": Activate(node, Activation.Tanh); break;
                case "Softmax": Transform(node, OutputTransform.Softmax); break;
                case "LogSoftmax": Transform(node, OutputTransform.LogSoftmax); break;
                case "Flatten": Flatten(node); break;
                case "Reshape": Reshape(node, slot); break;
                case "Identity": Only(node, slot, 1); node.OnlyAttributes(); break;
                case "Dropout": Dropout(node, slot); break;
                default:
                    throw node.Unsupported($"op type {node.OpType} is not one an MLP layer is made of (Gemm, MatMul, Add, Relu, Sigmoid, Tanh, Softmax, LogSoftmax, Flatten, Reshape, Identity, Dropout).");
            }
            return node.Proto.Output[0];
        }

        private static void Only(OnnxNode node, int slot, int inputs)
        {
            if (slot != 0 || node.Proto.Input.Count(i => i.Length > 0) > inputs)
                throw node.Unsupported($"it takes {node.Proto.Input.Count} inputs; Kernels expects the running value as its only input.");
        }

        private void Gemm(OnnxNode node, int slot)
        {
            node.OnlyAttributes("alpha", "beta", "transA", "transB");
            if (node.Int("transA", 0) != 0)
                throw node.Unsupported("transA = 1 transposes the activations, so the product would run across the batch rather than within each sample; an MLP layer multiplies each sample's features.");
            if (slot != 0)
                throw node.Unsupported("the activations are its input B; an MLP layer has them as input A (Y = X·W + b), with the weights constant.");
            if (node.Input(1) is not { } b)
                throw node.Unsupported("it has no input B.");
            bool transB = node.Int("transB", 0) != 0;
            double alpha = node.Float("alpha", 1f), beta = node.Float("beta", 1f);
            var weight = Constant(node, b, "its weight B");
            if (weight.Rank != 2)
                throw node.Unsupported($"its weight B '{b}' has shape {weight.ShapeText}; a layer's weight is a matrix.");
            int k = Width(transB ? weight.Dims[1] : weight.Dims[0], node.Describe()), n = Width(transB ? weight.Dims[0] : weight.Dims[1], node.Describe());
            // The layer stores W as units × features: op(B) transposed, so B itself when transB = 1.
            T[] w = weight.Matrix<T>(transpose: !transB, alpha);
            var bias = new double[n];
            if (node.Input(2) is { } c)
                AddBias(node, Constant(node, c, "its bias C"), bias, beta);
            OpenLayer(node, k, n, w, bias);
        }

        private void MatMul(OnnxNode node, int slot)
        {
            node.OnlyAttributes();
            if (slot != 0)
                throw node.Unsupported("the activations are its second operand; an MLP layer computes X·W with the activations first and a constant weight second.");
            if (node.Input(1) is not { } b)
                throw node.Unsupported("it has no second operand.");
            var weight = Constant(node, b, "its weight");
            if (weight.Rank != 2)
                throw node.Unsupported($"its weight '{b}' has shape {weight.ShapeText}; a layer's weight is a matrix (features × units).");
            int k = Width(weight.Dims[0], node.Describe()), n = Width(weight.Dims[1], node.Describe());
            OpenLayer(node, k, n, weight.Matrix<T>(transpose: true, 1), new double[n]);
        }

        private void Add(OnnxNode node, int slot)
        {
            node.OnlyAttributes();
            if (_open is null || _open.Activation is not null)
                throw node.Unsupported("it does not follow a linear layer (Gemm or MatMul) directly; Kernels reads an Add as a layer's bias.");
            if (slot is not (0 or 1) || node.Proto.Input.Count != 2)
                throw node.Unsupported($"it has {node.Proto.Input.Count} inputs; an Add of a bias has two.");
            string other = node.Proto.Input[1 - slot];
            AddBias(node, Constant(node, other, "its bias operand"), _open.Bias, 1);
        }

        private void Activate(OnnxNode node, Activation activation)
        {
            node.OnlyAttributes();
            if (_open is null)
                throw node.Unsupported("it does not follow a linear layer; Kernels applies activations to a layer's output.");
            if (_open.Activation is { } existing)
                throw node.Unsupported($"the layer it follows already has the activation {existing}; a layer has one.");
            _open.Activation = activation;
        }

        private void Transform(OnnxNode node, OutputTransform transform)
        {
            node.OnlyAttributes("axis");
            if (_open is null)
                throw node.Unsupported($"it does not follow a layer; Kernels applies {node.OpType} to the network's output.");
            // Before opset 13 the default axis is 1 (the input coerced to 2-D: the rows); from 13 it is −1. On the 2-D
            // output both name the feature axis.
            long axis = node.Int("axis", _opset < 13 ? 1 : -1);
            if (axis is not (1 or -1))
                throw node.Unsupported($"axis = {axis}; on the (batch, features) output Kernels applies it along the features (axis 1 or −1).");
            Close();
            _transform = transform;
        }

        private void Flatten(OnnxNode node)
        {
            node.OnlyAttributes("axis");
            long axis = node.Int("axis", 1);
            if (_rank > 0 && axis < 0) axis += _rank;
            if (axis != 1)
                throw node.Unsupported($"axis = {node.Int("axis", 1)} would merge samples of the batch or split them; Kernels flattens each sample to (batch, features), axis 1.");
            if (_rank != 2 && _dims is not null)
                _width = Width(_dims.Aggregate(1L, (p, d) => p * d), node.Describe());
            else if (_rank != 2)
                _width = 0;
            _rank = 2;
            _dims = null;
        }

        private void Reshape(OnnxNode node, int slot)
        {
            node.OnlyAttributes("allowzero");
            if (slot != 0 || node.Input(1) is not { } shapeName)
                throw node.Unsupported("it must reshape the running value by a constant shape.");
            var shape = Constant(node, shapeName, "its shape");
            bool allowZero = node.Int("allowzero", 0) != 0;
            if (shape.Rank != 1 || shape.Count != 2)
                throw node.Unsupported($"it reshapes to a shape of {shape.Count} dimensions; Kernels keeps (batch, features).");
            double batch = shape.Values[0], features = shape.Values[1];
            if (!(batch == -1 || (batch == 0 && !allowZero)))
                throw node.Unsupported($"its target shape [{batch}, {features}] fixes the batch dimension; a reshape to (batch, features) keeps it with −1 or 0.");
            long perSample = _rank == 2 && _width > 0 ? _width : _dims?.Aggregate(1L, (p, d) => p * d) ?? 0;
            if (features > 0)
            {
                if (perSample > 0 && perSample != features)
                    throw node.Unsupported($"it reshapes samples of {perSample} values to rows of {features}: samples would be split or merged.");
                _width = Width((long)features, node.Describe());
            }
            else if (features == -1 && batch == 0)
                _width = perSample > 0 ? Width(perSample, node.Describe()) : 0;
            else if (features == 0 && !allowZero && _rank == 2)
            {
                // [0, 0] and [−1, 0] copy both dimensions of a 2-D tensor: nothing changes.
            }
            else
                throw node.Unsupported($"its target shape [{batch}, {features}] is not (batch, features).");
            _rank = 2;
            _dims = null;
        }

        private void Dropout(OnnxNode node, int slot)
        {
            node.OnlyAttributes("ratio", "seed", "is_test");
            if (slot != 0)
                throw node.Unsupported("it must take the running value as its data input.");
            if (node.Input(2) is { } training)
            {
                var mode = Constant(node, training, "its training_mode");
                if (mode.Count != 1)
                    throw node.Unsupported($"its training_mode '{training}' has {mode.Count} values; it is one boolean.");
                if (mode.Values[0] != 0)
                    throw node.Unsupported($"its training_mode '{training}' is true, so it would drop units; Kernels runs inference, where Dropout passes values through.");
            }
            if (node.Input(1) is { } ratio)
                Constant(node, ratio, "its ratio"); // ignored in inference, but must be a constant
        }

        // --- helpers -------------------------------------------------------------------------------------------------

        private void OpenLayer(OnnxNode node, int inputs, int outputs, T[] weights, double[] bias)
        {
            if (_rank != 2 && _rank != 0)
                throw node.Unsupported($"its input has rank {_rank}; flatten it to (batch, features) first (Flatten or Reshape).");
            if (_width > 0 && _width != inputs)
                throw node.Unsupported($"shapes do not chain: its weight takes {inputs} features per sample, but the value it reads has {_width}.");
            Close();
            if (_layers.Count >= WeightsFile.MaxLayers)
                throw node.Unsupported($"the network would have more than {WeightsFile.MaxLayers} layers.");
            _open = new Layer<T>(inputs, outputs, weights, bias);
            _rank = 2;
            _dims = null;
            _width = outputs;
        }

        private void Close()
        {
            if (_open is null) return;
            _layers.Add(_open);
            _open = null;
        }

        // Adds scale·c, broadcast over the batch, to a layer's bias: c must be a scalar, [N] or [1, N].
        private static void AddBias(OnnxNode node, ConstantTensor c, double[] bias, double scale)
        {
            int n = bias.Length;
            bool scalar = c.Count == 1 && c.Dims.All(d => d == 1);
            bool row = (c.Rank == 1 && c.Dims[0] == n) || (c.Rank == 2 && c.Dims[0] == 1 && c.Dims[1] == n);
            if (!scalar && !row)
                throw node.Unsupported($"its bias '{c.Name}' has shape {c.ShapeText}; a bias of {n} units is [{n}], [1, {n}] or a scalar.");
            for (int i = 0; i < n; i++)
                bias[i] += scale * c.Values[scalar ? 0 : i];
        }

        /// <summary>The constant named <paramref name="name"/> (an initializer or a Constant node's value), decoded once.</summary>
        private ConstantTensor Constant(OnnxNode reader, string name, string role)
        {
            if (_decoded.TryGetValue(name, out var cached))
                return cached;
            ConstantTensor decoded;
            if (_initializers.TryGetValue(name, out var init))
                decoded = new ConstantTensor(init, name);
            else if (_constants.TryGetValue(name, out var constant))
                decoded = FromConstantNode(constant, name);
            else
                throw reader.Unsupported($"{role} '{name}' is not a constant (an initializer or a Constant node); Kernels needs constant weights.");
            _decoded[name] = decoded;
            return decoded;
        }

        private static ConstantTensor FromConstantNode(OnnxNode node, string name)
        {
            if (node.Proto.Attribute.Count != 1)
                throw node.Unsupported($"it has {node.Proto.Attribute.Count} attributes; a Constant has exactly one value.");
            var a = node.Proto.Attribute[0];
            return a.Name switch
            {
                "value" when a.T is not null => new ConstantTensor(a.T, name),
                "value_float" => new ConstantTensor(name, [], [a.F]),
                "value_floats" => new ConstantTensor(name, [a.Floats.Count], [.. a.Floats.Select(f => (double)f)]),
                "value_int" => new ConstantTensor(name, [], [a.I]),
                "value_ints" => new ConstantTensor(name, [a.Ints.Count], [.. a.Ints.Select(i => (double)i)]),
                _ => throw node.Unsupported($"its value is given as '{a.Name}'; Kernels reads value, value_float(s) and value_int(s)."),
            };
        }

        private static int Width(long width, string where)
        {
            if (width < 1 || width > WeightsFile.MaxWidth)
                throw new NotSupportedException($"ONNX {where}: a width of {width}; a layer has 1 to {WeightsFile.MaxWidth} units.");
            return (int)width;
        }
    }
}
