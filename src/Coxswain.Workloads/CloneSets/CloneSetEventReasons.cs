namespace Coxswain.Workloads.CloneSets;

/// <summary>The Event reasons OpenKruise's CloneSet controller records, byte for byte.</summary>
public static class CloneSetEventReasons
{
    public const string SuccessfulCreate = "SuccessfulCreate";
    public const string SuccessfulDelete = "SuccessfulDelete";
    public const string SuccessfulUpdatePodInPlace = "SuccessfulUpdatePodInPlace";
    public const string SuccessfulUpdatePodReCreate = "SuccessfulUpdatePodReCreate";
    public const string FailedCreate = "FailedCreate";
    public const string FailedDelete = "FailedDelete";
    public const string FailedUpdatePodInPlace = "FailedUpdatePodInPlace";
    public const string FailedUpdatePodReCreate = "FailedUpdatePodReCreate";
    public const string ScaleUpLimited = "ScaleUpLimited";
}
