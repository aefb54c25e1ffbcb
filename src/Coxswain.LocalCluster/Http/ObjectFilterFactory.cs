using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Selectors;

namespace Coxswain.LocalCluster.Http;

/// <summary>Builds the <see cref="ObjectFilter"/> of a list/watch request from its namespace and selector parameters.</summary>
public sealed class ObjectFilterFactory
{
    public ObjectFilter Create(ResourceDefinition r, string? ns, RequestQuery q)
    {
        var labels = q.LabelSelector is null ? null : LabelSelector.Parse(q.LabelSelector);
        var fields = q.FieldSelector is null ? null : SelectableFields.For(r).Validate(FieldSelector.Parse(q.FieldSelector));
        if (labels is { IsEmpty: true }) labels = null;
        if (fields is { IsEmpty: true }) fields = null;
        if (labels is null && fields is null) return new ObjectFilter(ns);
        // Field values were extracted when the object was written (ObjectAttributes), so matching reads no JSON.
        return new ObjectFilter(ns, a =>
            (labels is null || labels.Matches(a.Labels)) &&
            (fields is null || fields.Matches(f => a.Fields.TryGetValue(f, out var v) ? v : null)));
    }
}
