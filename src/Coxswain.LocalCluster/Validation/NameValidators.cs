using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// Checks an object name; <paramref name="prefix"/> is true for metadata.generateName, which may end in '-'
/// because random characters get appended to it. Returns the failure messages (empty when valid).
/// </summary>
public delegate IReadOnlyList<string> NameValidator(string name, bool prefix);

/// <summary>The name rules kinds pick from (k8s.io/apimachinery/pkg/api/validation/generic.go).</summary>
public static class NameValidators
{
    public static readonly NameValidator DnsSubdomain = (name, prefix) => DnsNames.IsDns1123Subdomain(prefix ? MaskTrailingDash(name) : name);

    public static readonly NameValidator DnsLabel = (name, prefix) => DnsNames.IsDns1123Label(prefix ? MaskTrailingDash(name) : name);

    public static readonly NameValidator Dns1035Label = (name, prefix) => DnsNames.IsDns1035Label(prefix ? MaskTrailingDash(name) : name);

    /// <summary>Namespace names are DNS-1123 labels.</summary>
    public static readonly NameValidator Namespace = DnsLabel;

    /// <summary>
    /// Names that only have to be usable as one URL path segment (RBAC roles and bindings, e.g. "system:controller:x"):
    /// apimachinery's path.ValidatePathSegmentName. A generateName prefix is only checked for the forbidden characters.
    /// </summary>
    public static readonly NameValidator PathSegment = (name, prefix) =>
    {
        if (!prefix && name is "." or "..") return [$"may not be '{name}'"];
        foreach (var illegal in new[] { "/", "%" })
            if (name.Contains(illegal)) return [$"may not contain '{illegal}'"];
        return [];
    };

    /// <summary>
    /// Replaces a trailing dash so a generateName prefix validates. Upstream drops the last TWO characters before
    /// appending "a" (an old quirk that only shortens the checked value); kept so the same prefixes pass and fail.
    /// </summary>
    static string MaskTrailingDash(string name) =>
        name.EndsWith('-') ? (name.Length >= 2 ? name[..^2] : "") + "a" : name;
}
