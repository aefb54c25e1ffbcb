namespace Coxswain.Bench.Support;

/// <summary>
/// Counts occurrences of a byte marker in a stream read in arbitrary chunks, including markers split across two chunks.
/// Watch streams are counted this way (a newline per Kubernetes event, <c>"kv":</c> per etcd event) rather than parsed,
/// so the watching client spends as little CPU as possible on the machine it shares with the server.
/// </summary>
public sealed class MarkerCounter(ReadOnlyMemory<byte> marker)
{
    readonly byte[] carry = new byte[Math.Max(marker.Length - 1, 0)];
    int carried;

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<byte> chunk)
    {
        var m = marker.Span;
        if (m.Length == 1)
        {
            Count += chunk.Count(m[0]);
            return;
        }
        // Markers that start in the previous chunk's tail and end in this one.
        if (carried > 0)
        {
            Span<byte> seam = stackalloc byte[carried + Math.Min(chunk.Length, m.Length - 1)];
            carry.AsSpan(0, carried).CopyTo(seam);
            chunk[..(seam.Length - carried)].CopyTo(seam[carried..]);
            for (var i = 0; i < carried; i++)
                if (seam[i..].StartsWith(m)) Count++;
        }
        for (var rest = chunk; ;)
        {
            var at = rest.IndexOf(m);
            if (at < 0) break;
            Count++;
            rest = rest[(at + m.Length)..];
        }
        // Keep the last marker-length-minus-one bytes (of the seam plus this chunk) for the next call.
        if (chunk.Length >= carry.Length)
        {
            chunk[^carry.Length..].CopyTo(carry);
            carried = carry.Length;
        }
        else
        {
            var keep = Math.Min(carried, carry.Length - chunk.Length);
            carry.AsSpan(carried - keep, keep).CopyTo(carry);
            chunk.CopyTo(carry.AsSpan(keep));
            carried = keep + chunk.Length;
        }
    }
}
