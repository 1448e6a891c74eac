using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Kernels.Mlp.Tests.Layering;

/// <summary>
/// Which of an assembly's own types each of its types uses, read from the compiled IL: signatures, fields, locals,
/// generic arguments and constraints, and every type, method and field an instruction names. Compiler-generated types
/// (closures, state machines, lambdas) count as part of the type that declares them.
/// </summary>
internal sealed class NamespaceDependencies
{
    /// <summary>(namespace of the user, full name of the user, full name of the type used); only the assembly's own types.</summary>
    public IReadOnlyList<(string FromNamespace, string From, string To)> Edges { get; }

    /// <summary>Namespace of every own type by full name.</summary>
    public IReadOnlyDictionary<string, string> NamespaceOf { get; }

    public NamespaceDependencies(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var namespaces = new Dictionary<string, string>();
        var own = module.Types.Where(t => !IsCompilerNoise(t)).ToList();
        foreach (var t in own)
            Record(t, t.Namespace, namespaces);
        NamespaceOf = namespaces;

        var edges = new HashSet<(string, string, string)>();
        foreach (var top in own)
        {
            foreach (var (type, _) in WithNested(top))
            {
                var used = new HashSet<string>();
                Collect(type, used);
                foreach (string u in used)
                    if (namespaces.ContainsKey(u) && u != Outermost(top))
                        edges.Add((top.Namespace, top.FullName, u));
            }
        }
        Edges = edges.OrderBy(e => e.Item2).ThenBy(e => e.Item3).ToList();
    }

    private static bool IsCompilerNoise(TypeDefinition t) => t.Namespace.Length == 0;

    private static void Record(TypeDefinition t, string ns, Dictionary<string, string> map)
    {
        map[t.FullName] = ns;
        foreach (var n in t.NestedTypes)
            Record(n, ns, map);
    }

    private static IEnumerable<(TypeDefinition, int)> WithNested(TypeDefinition t, int depth = 0)
    {
        yield return (t, depth);
        foreach (var n in t.NestedTypes)
            foreach (var x in WithNested(n, depth + 1))
                yield return x;
    }

    private static string Outermost(TypeDefinition t) => t.FullName;

    private static void Collect(TypeDefinition t, HashSet<string> used)
    {
        Add(t.BaseType, used);
        foreach (var i in t.Interfaces) Add(i.InterfaceType, used);
        foreach (var g in t.GenericParameters) Constraints(g, used);
        foreach (var f in t.Fields) Add(f.FieldType, used);
        foreach (var p in t.Properties) Add(p.PropertyType, used);
        foreach (var m in t.Methods)
        {
            Add(m.ReturnType, used);
            foreach (var p in m.Parameters) Add(p.ParameterType, used);
            foreach (var g in m.GenericParameters) Constraints(g, used);
            foreach (var o in m.Overrides) AddMember(o, used);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType, used);
            foreach (var ins in m.Body.Instructions)
            {
                switch (ins.Operand)
                {
                    case TypeReference tr: Add(tr, used); break;
                    case MemberReference mr: AddMember(mr, used); break;
                }
            }
        }
    }

    private static void Constraints(GenericParameter g, HashSet<string> used)
    {
        foreach (var c in g.Constraints) Add(c.ConstraintType, used);
    }

    private static void AddMember(MemberReference m, HashSet<string> used)
    {
        Add(m.DeclaringType, used);
        switch (m)
        {
            case GenericInstanceMethod gm:
                foreach (var a in gm.GenericArguments) Add(a, used);
                AddMember(gm.ElementMethod, used);
                break;
            case MethodReference mr:
                Add(mr.ReturnType, used);
                foreach (var p in mr.Parameters) Add(p.ParameterType, used);
                break;
            case FieldReference fr:
                Add(fr.FieldType, used);
                break;
        }
    }

    private static void Add(TypeReference? t, HashSet<string> used)
    {
        switch (t)
        {
            case null:
            case GenericParameter:
                return;
            case GenericInstanceType g:
                Add(g.ElementType, used);
                foreach (var a in g.GenericArguments) Add(a, used);
                return;
            case TypeSpecification s:
                Add(s.ElementType, used);
                return;
        }
        var outer = t;
        while (outer.DeclaringType is not null)
            outer = outer.DeclaringType;
        used.Add(outer.FullName);
    }
}
