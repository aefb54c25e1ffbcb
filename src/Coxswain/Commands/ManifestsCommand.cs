using System.CommandLine;
using Coxswain.Manifests;
using Coxswain.Manifests.Kruise;

namespace Coxswain.Cli.Commands;

/// <summary>
/// <c>coxswain manifests</c>: prints everything an install on a real cluster needs (CRDs, namespace, RBAC, the manager
/// Deployment, Services, webhook configurations), ready for <c>kubectl apply -f -</c>. <c>coxswain up</c> applies the
/// same objects to the local cluster.
/// </summary>
internal sealed class ManifestsCommand : Command
{
    readonly Option<string> _image = new("--image")
    {
        Description = "Image of the Coxswain components (built from this repository's Dockerfile).",
        HelpName = "IMAGE",
        DefaultValueFactory = _ => InstallOptions.ForLocalImage(BuildVersion.Current).Image,
    };

    readonly Option<int> _replicas = new("--manager-replicas")
    {
        Description = "Replicas of kruise-controller-manager (leader election picks the one that reconciles).",
        HelpName = "N",
        DefaultValueFactory = _ => 2,
    };

    readonly Option<string> _featureGates = new("--feature-gates")
    {
        Description = "Passed to the manager's --feature-gates (OpenKruise's gate names, e.g. CloneSetShortHash=true).",
        HelpName = "GATES",
        DefaultValueFactory = _ => "",
    };

    readonly Option<string> _output = new("--output", "-o")
    {
        Description = "yaml (a multi-document stream) or json (a v1 List).",
        HelpName = "FORMAT",
        DefaultValueFactory = _ => "yaml",
    };

    public ManifestsCommand() : base("manifests", "Print the manifests that install Coxswain on a Kubernetes cluster.")
    {
        _output.Validators.Add(result =>
        {
            var format = result.GetValueOrDefault<string>();
            if (format is not ("yaml" or "json")) result.AddError($"--output must be yaml or json, not \"{format}\"");
        });
        _replicas.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--manager-replicas must be at least 1");
        });
        Options.Add(_image);
        Options.Add(_replicas);
        Options.Add(_featureGates);
        Options.Add(_output);
        SetAction(parseResult =>
        {
            var options = new InstallOptions
            {
                Image = parseResult.GetValue(_image)!,
                ManagerReplicas = parseResult.GetValue(_replicas),
                FeatureGates = parseResult.GetValue(_featureGates)!,
            };
            var objects = Installation.Objects(options);
            var text = parseResult.GetValue(_output) == "json" ? ManifestRenderer.ToJsonList(objects) : ManifestRenderer.ToYaml(objects);
            parseResult.InvocationConfiguration.Output.Write(text);
            return 0;
        });
    }
}
