namespace Kernels.Shared;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood): a tiny generator whose sequence is the same on every machine and runtime, for
/// reproducible initialisation and test data. Compiled into each assembly that needs it (linked source), so no
/// assembly exposes a random-number API.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
