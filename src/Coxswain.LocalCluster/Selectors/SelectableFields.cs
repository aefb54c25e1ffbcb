using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// The fields one resource can be selected by (kube-apiserver's field label conversion plus its ToSelectableFields),
/// how their values are read from an object, and the error for a field the resource does not support.
/// Get one with <see cref="For"/>; instances are immutable and shared.
/// </summary>
public sealed class SelectableFields
{
    readonly Dictionary<string, SelectableField> _fields;
    readonly IReadOnlyDictionary<string, string> _aliases;
    readonly Func<string, string> _unsupportedMessage;
    readonly bool _acceptsOnlyAliases;

    /// <param name="acceptsOnlyAliases">
    /// Selectors may name only the aliases, not the fields themselves: a version whose field labels are all converted to
    /// those of the stored form (events.k8s.io's regarding.kind selects the stored involvedObject.kind).
    /// </param>
    internal SelectableFields(
        IEnumerable<SelectableField> fields, IReadOnlyDictionary<string, string>? aliases, Func<string, string> unsupportedMessage,
        bool acceptsOnlyAliases = false)
    {
        _acceptsOnlyAliases = acceptsOnlyAliases;
        _fields = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _aliases = aliases ?? new Dictionary<string, string>();
        _unsupportedMessage = unsupportedMessage;
        Names = (acceptsOnlyAliases ? _aliases.Keys : _fields.Keys).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The supported field names, sorted (legacy aliases such as pods' <c>spec.host</c> are accepted besides).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// The selectable fields of a resource: its row in the built-in table, apimachinery's default (metadata.name and
    /// metadata.namespace) for other built-in kinds, or a custom resource's (metadata.name, and metadata.namespace when
    /// namespaced) for anything else.
    /// </summary>
    public static SelectableFields For(ResourceDefinition resource) => BuiltInSelectableFields.For(resource);

    /// <summary>
    /// A custom resource's fields: metadata.name, metadata.namespace when namespaced, and the CRD version's
    /// <c>selectableFields[].jsonPath</c>s (e.g. ".spec.color", selected as "spec.color").
    /// </summary>
    public static SelectableFields ForCustomResource(bool namespaced, IEnumerable<string> selectableFieldJsonPaths) =>
        BuiltInSelectableFields.ForCustomResource(namespaced, selectableFieldJsonPaths);

    public bool Supports(string field) => _aliases.ContainsKey(field) || (!_acceptsOnlyAliases && _fields.ContainsKey(field));

    /// <summary>
    /// Checks every field of the selector and returns it with legacy aliases replaced by current names.
    /// Terms are checked in the selector's order, so the first unsupported one is reported, as upstream does.
    /// </summary>
    /// <exception cref="StatusError">400 BadRequest, e.g. <c>field label not supported: spec.foo</c>.</exception>
    public FieldSelector Validate(FieldSelector selector)
    {
        foreach (var requirement in selector.Requirements)
            if (!Supports(requirement.Field)) throw StatusError.BadRequest(_unsupportedMessage(requirement.Field));
        return _aliases.Count == 0 ? selector : selector.WithFieldNames(Canonical);
    }

    /// <summary>The value of every supported field of <paramref name="obj"/> (upstream's ToSelectableFields).</summary>
    public IReadOnlyDictionary<string, string> ValuesOf(JsonObject obj) =>
        _fields.Values.ToDictionary(f => f.Name, f => f.Read(obj).ToString(), StringComparer.Ordinal);

    /// <summary>The value of one field of <paramref name="obj"/>, or null when the field is not supported.</summary>
    public string? ValueOf(JsonObject obj, string field) =>
        _fields.TryGetValue(Canonical(field), out var selectable) ? selectable.Read(obj).ToString() : null;

    /// <summary>
    /// Validates the selector once and returns a predicate to run over many objects. The predicate compares values in
    /// place and does not allocate on objects parsed from JSON (integer fields aside).
    /// </summary>
    /// <exception cref="StatusError">400 BadRequest for an unsupported field, as <see cref="Validate"/>.</exception>
    public Func<JsonObject, bool> CreateMatcher(FieldSelector selector)
    {
        var terms = Validate(selector).Requirements
            .Select(r => (Field: _fields[r.Field], MustEqual: r.Operator == FieldSelectorOperator.Equals, r.Value))
            .ToArray();
        if (terms.Length == 0) return static _ => true;
        return obj =>
        {
            foreach (var (field, mustEqual, value) in terms)
                if (field.Read(obj).TextEquals(value) != mustEqual) return false;
            return true;
        };
    }

    string Canonical(string field) => _aliases.TryGetValue(field, out var current) ? current : field;
}
