using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// A label selector with apimachinery's semantics: an AND of <see cref="LabelRequirement"/>s, kept sorted by key.
/// Build one from the <c>labelSelector</c> query string (<see cref="Parse"/>) or from a metav1.LabelSelector object
/// (<see cref="FromLabelSelectorJson"/>). Immutable and safe to share between threads.
/// </summary>
public sealed class LabelSelector
{
    readonly LabelRequirement[] _requirements;

    LabelSelector(LabelRequirement[] requirements, bool matchesNothing)
    {
        _requirements = requirements;
        MatchesNothing = matchesNothing;
    }

    /// <summary>Matches every object (the empty selector).</summary>
    public static LabelSelector Everything { get; } = new([], matchesNothing: false);

    /// <summary>Matches no object: what a null metav1.LabelSelector means.</summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    public IReadOnlyList<LabelRequirement> Requirements => _requirements;

    /// <summary>True when the selector does not restrict anything (<see cref="Everything"/>); false for <see cref="Nothing"/>.</summary>
    public bool IsEmpty => !MatchesNothing && _requirements.Length == 0;

    /// <summary>True only for <see cref="Nothing"/>.</summary>
    public bool MatchesNothing { get; }

    /// <summary>
    /// Parses the Kubernetes selector syntax (<c>a=b,c!=d,e in (f,g),!h,i&gt;3</c>). Null or empty selects everything.
    /// </summary>
    /// <exception cref="StatusError">400 BadRequest with apimachinery's parse error, e.g. <c>unable to parse requirement: …</c>.</exception>
    public static LabelSelector Parse(string? selector)
    {
        if (string.IsNullOrEmpty(selector)) return Everything;
        try
        {
            return FromRequirements(LabelSelectorParser.Parse(selector));
        }
        catch (FormatException e)
        {
            throw StatusError.BadRequest(e.Message);
        }
    }

    /// <summary>
    /// apimachinery's <c>LabelSelectorAsSelector</c> over a metav1.LabelSelector in wire form: null selects nothing,
    /// <c>{}</c> selects everything, matchLabels are Equals requirements and matchExpressions use In, NotIn, Exists
    /// and DoesNotExist.
    /// </summary>
    /// <exception cref="InvalidLabelSelectorException">With the upstream error text when the selector is invalid.</exception>
    public static LabelSelector FromLabelSelectorJson(JsonObject? selector)
    {
        if (selector is null) return Nothing;
        var content = LabelSelectorJson.Read(selector);
        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in content.MatchLabels)
            requirements.Add(CreateOrThrow(key, LabelSelectorOperator.Equals, [value]));
        foreach (var expression in content.MatchExpressions)
        {
            LabelSelectorOperator @operator = expression.Operator switch
            {
                "In" => LabelSelectorOperator.In,
                "NotIn" => LabelSelectorOperator.NotIn,
                "Exists" => LabelSelectorOperator.Exists,
                "DoesNotExist" => LabelSelectorOperator.DoesNotExist,
                var other => throw new InvalidLabelSelectorException($"{GoText.Quote(other)} is not a valid label selector operator"),
            };
            // Upstream copies the values with append([]string(nil), …), so an empty list reaches validation as nil.
            var values = expression.Values is { Count: > 0 } v ? v : null;
            requirements.Add(CreateOrThrow(expression.Key, @operator, values));
        }
        return FromRequirements(requirements);
    }

    static LabelRequirement CreateOrThrow(string key, LabelSelectorOperator @operator, IReadOnlyList<string>? values)
    {
        var errors = new List<FieldError>();
        return LabelRequirement.Create(key, @operator, values, basePath: null, errors)
               ?? throw new InvalidLabelSelectorException(SelectorFieldErrors.Aggregate(errors), errors);
    }

    static LabelSelector FromRequirements(IEnumerable<LabelRequirement> requirements)
    {
        // A stable sort by key: upstream sorts the same way so that equal selectors print identically.
        var sorted = requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        return sorted.Length == 0 ? Everything : new LabelSelector(sorted, matchesNothing: false);
    }

    /// <summary>Whether labels held in a dictionary match; null means an object without labels.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        var lookup = new DictionaryLabels(labels);
        return Matches(ref lookup);
    }

    /// <summary>Whether a labels map in JSON form (e.g. the node at <c>metadata.labels</c>) matches; null means no labels.</summary>
    public bool MatchesLabels(JsonObject? labels)
    {
        var lookup = new JsonLabels(labels);
        return Matches(ref lookup);
    }

    /// <summary>Whether an object's <c>metadata.labels</c> match. Allocation-free on objects parsed from JSON.</summary>
    public bool MatchesObject(JsonObject obj)
    {
        JsonObject? labels = null;
        if (obj.TryGetPropertyValue("metadata", out var metadata) && metadata is JsonObject metadataObject
            && metadataObject.TryGetPropertyValue("labels", out var labelsNode))
            labels = labelsNode as JsonObject;
        return MatchesLabels(labels);
    }

    bool Matches<TLabels>(ref TLabels labels) where TLabels : struct, ILabelLookup
    {
        if (MatchesNothing) return false;
        foreach (var requirement in _requirements)
            if (!requirement.Matches(ref labels)) return false;
        return true;
    }

    /// <summary>
    /// apimachinery's canonical form: requirements sorted by key joined with ','; <see cref="Parse"/> reads it back to
    /// an equal selector. <see cref="Nothing"/> prints as "" (as upstream), which parses back to <see cref="Everything"/>.
    /// </summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));
}
