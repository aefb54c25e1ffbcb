using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class PodValidationTests
{
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;

    static JsonObject Pod(string spec) =>
        ParseJson("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},"spec":SPEC}""".Replace("SPEC", spec));

    /// <summary>A valid container, written APP in the rule table.</summary>
    const string App = """{"name":"app","image":"nginx"}""";

    public static TheoryData<string, string> Rules => new()
    {
        { """{}""", "spec.containers: Required value" },
        { """{"containers":[{"name":"App","image":"nginx"}]}""", "spec.containers[0].name: Invalid value: \"App\": " + LabelMessage },
        { """{"containers":[{"image":"nginx"}]}""", "spec.containers[0].name: Required value" },
        { """{"containers":[{"name":"app"}]}""", "spec.containers[0].image: Required value" },
        { """{"containers":[APP,APP]}""", "spec.containers[1].name: Duplicate value: \"app\"" },
        { """{"containers":[APP],"initContainers":[APP]}""", "spec.initContainers[0].name: Duplicate value: \"app\"" },
        { """{"containers":[{"name":"app","image":" nginx"}]}""", "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace" },
        { """{"containers":[{"name":"app","image":"nginx","ports":[{"containerPort":70000}]}]}""",
            "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive" },
        { """{"containers":[{"name":"app","image":"nginx","ports":[{"name":"http"}]}]}""", "spec.containers[0].ports[0].containerPort: Required value" },
        { """{"containers":[{"name":"app","image":"nginx","ports":[{"containerPort":80,"protocol":"HTTP"}]}]}""",
            "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"" },
        { """{"containers":[{"name":"app","image":"nginx","ports":[{"name":"http","containerPort":80},{"name":"http","containerPort":81}]}]}""",
            "spec.containers[0].ports[1].name: Duplicate value: \"http\"" },
        { """{"containers":[{"name":"app","image":"nginx","ports":[{"containerPort":80,"hostPort":8080},{"containerPort":81,"hostPort":8080}]}]}""",
            "spec.containers[0].ports[1].hostPort: Duplicate value: \"TCP//8080\"" },
        { """{"containers":[{"name":"app","image":"nginx","imagePullPolicy":"Sometimes"}]}""",
            "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"" },
        { """{"containers":[{"name":"app","image":"nginx","restartPolicy":"Always"}]}""",
            "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers" },
        { """{"containers":[APP],"initContainers":[{"name":"init","image":"busybox","readinessProbe":{"exec":{"command":["true"]}}}]}""",
            "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always" },
        { """{"containers":[APP],"initContainers":[{"name":"init","image":"busybox","restartPolicy":"OnFailure"}]}""",
            "spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"" },
        { """{"containers":[APP],"restartPolicy":"Sometimes"}""",
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"" },
        { """{"containers":[APP],"dnsPolicy":"Google"}""",
            "spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"" },
        { """{"containers":[APP],"dnsPolicy":"None"}""", "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None" },
        { """{"containers":[APP],"activeDeadlineSeconds":0}""", "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive" },
        { """{"containers":[APP],"serviceAccountName":"Bad"}""", "spec.serviceAccountName: Invalid value: \"Bad\": " + SubdomainMessage },
        { """{"containers":[APP],"nodeSelector":{"disk":"ssd!"}}""", "spec.nodeSelector: Invalid value: \"ssd!\": " + LabelValueMessage },
        { """{"containers":[APP],"volumes":[{"name":"a","emptyDir":{}},{"name":"a","emptyDir":{}}]}""", "spec.volumes[1].name: Duplicate value: \"a\"" },
        { """{"containers":[APP],"volumes":[{"name":"Vol","emptyDir":{}}]}""", "spec.volumes[0].name: Invalid value: \"Vol\": " + LabelMessage },
        { """{"containers":[APP],"volumes":[{"name":"v","emptyDir":{},"configMap":{"name":"c"}}]}""",
            "spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type" },
        { """{"containers":[APP],"volumes":[{"name":"v","emptyDir":{},"downwardAPI":{}}]}""",
            "spec.volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type" },
        { """{"containers":[APP],"volumes":[{"name":"v","secret":{}}]}""", "spec.volumes[0].secret.secretName: Required value" },
        { """{"containers":[{"name":"app","image":"nginx","volumeMounts":[{"name":"missing","mountPath":"/data"}]}]}""",
            "spec.containers[0].volumeMounts[0].name: Not found: \"missing\"" },
        { """{"volumes":[{"name":"v","emptyDir":{}}],"containers":[{"name":"app","image":"nginx","volumeMounts":[{"name":"v","mountPath":"/d"},{"name":"v","mountPath":"/d"}]}]}""",
            "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/d\": must be unique" },
        { """{"volumes":[{"name":"v","emptyDir":{}}],"containers":[{"name":"app","image":"nginx","volumeMounts":[{"name":"v","mountPath":"/d","subPath":"../x"}]}]}""",
            "spec.containers[0].volumeMounts.subPath: Invalid value: \"../x\": must not contain '..'" },
        { """{"containers":[{"name":"app","image":"nginx","env":[{"value":"x"}]}]}""", "spec.containers[0].env[0].name: Required value" },
        { """{"containers":[{"name":"app","image":"nginx","env":[{"name":"A=B"}]}]}""",
            "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='" },
        { """{"containers":[{"name":"app","image":"nginx","env":[{"name":"A","valueFrom":{}}]}]}""",
            "spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`" },
        { """{"containers":[{"name":"app","image":"nginx","env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"spec.hostname"}}}]}]}""",
            "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.hostname\": error converting fieldPath: field label not supported: spec.hostname" },
        { """{"containers":[{"name":"app","image":"nginx","env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"status.phase"}}}]}]}""",
            "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"status.phase\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\"" },
        { """{"containers":[{"name":"app","image":"nginx","envFrom":[{}]}]}""",
            "spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`" },
        { """{"containers":[{"name":"app","image":"nginx","resources":{"requests":{"cpu":"2"},"limits":{"cpu":"1"}}}]}""",
            "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1" },
        { """{"containers":[{"name":"app","image":"nginx","resources":{"requests":{"memory":"-1Gi"}}}]}""",
            "spec.containers[0].resources.requests[memory]: Invalid value: \"-1Gi\": must be greater than or equal to 0" },
        { """{"containers":[{"name":"app","image":"nginx","resources":{"requests":{"pods":"1"}}}]}""",
            "spec.containers[0].resources.requests[pods]: Invalid value: \"pods\": must be a standard resource for containers" },
        { """{"containers":[{"name":"app","image":"nginx","resources":{"requests":{"example.com/gpu":"1"}}}]}""",
            "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources" },

        { """{"containers":[{"name":"app","image":"nginx","livenessProbe":{}}]}""", "spec.containers[0].livenessProbe: Required value: must specify a handler type" },
        { """{"containers":[{"name":"app","image":"nginx","livenessProbe":{"exec":{"command":["x"]},"successThreshold":2}}]}""",
            "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1" },
        { """{"containers":[{"name":"app","image":"nginx","readinessProbe":{"tcpSocket":{"port":"Http"}}}]}""",
            "spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: \"Http\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" },
        { """{"containers":[APP],"tolerations":[{"operator":"Equal","value":"x"}]}""",
            "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"" },
        { """{"containers":[APP],"tolerations":[{"key":"k","operator":"Exists","value":"v"}]}""",
            "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'" },
        { """{"containers":[APP],"tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule","tolerationSeconds":5}]}""",
            "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set" },
        { """{"containers":[APP],"tolerations":[{"key":"k","operator":"Exists","effect":"Sometimes"}]}""",
            "spec.tolerations[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"" },
        { """{"containers":[APP],"ephemeralContainers":[{"name":"debug","image":"busybox"}]}""",
            "spec.ephemeralContainers: Forbidden: cannot be set on create" },
        { """{"containers":[{"name":"app","image":"nginx","ports":[{"containerPort":80,"hostPort":81}]}],"hostNetwork":true}""",
            "spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void EachRuleReportsUpstreamsPathAndMessage(string spec, string expected) =>
        CreateFailsWith(Pods, Pod(spec.Replace("APP", App)), expected);

    [Fact]
    public void AValidPodWithVolumesProbesAndEnvPasses() => CreateSucceeds(Pods, Pod("""
        {
          "volumes": [{"name":"data","persistentVolumeClaim":{"claimName":"data"}},{"name":"cfg","configMap":{"name":"cfg","items":[{"key":"a","path":"a.txt"}]}}],
          "initContainers": [{"name":"sidecar","image":"envoy","restartPolicy":"Always","readinessProbe":{"grpc":{"port":9901}}}],
          "containers": [{
            "name": "app", "image": "nginx:1.27",
            "ports": [{"name":"http","containerPort":80}],
            "env": [{"name":"POD","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},{"name":"LABEL","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}}],
            "envFrom": [{"configMapRef":{"name":"cfg"}}],
            "volumeMounts": [{"name":"data","mountPath":"/data"},{"name":"cfg","mountPath":"/etc/cfg","readOnly":true}],
            "resources": {"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"1","memory":"128Mi","example.com/gpu":"1"}},
            "livenessProbe": {"httpGet":{"path":"/healthz","port":"http"}},
            "lifecycle": {"preStop":{"sleep":{"seconds":5}}}
          }]
        }
        """));

    [Fact]
    public void LimitsCopiedIntoRequestsAreValidatedTwice()
    {
        var errors = Create(Pods, Pod("""{"containers":[{"name":"app","image":"nginx","resources":{"limits":{"gpu":"1","example.com/gpu":"500m"}}}]}"""));
        Assert.Equal(
        [
            "spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified",
            "spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers",
            "spec.containers[0].resources.limits[example.com/gpu]: Invalid value: 500m: must be an integer",
            "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified",
            "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource for containers",
            "spec.containers[0].resources.requests[example.com/gpu]: Invalid value: 500m: must be an integer",
        ], errors);
    }

    [Fact]
    public void MountsOfInvalidVolumesAreNotFoundToo()
    {
        var errors = Create(Pods, Pod("""{"volumes":[{"name":"v","secret":{}}],"containers":[{"name":"app","image":"nginx","volumeMounts":[{"name":"v","mountPath":"/s"}]}]}"""));
        Assert.Equal(["spec.volumes[0].secret.secretName: Required value", "spec.containers[0].volumeMounts[0].name: Not found: \"v\""], errors);
    }
}
