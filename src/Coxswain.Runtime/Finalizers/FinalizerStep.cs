namespace Coxswain.Runtime.Finalizers;

/// <summary>What the finalizer flow does next for an object, given its deletion state and finalizers.</summary>
public enum FinalizerStep
{
    /// <summary>Alive without our finalizer: add it first, and reconcile on the change that follows.</summary>
    AddFinalizer,

    /// <summary>Alive with our finalizer: converge the object.</summary>
    Apply,

    /// <summary>Being deleted with our finalizer: clean up, then remove the finalizer so deletion can complete.</summary>
    Cleanup,

    /// <summary>Being deleted without our finalizer: nothing of ours is left to do.</summary>
    Nothing,
}
