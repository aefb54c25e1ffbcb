namespace Coxswain.Kruise.Manager;

/// <summary>
/// In a real pod, <c>:8080</c> binds every interface of the pod's own network namespace, which is the pod IP. A
/// process-backed pod of Coxswain's local cluster shares the machine's network, with its own loopback address as pod IP
/// (the kubelet sets <c>COXSWAIN_CONTAINER_ROOT</c> for such processes); there "every interface" is pinned to
/// <c>POD_IP</c> so that two replicas never clash and probes and Services reach the right one.
/// </summary>
public static class LocalPodAddresses
{
    public static KruiseManagerOptions Pin(KruiseManagerOptions options, Func<string, string?> environment)
    {
        if (environment("COXSWAIN_CONTAINER_ROOT") is not { Length: > 0 } || environment("POD_IP") is not { Length: > 0 } podIp)
            return options;
        return options with
        {
            MetricsAddress = PinHost(options.MetricsAddress, podIp),
            HealthProbeAddress = PinHost(options.HealthProbeAddress, podIp),
            WebhookHost = options.WebhookHost ?? podIp,
        };
    }

    static string PinHost(string address, string podIp) => address.StartsWith(':') ? podIp + address : address;
}
