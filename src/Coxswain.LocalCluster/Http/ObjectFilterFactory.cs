using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Selectors;

namespace Coxswain.LocalCluster.Http;

/// <summary>Builds the <see cref="ObjectFilter"/> of a list/watch request from its namespace and selector parameters.</summary>
public sealed class ObjectFilterFactory
{
    public ObjectFilter Create(ResourceDefinition r, string? ns, RequestQuery q)
    {
        LabelSelector? labels = q.LabelSelector is null ? null : LabelSelector.Parse(q.LabelSelector);
        FieldSelector? fields = null;
        if (q.FieldSelector is not null)
        {
            fields = FieldSelector.Parse(q.FieldSelector);
            SelectableFields.Validate(r, fields);
        }
        if (labels is null && fields is null) return new ObjectFilter(ns);
        return new ObjectFilter(ns, a =>
            (labels is null || labels.Matches(a.Labels)) &&
            (fields is null || fields.Matches(f => a.Fields.TryGetValue(f, out var v) ? v : null)));
    }
}
