using System;
using System.Linq;
using Kernels.Mlp.Onnx.Proto;

namespace Kernels.Mlp.Onnx;

/// <summary>A graph node with what messages and attribute look-ups need: its name (or position) and op type.</summary>
internal sealed class OnnxNode(NodeProto proto, int index)
{
    public NodeProto Proto { get; } = proto;

    public string OpType => Proto.OpType;

    /// <summary>How messages name the node: <c>node 'fc1/Gemm' (Gemm)</c>, or by position and output when it has no name.</summary>
    public string Describe() => Proto.Name.Length > 0
        ? $"node '{Proto.Name}' ({OpType})"
        : $"node #{index} ({OpType}, output '{Proto.Output.FirstOrDefault() ?? ""}')";

    /// <summary>A <see cref="NotSupportedException"/> naming this node, its op type and <paramref name="why"/>.</summary>
    public NotSupportedException Unsupported(string why) => new($"ONNX {Describe()}: {why}");

    /// <summary>The input at <paramref name="i"/>, or null when it is absent or named "" (an omitted optional input).</summary>
    public string? Input(int i) => i < Proto.Input.Count && Proto.Input[i].Length > 0 ? Proto.Input[i] : null;

    public AttributeProto? Attribute(string name) => Proto.Attribute.FirstOrDefault(a => a.Name == name);

    public long Int(string name, long defaultValue) => Attribute(name) is { } a ? Expect(a, AttributeProto.Types.AttributeType.Int).I : defaultValue;

    public float Float(string name, float defaultValue) => Attribute(name) is { } a ? Expect(a, AttributeProto.Types.AttributeType.Float).F : defaultValue;

    /// <summary>Rejects attributes other than <paramref name="known"/> (an attribute Kernels would ignore could change the result).</summary>
    public void OnlyAttributes(params string[] known)
    {
        foreach (var a in Proto.Attribute)
            if (!known.Contains(a.Name))
                throw Unsupported($"attribute '{a.Name}' is not one Kernels reads for {OpType} ({(known.Length == 0 ? "none" : string.Join(", ", known))}).");
    }

    private AttributeProto Expect(AttributeProto a, AttributeProto.Types.AttributeType type)
    {
        if (a.RefAttrName.Length > 0)
            throw Unsupported($"attribute '{a.Name}' refers to a function's attribute '{a.RefAttrName}'; Kernels reads plain graphs.");
        // IR versions before 3 left the type out; then the field present decides.
        if (a.HasType && a.Type != type)
            throw Unsupported($"attribute '{a.Name}' is of type {a.Type}, expected {type}.");
        return a;
    }
}
