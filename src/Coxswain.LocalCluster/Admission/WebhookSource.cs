using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// The webhooks currently configured, read from the store's latest snapshot: configurations sorted by name, webhooks in
/// their listed order (kube-apiserver's order). Parsed once per change of the configuration buckets, so a write with
/// no webhook configurations pays two dictionary lookups.
/// </summary>
internal sealed class WebhookSource(ObjectStore store)
{
    sealed record Parsed(
        ImmutableSortedDictionary<string, StoredObject> MutatingBucket, IReadOnlyList<Webhook> Mutating,
        ImmutableSortedDictionary<string, StoredObject> ValidatingBucket, IReadOnlyList<Webhook> Validating);

    volatile Parsed? cache;

    public IReadOnlyList<Webhook> Mutating => Current().Mutating;

    public IReadOnlyList<Webhook> Validating => Current().Validating;

    Parsed Current()
    {
        var snapshot = store.Current;
        // The snapshot's buckets are immutable and replaced on change, so reference equality says "unchanged".
        var mutating = snapshot.Bucket(BuiltInResources.MutatingWebhookConfigurations.GroupResource);
        var validating = snapshot.Bucket(BuiltInResources.ValidatingWebhookConfigurations.GroupResource);
        var cached = cache;
        if (cached is not null && ReferenceEquals(cached.MutatingBucket, mutating) && ReferenceEquals(cached.ValidatingBucket, validating))
            return cached;
        var parsed = new Parsed(mutating, Parse(mutating, mutating: true), validating, Parse(validating, mutating: false));
        cache = parsed;
        return parsed;
    }

    static IReadOnlyList<Webhook> Parse(ImmutableSortedDictionary<string, StoredObject> bucket, bool mutating)
    {
        if (bucket.IsEmpty) return [];
        var webhooks = new List<Webhook>();
        // Bucket keys are "<resource>/<name>", so the bucket's ordinal order is the configurations' name order.
        foreach (var stored in bucket.Values)
        {
            var configuration = stored.ToJsonObject();
            var name = (string?)configuration["metadata"]?["name"] ?? "";
            foreach (var (index, webhook) in configuration.Arr("webhooks").Objects())
                webhooks.Add(Webhook.Parse(webhook, name, index, mutating));
        }
        return webhooks;
    }
}
