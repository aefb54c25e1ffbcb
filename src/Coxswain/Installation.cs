using k8s;
using k8s.Models;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Apis.CustomResources;
using Coxswain.Manifests;
using Coxswain.Manifests.Kruise;

namespace Coxswain.Cli;

/// <summary>The objects of a Coxswain install: one list for <c>coxswain manifests</c> and <c>coxswain up</c> alike.</summary>
internal static class Installation
{
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects(InstallOptions options) =>
        KruiseInstallation.Objects(options, CustomResourceDefinitions());

    /// <summary>The CRDs of every kind this release serves, generated from the C# API types.</summary>
    static IEnumerable<V1CustomResourceDefinition> CustomResourceDefinitions() =>
        [CustomResourceDefinitionGenerator.GenerateModel(typeof(CloneSet))];
}
