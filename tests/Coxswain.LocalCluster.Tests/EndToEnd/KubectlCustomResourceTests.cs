using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tests.EndToEnd;

/// <summary>
/// The real kubectl with a CustomResourceDefinition: apply (client-side and server-side), printer columns, explain,
/// every patch type, scale, each cascade mode with --wait, and a webhook whose service has no endpoints. One CRD for the
/// whole class, installed once, so kubectl's discovery cache never misses it.
/// </summary>
public sealed class KubectlCustomResourceTests(KubectlCluster cluster) : IClassFixture<KubectlCluster>
{
    static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);
    Kubectl Kubectl => cluster.Kubectl;

    const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.e2e.example.com
        spec:
          group: e2e.example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg]}
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
            additionalPrinterColumns:
            - {name: Replicas, type: integer, jsonPath: .spec.replicas}
            - {name: Color, type: string, jsonPath: .spec.color}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      replicas: {type: integer, minimum: 0, description: How many widgets to run.}
                      color: {type: string, enum: [red, blue]}
                      tags: {type: array, items: {type: string}}
                  status:
                    type: object
                    properties:
                      replicas: {type: integer}
        """;

    static string Widget(string name, int replicas, string color) => $"""
        apiVersion: e2e.example.com/v1
        kind: Widget
        metadata:
          name: {name}
        spec:
          replicas: {replicas}
          color: {color}
        """;

    async Task<string> InstalledAsync()
    {
        var crd = cluster.Manifest("crd.yaml", Crd);
        var applied = await Kubectl.SucceedAsync("apply", "-f", crd);
        Assert.Matches("^customresourcedefinition.apiextensions.k8s.io/widgets.e2e.example.com (created|unchanged)\n$", applied);
        await Kubectl.RunAsync(["wait", "--for=condition=Established", "crd/widgets.e2e.example.com", "--timeout=30s"], timeout: Slow);
        return await cluster.CreateNamespaceAsync("crd");
    }

    [Fact]
    public async Task Apply_get_explain_patch_and_scale_a_custom_resource()
    {
        var ns = await InstalledAsync();
        var file = cluster.Manifest($"{ns}-w1.yaml", Widget("w1", 2, "red"));
        Assert.Equal("widget.e2e.example.com/w1 created\n", await Kubectl.SucceedAsync("apply", "-n", ns, "-f", file));
        Assert.Equal("widget.e2e.example.com/w1 unchanged\n", await Kubectl.SucceedAsync("apply", "-n", ns, "-f", file));
        var serverSide = cluster.Manifest($"{ns}-w2.yaml", Widget("w2", 1, "blue"));
        Assert.Equal("widget.e2e.example.com/w2 serverside-applied\n", await Kubectl.SucceedAsync("apply", "--server-side", "-n", ns, "-f", serverSide));

        var table = await Kubectl.SucceedAsync("get", "wg", "-n", ns);
        // Declared printer columns replace the default Age column, as on kube-apiserver.
        Assert.Matches(@"^NAME\s+REPLICAS\s+COLOR\n", table);
        Assert.Matches(@"\nw1\s+2\s+red\n", table);
        Assert.Matches(@"\nw2\s+1\s+blue\n", table);

        var explain = await Kubectl.SucceedAsync("explain", "widgets.spec.replicas");
        Assert.Contains("KIND:       Widget", explain);
        Assert.Contains("FIELD: replicas <integer>", explain);
        Assert.Contains("How many widgets to run.", explain);

        Assert.Equal("widget.e2e.example.com/w1 patched\n", await Kubectl.SucceedAsync("patch", "widget", "w1", "-n", ns, "--type=merge", "-p", """{"spec":{"color":"blue"}}"""));
        Assert.Equal("widget.e2e.example.com/w1 patched\n",
            await Kubectl.SucceedAsync("patch", "widget", "w1", "-n", ns, "--type=json", "-p", """[{"op":"add","path":"/spec/tags","value":["a"]}]"""));
        var strategic = await Kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "--type=strategic", "-p", """{"spec":{"color":"red"}}""");
        Assert.Equal(1, strategic.ExitCode);
        Assert.Equal("error: application/strategic-merge-patch+json is not supported by e2e.example.com/v1, Kind=Widget: the body of the request was in an unknown format - accepted media types include: " +
                     "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n", strategic.Stderr);
        var invalid = await Kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "--type=merge", "-p", """{"spec":{"color":"green"}}""");
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\"", invalid.Stderr);

        Assert.Equal("widget.e2e.example.com/w1 scaled\n", await Kubectl.SucceedAsync("scale", "widget", "w1", "-n", ns, "--replicas=5"));
        var spec = JsonNode.Parse(await Kubectl.SucceedAsync("get", "widget", "w1", "-n", ns, "-o", "json"))!["spec"]!;
        Assert.Equal((5, "blue", "a"), ((int?)spec["replicas"], (string?)spec["color"], (string?)spec["tags"]?[0]));
    }

    [Theory]
    [InlineData("foreground")]
    [InlineData("background")]
    [InlineData("orphan")]
    public async Task Delete_with_each_cascade_mode_waits_and_treats_dependents_accordingly(string cascade)
    {
        var ns = await InstalledAsync();
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-owner.yaml", Widget("owner", 1, "red")));
        var uid = await Kubectl.SucceedAsync("get", "widget", "owner", "-n", ns, "-o", "jsonpath={.metadata.uid}");
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-dep.yaml", $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: dependent
              ownerReferences:
              - {"{"}apiVersion: e2e.example.com/v1, kind: Widget, name: owner, uid: {uid}, blockOwnerDeletion: true{"}"}
            """));

        var deleted = await Kubectl.RunAsync(["delete", "widget", "owner", "-n", ns, $"--cascade={cascade}", "--wait=true", "--timeout=30s"], timeout: Slow);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal("widget.e2e.example.com \"owner\" deleted\n", deleted.Stdout);
        Assert.Equal(1, (await Kubectl.RunAsync("get", "widget", "owner", "-n", ns)).ExitCode);

        var dependent = await Kubectl.RunAsync("get", "configmap", "dependent", "-n", ns, "-o", "json");
        switch (cascade)
        {
            case "foreground":
                // The owner only disappeared once its dependent was gone.
                Assert.Equal(1, dependent.ExitCode);
                break;
            case "orphan":
                Assert.Equal(0, dependent.ExitCode);
                Assert.Null(JsonNode.Parse(dependent.Stdout)!["metadata"]?["ownerReferences"]);
                break;
            default:
                await Api.Eventually.True(async () => (await Kubectl.RunAsync("get", "configmap", "dependent", "-n", ns)).ExitCode == 1,
                    what: "the dependent collected");
                break;
        }
    }

    [Fact]
    public async Task A_webhook_whose_service_has_no_endpoints_fails_the_apply_with_kube_apiservers_message()
    {
        var ns = await InstalledAsync();
        await Kubectl.SucceedAsync("create", "namespace", $"{ns}-kruise");
        await Kubectl.SucceedAsync("apply", "-f", cluster.Manifest($"{ns}-webhook.yaml", $"""
            apiVersion: v1
            kind: Service
            metadata: {"{"}name: kruise-webhook-service, namespace: {ns}-kruise{"}"}
            spec:
              selector: {"{"}app: nothing-runs-this{"}"}
              ports: [{"{"}port: 443, targetPort: 9876{"}"}]
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata: {"{"}name: {ns}-vwidget{"}"}
            webhooks:
            - name: vwidget.kb.io
              admissionReviewVersions: [v1]
              sideEffects: None
              clientConfig:
                service: {"{"}name: kruise-webhook-service, namespace: {ns}-kruise, path: /validate-widget{"}"}
              namespaceSelector: {"{"}matchLabels: {"{"}kubernetes.io/metadata.name: {ns}{"}"}{"}"}
              rules:
              - {"{"}apiGroups: [e2e.example.com], apiVersions: [v1], operations: [CREATE], resources: [widgets]{"}"}
            """));
        var file = cluster.Manifest($"{ns}-blocked.yaml", Widget("blocked", 1, "red"));
        var refused = await Kubectl.RunAsync("apply", "-n", ns, "-f", file);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"Error from server (InternalError): error when creating \"{file}\": Internal error occurred: failed calling webhook \"vwidget.kb.io\": " +
                     $"failed to call webhook: Post \"https://kruise-webhook-service.{ns}-kruise.svc:443/validate-widget?timeout=10s\": " +
                     "no endpoints available for service \"kruise-webhook-service\"\n", refused.Stderr);
        Assert.Contains("kruise-webhook-service", await Kubectl.SucceedAsync("get", "endpoints", "-n", $"{ns}-kruise"));
    }
}
