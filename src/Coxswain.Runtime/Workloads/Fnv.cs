namespace Coxswain.Runtime.Workloads;

/// <summary>
/// The 32-bit FNV hashes of Go's <c>hash/fnv</c>: <c>New32</c> (FNV-1) hashes ControllerRevisions, <c>New32a</c>
/// (FNV-1a) hashes pod templates into <c>pod-template-hash</c>.
/// </summary>
internal static class Fnv
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Fnv1(ReadOnlySpan<byte> data, uint hash = OffsetBasis)
    {
        foreach (var b in data)
        {
            hash = unchecked(hash * Prime) ^ b;
        }

        return hash;
    }

    public static uint Fnv1a(ReadOnlySpan<byte> data, uint hash = OffsetBasis)
    {
        foreach (var b in data)
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }

    public static uint Basis => OffsetBasis;
}
