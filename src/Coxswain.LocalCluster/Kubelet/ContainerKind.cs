namespace Coxswain.LocalCluster.Kubelet;

/// <summary>The three roles a container plays in a pod, which decide when it starts and whether it restarts.</summary>
public enum ContainerKind
{
    /// <summary>An init container that runs to completion before the next one starts.</summary>
    Init,
    /// <summary>An init container with <c>restartPolicy: Always</c>: started in order, then kept running like an app container.</summary>
    Sidecar,
    /// <summary>One of <c>spec.containers</c>.</summary>
    App,
}
