using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class ServiceTests
{
    static readonly ResourceDefinition Services = BuiltInResources.Services;

    static JsonObject Service(string spec, string name = "web") =>
        ParseJson("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"NAME","namespace":"default"},"spec":SPEC}""".Replace("NAME", name).Replace("SPEC", spec));

    /// <summary>Hands out 10.96.0.N and refuses IPs already handed out, like the server's allocator.</summary>
    sealed class FakeAllocator : IServiceIpAllocator
    {
        readonly HashSet<string> _used = [];
        int _next = 1;

        public string? AllocateNext()
        {
            var ip = $"10.96.0.{_next++}";
            _used.Add(ip);
            return ip;
        }

        public string? Allocate(string ip) => _used.Add(ip) ? null : "provided IP is already allocated";
    }

    static List<string> CreateWithIp(JsonObject service, IServiceIpAllocator allocator)
    {
        BuiltInDefaults.ApplyOnCreate(Services, service);
        var errors = ServiceIpAssignment.Assign(service, allocator).ToList();
        errors.AddRange(BuiltInValidation.ValidateCreate(Services, service));
        return errors.Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void DefaultsMatchKubeApiserver()
    {
        var service = Service("""{"selector":{"app":"web"},"ports":[{"port":80}]}""");
        Assert.Empty(CreateWithIp(service, new FakeAllocator()));
        Assert.True(JsonNode.DeepEquals(ParseJson("""
            {
              "selector": {"app":"web"},
              "ports": [{"port":80,"protocol":"TCP","targetPort":80}],
              "sessionAffinity": "None", "type": "ClusterIP", "internalTrafficPolicy": "Cluster",
              "ipFamilyPolicy": "SingleStack", "ipFamilies": ["IPv4"],
              "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"]
            }
            """), service["spec"]), service["spec"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(ParseJson("""{"loadBalancer":{}}"""), service["status"]));
    }

    [Fact]
    public void NodePortServicesGetAnExternalTrafficPolicy()
    {
        var service = Service("""{"type":"NodePort","ports":[{"port":80,"targetPort":"http"}]}""");
        Assert.Empty(CreateWithIp(service, new FakeAllocator()));
        Assert.Equal("Cluster", (string?)service["spec"]!["externalTrafficPolicy"]);
        Assert.Equal("http", (string?)service["spec"]!["ports"]![0]!["targetPort"]);
    }

    [Fact]
    public void HeadlessServicesGetNoIpAndNeedNoPorts()
    {
        var service = Service("""{"clusterIP":"None"}""");
        Assert.Empty(CreateWithIp(service, new FakeAllocator()));
        Assert.Equal("None", (string?)service["spec"]!["clusterIPs"]![0]);
        Assert.Equal("RequireDualStack", (string?)service["spec"]!["ipFamilyPolicy"]);
    }

    [Fact]
    public void ARequestedIpThatIsTakenIsRejected()
    {
        var allocator = new FakeAllocator();
        Assert.Empty(CreateWithIp(Service("""{"clusterIP":"10.96.0.50","ports":[{"port":80}]}""", "a"), allocator));
        Assert.Equal(["spec.clusterIPs: Invalid value: []string{\"10.96.0.50\"}: failed to allocate IP 10.96.0.50: provided IP is already allocated"],
            CreateWithIp(Service("""{"clusterIP":"10.96.0.50","ports":[{"port":80}]}""", "b"), allocator));
    }

    public static TheoryData<string, string> Rules => new()
    {
        { """{}""", "spec.ports: Required value" },
        { """{"ports":[{"port":70000,"targetPort":80}]}""", "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive" },
        { """{"ports":[{"port":80},{"name":"b","port":81}]}""", "spec.ports[0].name: Required value" },
        { """{"ports":[{"name":"a","port":80},{"name":"a","port":81}]}""", "spec.ports[1].name: Duplicate value: \"a\"" },
        { """{"ports":[{"name":"a","port":80},{"name":"b","port":80}]}""",
            "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}" },
        { """{"ports":[{"port":80,"protocol":"ICMP"}]}""", "spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"" },
        { """{"type":"Gateway","ports":[{"port":80}]}""",
            "spec.type: Unsupported value: \"Gateway\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"" },
        { """{"ports":[{"port":80,"nodePort":30080}]}""", "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'" },
        { """{"type":"ExternalName"}""", "spec.externalName: Required value" },
        { """{"type":"ExternalName","externalName":"Db.Example.com"}""", "spec.externalName: Invalid value: \"Db.Example.com\": " + SubdomainMessage },
        { """{"sessionAffinity":"Sticky","ports":[{"port":80}]}""", "spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"" },
        { """{"clusterIP":"10.0.0.999","ports":[{"port":80}]}""", "spec.clusterIPs[0]: Invalid value: \"10.0.0.999\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)" },
        { """{"selector":{"app":"web!"},"ports":[{"port":80}]}""", "spec.selector: Invalid value: \"web!\": " + LabelValueMessage },
        { """{"externalTrafficPolicy":"Local","ports":[{"port":80}]}""",
            "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services" },
        { """{"ports":[{"port":80,"targetPort":70000}]}""", "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void EachRuleReportsUpstreamsPathAndMessage(string spec, string expected) => CreateFailsWith(Services, Service(spec), expected);

    [Fact]
    public void ServiceNamesAreDns1035Labels() =>
        CreateFailsWith(Services, Service("""{"ports":[{"port":80}]}""", "1web"), "metadata.name: Invalid value: \"1web\": " + Dns1035Message);

    [Fact]
    public void ClusterIpCannotChangeOnceSet()
    {
        var old = Service("""{"ports":[{"port":80}]}""");
        Assert.Empty(CreateWithIp(old, new FakeAllocator()));
        var updated = Edited(old, s => { s["spec"]!["clusterIP"] = "10.96.0.9"; s["spec"]!["clusterIPs"] = new JsonArray("10.96.0.9"); });
        Assert.Equal(["spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.9\"}: may not change once set"], Update(Services, updated, old));
    }

    [Fact]
    public void AnUpdateThatOmitsTheAllocatedIpKeepsIt()
    {
        var old = Service("""{"ports":[{"port":80}]}""");
        Assert.Empty(CreateWithIp(old, new FakeAllocator()));
        var updated = Service("""{"ports":[{"port":8080}]}""");
        Assert.Empty(Update(Services, updated, old));
        Assert.Equal("10.96.0.1", (string?)updated["spec"]!["clusterIP"]);
        Assert.Equal("10.96.0.1", (string?)updated["spec"]!["clusterIPs"]![0]);
    }

    [Fact]
    public void SwitchingToExternalNameReleasesTheClusterIp()
    {
        var old = Service("""{"ports":[{"port":80}]}""");
        Assert.Empty(CreateWithIp(old, new FakeAllocator()));
        var updated = Edited(old, s => { s["spec"]!["type"] = "ExternalName"; s["spec"]!["externalName"] = "db.example.com"; });
        Assert.Empty(Update(Services, updated, old));
        Assert.Null(updated["spec"]!["clusterIP"]);
        Assert.Null(updated["spec"]!["ipFamilies"]);
    }
}
