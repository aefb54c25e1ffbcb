using Coxswain.Runtime.Client;

namespace Coxswain.Runtime.Informers;

/// <summary>What every <see cref="SharedInformer{T}"/> tells about itself, whatever its model type: for health checks and diagnostics.</summary>
public interface ISharedInformer
{
    ApiResource Resource { get; }

    /// <summary>Whether the first complete list is cached (client-go's <c>HasSynced</c>).</summary>
    bool HasSynced { get; }
}
