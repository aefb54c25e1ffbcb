namespace Coxswain.Manifests;

/// <summary>What varies between installations of the same release: the image and how many manager replicas run.</summary>
public sealed record InstallOptions
{
    /// <summary>The image the local cluster runs as processes; a real cluster needs an image built from this repository.</summary>
    public const string LocalImageRepository = "coxswain.local/coxswain";

    /// <summary>Image of Coxswain's components (its entrypoint is the <c>coxswain</c> CLI).</summary>
    public required string Image { get; init; }

    /// <summary>Manager replicas; like OpenKruise's chart, two, with leader election deciding who reconciles.</summary>
    public int ManagerReplicas { get; init; } = 2;

    /// <summary>Value of the manager's <c>--feature-gates</c> flag (OpenKruise's syntax, e.g. <c>CloneSetShortHash=true</c>); none when empty.</summary>
    public string FeatureGates { get; init; } = "";

    /// <summary>The local image for this build's version: <c>coxswain.local/coxswain:&lt;version&gt;</c>.</summary>
    public static InstallOptions ForLocalImage(string version) => new() { Image = $"{LocalImageRepository}:{ImageTag(version)}" };

    /// <summary>A version string made into a valid image tag (<c>[A-Za-z0-9_.-]</c>, at most 128 characters; '+' build metadata becomes '-').</summary>
    public static string ImageTag(string version)
    {
        var tag = new string(version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray());
        return tag.Length == 0 ? "latest" : tag[..Math.Min(tag.Length, 128)];
    }
}
