using System;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels.Vectors;

/// <summary>Something done with an activation function known at compile time (its operator struct as a type argument).</summary>
internal interface IActivationAction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    void Run<TAct>() where TAct : struct, IActivation<T>;
}

/// <summary>
/// The one place an <see cref="Activation"/> value becomes its function's struct: every kernel that takes an activation
/// goes through here, so the JIT specialises each for every function and nothing dispatches per element.
/// </summary>
internal static class ActivationDispatch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TAction>(Activation activation, ref TAction action, string parameterName)
        where T : unmanaged, IFloatingPointIeee754<T> where TAction : struct, IActivationAction<T>, allows ref struct
    {
        switch (activation)
        {
            case Activation.Identity: action.Run<IdentityActivation<T>>(); break;
            case Activation.Sigmoid: action.Run<SigmoidActivation<T>>(); break;
            case Activation.Tanh: action.Run<TanhActivation<T>>(); break;
            case Activation.Relu: action.Run<ReluActivation<T>>(); break;
            default: ThrowNotAnActivation(activation, parameterName); break;
        }
    }

    /// <summary>Throws unless <paramref name="activation"/> is defined (for kernels that check it before their other arguments).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Defined(Activation activation, string parameterName)
    {
        if ((uint)activation > (uint)Activation.Relu)
            ThrowNotAnActivation(activation, parameterName);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotAnActivation(Activation activation, string parameterName) =>
        throw new ArgumentOutOfRangeException(parameterName, activation, "Not an Activation value.");
}
