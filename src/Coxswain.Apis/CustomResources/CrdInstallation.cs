using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Coxswain.Apis.CustomResources;

/// <summary>Installs generated CRDs and waits until the API server serves them, as <c>kubectl wait --for=condition=Established</c>.</summary>
public static class CrdInstallation
{
    /// <summary>Creates (or replaces) the CRD of <paramref name="versions"/> and waits for it to be Established.</summary>
    public static async Task<V1CustomResourceDefinition> InstallAsync(IKubernetes client, params Type[] versions) =>
        await InstallAsync(client, TimeSpan.FromSeconds(30), CancellationToken.None, versions);

    public static async Task<V1CustomResourceDefinition> InstallAsync(IKubernetes client, TimeSpan timeout, CancellationToken cancellationToken, params Type[] versions)
    {
        var crd = CustomResourceDefinitionGenerator.GenerateModel(versions);
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            var existing = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
            crd.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name, cancellationToken: cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var current = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: deadline.Token);
            if (current.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true) return current;
            await Task.Delay(20, deadline.Token);
        }
    }
}
