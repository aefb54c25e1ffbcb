using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Selectors.SelectableField;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// The table of selectable fields, one row per kind that registers a field label conversion function upstream
/// (pkg/apis/*/v1/conversion.go), with the values its registry strategy publishes (pkg/registry/**/strategy.go).
/// Every other kind falls back to apimachinery's defaults. Add a kind by adding a row.
/// </summary>
internal static class BuiltInSelectableFields
{
    static readonly SelectableField Name = Text("metadata.name");
    static readonly SelectableField Namespace = Text("metadata.namespace");

    /// <summary>The message of the conversion functions kube-apiserver registers per kind, and of custom resources.</summary>
    static string FieldLabelNotSupported(string field) => $"field label not supported: {field}";

    /// <summary>The message of runtime.DefaultMetaV1FieldSelectorConversion, used for kinds without their own function.</summary>
    static string NotAKnownFieldSelector(string field) =>
        $"{GoText.Quote(field)} is not a known field selector: only \"metadata.name\", \"metadata.namespace\"";

    /// <summary>core/v1 Events: what events of both groups are stored and selected as.</summary>
    static readonly SelectableField[] CoreEventFields =
    [
        Name, Namespace,
        Text("involvedObject.kind"), Text("involvedObject.namespace"), Text("involvedObject.name"), Text("involvedObject.uid"),
        Text("involvedObject.apiVersion"), Text("involvedObject.resourceVersion"), Text("involvedObject.fieldPath"),
        Text("reason"), Text("reportingComponent"), Text("type"),
        // The event's source component, or the reporting controller for events that only set that.
        Text("source", "source.component", "reportingComponent"),
    ];

    /// <summary>Keyed by <see cref="ResourceDefinition.GroupKind"/> ("Pod", "Event.events.k8s.io").</summary>
    static readonly Dictionary<string, SelectableFields> ByGroupKind = new(StringComparer.Ordinal)
    {
        ["Pod"] = Row(
            [
                Name, Namespace,
                Text("spec.nodeName"), Text("spec.restartPolicy"), Text("spec.schedulerName"), Text("spec.serviceAccountName"),
                Boolean("spec.hostNetwork"),
                Text("status.phase"),
                // Upstream reads the primary IP from status.podIPs[0]; an object that only sets status.podIP means the same.
                Text("status.podIP", "status.podIPs[0].ip", "status.podIP"),
                AlwaysEmpty("status.podIPs"),
                Text("status.nominatedNodeName"),
            ],
            // Old v1 clients send spec.host.
            aliases: new Dictionary<string, string> { ["spec.host"] = "spec.nodeName" }),

        // Nodes and namespaces are cluster-scoped and their conversion functions do not accept metadata.namespace.
        ["Node"] = Row([Name, Boolean("spec.unschedulable")]),
        ["Namespace"] = Row([Name, Text("status.phase")]),

        ["ReplicationController"] = Row([Name, Namespace, Integer("status.replicas")]),
        ["Secret"] = Row([Name, Namespace, Text("type")]),
        ["Service"] = Row([Name, Namespace, Text("spec.clusterIP"), Text("spec.type")]),

        ["Event"] = Row(CoreEventFields),

        // events.k8s.io Events are stored as core Events, so their selectable values are the core ones; the group's
        // field label conversion (pkg/apis/events/v1/conversion.go) accepts only its own names and maps them there.
        ["Event.events.k8s.io"] = new SelectableFields(CoreEventFields,
            new Dictionary<string, string>
            {
                ["metadata.name"] = "metadata.name", ["metadata.namespace"] = "metadata.namespace",
                ["reason"] = "reason", ["type"] = "type",
                ["regarding.kind"] = "involvedObject.kind", ["regarding.namespace"] = "involvedObject.namespace",
                ["regarding.name"] = "involvedObject.name", ["regarding.uid"] = "involvedObject.uid",
                ["regarding.apiVersion"] = "involvedObject.apiVersion",
                ["regarding.resourceVersion"] = "involvedObject.resourceVersion",
                ["regarding.fieldPath"] = "involvedObject.fieldPath",
                ["reportingController"] = "reportingComponent",
            },
            FieldLabelNotSupported, acceptsOnlyAliases: true),
    };

    static readonly HashSet<string> BuiltInGroupKinds = BuiltInResources.All.Select(r => r.GroupKind).ToHashSet(StringComparer.Ordinal);

    /// <summary>Built-in kinds with no row: apimachinery's default conversion (it accepts metadata.namespace even when cluster-scoped).</summary>
    static readonly SelectableFields MetadataOnly = new([Name, Namespace], null, NotAKnownFieldSelector);

    static readonly SelectableFields NamespacedCustomResource = ForCustomResource(namespaced: true, []);
    static readonly SelectableFields ClusterScopedCustomResource = ForCustomResource(namespaced: false, []);

    public static SelectableFields For(ResourceDefinition resource)
    {
        if (ByGroupKind.TryGetValue(resource.GroupKind, out var fields)) return fields;
        if (BuiltInGroupKinds.Contains(resource.GroupKind)) return MetadataOnly;
        return resource.Namespaced ? NamespacedCustomResource : ClusterScopedCustomResource;
    }

    /// <summary>apiextensions-apiserver's rule: metadata.name, metadata.namespace only when namespaced, then the CRD's selectable fields.</summary>
    public static SelectableFields ForCustomResource(bool namespaced, IEnumerable<string> selectableFieldJsonPaths)
    {
        var fields = new List<SelectableField> { Name };
        if (namespaced) fields.Add(Namespace);
        foreach (var jsonPath in selectableFieldJsonPaths)
            fields.Add(Text(jsonPath.TrimStart('.'))); // selected by the path without its leading '.'
        return new SelectableFields(fields, null, FieldLabelNotSupported);
    }

    static SelectableFields Row(SelectableField[] fields, IReadOnlyDictionary<string, string>? aliases = null) =>
        new(fields, aliases, FieldLabelNotSupported);
}
