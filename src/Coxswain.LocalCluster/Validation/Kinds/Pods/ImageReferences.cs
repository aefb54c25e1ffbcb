namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>
/// The bit of docker reference parsing imagePullPolicy defaulting needs: an image is pulled Always when its tag is
/// "latest", explicitly or because it has neither tag nor digest.
/// </summary>
public static class ImageReferences
{
    public static bool HasLatestTag(string image)
    {
        if (image.Length == 0) return false; // unparseable: upstream ignores the error and picks IfNotPresent
        var at = image.IndexOf('@');
        var named = at >= 0 ? image[..at] : image;
        var lastSlash = named.LastIndexOf('/');
        var colon = named.IndexOf(':', lastSlash + 1);
        if (colon >= 0) return named[(colon + 1)..] == "latest";
        return at < 0;
    }
}
