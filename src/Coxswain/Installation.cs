using k8s;
using k8s.Models;
using Coxswain.Manifests;
using Coxswain.Manifests.Kruise;

namespace Coxswain.Cli;

/// <summary>The objects of a Coxswain install: one list for <c>coxswain manifests</c> and <c>coxswain up</c> alike.</summary>
internal static class Installation
{
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects(InstallOptions options) =>
        KruiseInstallation.Objects(options, CustomResourceDefinitions());

    // The CRDs come from the API types' generator once the kinds exist (src/Coxswain.Apis).
    static IEnumerable<V1CustomResourceDefinition> CustomResourceDefinitions() => [];
}
