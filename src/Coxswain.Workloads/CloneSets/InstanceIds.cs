using System.Security.Cryptography;
using Coxswain.Apis.Apps;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// Instance ids: the suffix of a CloneSet pod's name and of its PVCs' names. Ids of PVCs left by deleted pods are
/// reused first (so a replacement pod gets its predecessor's volumes), then fresh ones are drawn as Kubernetes'
/// <c>rand.String(5)</c> draws them (lowercase consonants and digits, no vowels, so no words).
/// </summary>
public static class InstanceIds
{
    const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    public const int Length = 5;

    public static string Random() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// <paramref name="count"/> ids no active pod uses: first those of PVCs without a pod (unless reuse is disabled),
    /// then fresh ones.
    /// </summary>
    public static IReadOnlyList<string> Available(int count, IEnumerable<V1Pod> pods, IEnumerable<V1PersistentVolumeClaim> claims, bool reuseClaims, Func<string>? random = null)
    {
        random ??= Random;
        var used = pods.Select(p => p.Label(KruiseLabels.CloneSetInstanceId)).OfType<string>().ToHashSet();
        var ids = new List<string>();
        if (reuseClaims)
            foreach (var id in claims.Select(c => c.Label(KruiseLabels.CloneSetInstanceId)).OfType<string>().Distinct().Order(StringComparer.Ordinal))
            {
                if (ids.Count == count) break;
                if (used.Add(id)) ids.Add(id);
            }
        while (ids.Count < count)
        {
            var id = random();
            if (used.Add(id)) ids.Add(id);
        }
        return ids;
    }
}
