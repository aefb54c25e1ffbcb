namespace Coxswain.LocalCluster.Admission;

/// <summary>The operations admission distinguishes (admission.k8s.io <c>Operation</c>).</summary>
public enum AdmissionOperation
{
    Create,
    Update,
    Delete,
    /// <summary>Proxy-style requests (exec, attach, port-forward); webhook rules may name it, the local server never produces it.</summary>
    Connect,
}

public static class AdmissionOperations
{
    /// <summary>The wire spelling used in AdmissionReview requests, webhook rules and metric labels.</summary>
    public static string ToWire(this AdmissionOperation operation) => operation switch
    {
        AdmissionOperation.Create => "CREATE",
        AdmissionOperation.Update => "UPDATE",
        AdmissionOperation.Delete => "DELETE",
        AdmissionOperation.Connect => "CONNECT",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
