using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Protobuf;
using static Coxswain.LocalCluster.Tests.Protobuf.ProtobufTestSupport;

namespace Coxswain.LocalCluster.Tests.Protobuf;

/// <summary>
/// Request bodies kubectl v1.32 sent (captured with a plain HTTP listener as its --server), decoded to the JSON the same
/// command prints with --dry-run=client -o json — less the creationTimestamp: null the decoder leaves out.
/// </summary>
public class CapturedKubectlBodiesTests
{
    // kubectl create deployment web --image=nginx --replicas=2 --port=80
    const string CreateDeployment =
        "azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50ErgBCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEoYBCAISDAoKCgNhcHASA3dlYhpsChwKABIAGgAiACoAMgA4AEIAWgoKA2Fw" +
        "cBIDd2ViEkwSLgoFbmdpbngSBW5naW54KgAyCgoAEAAYUCIAKgBCAGoAcgCAAQCIAQCQAQCiAQAaADIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAIgIKACgAOAAaDAgAEAAYACAAKAA4ABoAIgA=";

    // kubectl create cronjob cj --image=busybox --schedule="*/5 * * * *" -- echo hi
    const string CreateCronJob =
        "azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKoAQoSCgJjahIAGgAiACoAMgA4AEIAEo8BCgsqLzUgKiAqICogKhoAKn4KEgoCY2oSABoAIgAqADIAOABCABJoMmYKEAoAEgAaACIAKgAyADgAQgAS" +
        "UhIrCgJjahIHYnVzeWJveBoEZWNobxoCaGkqAEIAagByAIABAIgBAJABAKIBABoJT25GYWlsdXJlMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaABoAIgA=";

    [Fact]
    public void Create_deployment()
    {
        var obj = KubernetesProtobuf.Decode(Convert.FromBase64String(CreateDeployment), "apps/v1", "Deployment");
        AssertJson(WithoutNulls(ParseJson("""
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}],"resources":{}}]}},"strategy":{}},"status":{}}
            """))!.ToJsonString(), obj);
    }

    [Fact]
    public void Create_cronjob()
    {
        var obj = KubernetesProtobuf.Decode(Convert.FromBase64String(CreateCronJob), "batch/v1", "CronJob");
        AssertJson(WithoutNulls(ParseJson("""
            {"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"cj","creationTimestamp":null},
             "spec":{"schedule":"*/5 * * * *","jobTemplate":{"metadata":{"name":"cj","creationTimestamp":null},
             "spec":{"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"cj","image":"busybox",
             "command":["echo","hi"],"resources":{}}],"restartPolicy":"OnFailure"}}}}},"status":{}}
            """))!.ToJsonString(), obj);
    }

    [Fact]
    public void Our_encoding_of_the_deployment_decodes_the_same()
    {
        var obj = KubernetesProtobuf.Decode(Convert.FromBase64String(CreateDeployment), "apps/v1", "Deployment");
        var unknown = new List<string>();
        var again = KubernetesProtobuf.Decode(KubernetesProtobuf.Encode(obj, unknown), BuiltInResources.Pods);
        Assert.Empty(unknown);
        AssertJson(obj.ToJsonString(), again);
    }
}
