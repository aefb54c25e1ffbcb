using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.OpenApi;

public class UnknownFieldDetectorTests
{
    const string ValidPod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"any-key":"v"},"annotations":{"x/y":"z"}},
         "spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],
                 "resources":{"limits":{"cpu":"1"}},"readinessProbe":{"httpGet":{"port":"http","path":"/"}}}]},
         "status":{"phase":"Pending"}}
        """;

    /// <summary>Runs both entry points (raw bytes and parsed node) and checks they agree on unknown fields.</summary>
    static IReadOnlyList<string> Unknown(Type model, string json)
    {
        var fromBytes = UnknownFieldDetector.Detect(model, Encoding.UTF8.GetBytes(json)).Select(e => e.ToString()).ToList();
        var fromNode = UnknownFieldDetector.Detect(model, JsonNode.Parse(json)).Select(e => e.ToString()).ToList();
        Assert.Equal(fromBytes.Where(e => e.StartsWith("unknown", StringComparison.Ordinal)), fromNode);
        return fromBytes;
    }

    [Fact]
    public void A_valid_object_has_no_unknown_fields() => Assert.Empty(Unknown(typeof(V1Pod), ValidPod));

    [Theory]
    [InlineData("""{"spec":{"foo":1}}""", "unknown field \"spec.foo\"")]
    [InlineData("""{"spec":{"containers":[{"name":"a"},{"name":"b","bogus":true}]}}""", "unknown field \"spec.containers[1].bogus\"")]
    [InlineData("""{"metadata":{"name":"x","nmae":"y"}}""", "unknown field \"metadata.nmae\"")]
    [InlineData("""{"Spec":{}}""", "unknown field \"Spec\"")]
    [InlineData("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":1,"hostPortt":2}]}]}}""", "unknown field \"spec.containers[0].ports[0].hostPortt\"")]
    [InlineData("""{"spec":{"volumes":[{"name":"v","configMap":{"items":[{"key":"k","path":"p","x":1}]}}]}}""", "unknown field \"spec.volumes[0].configMap.items[0].x\"")]
    public void Reports_unknown_fields_with_their_path(string json, string expected) =>
        Assert.Equal([expected], Unknown(typeof(V1Pod), json));

    [Fact]
    public void Reports_several_fields_in_document_order()
    {
        var errors = UnknownFieldDetector.Detect(typeof(V1Deployment), Encoding.UTF8.GetBytes(
            """{"spec":{"template":{"metadata":{"containers":[],"volumes":[]},"spec":{"initContainers":[{"name":"i","restartPolicyx":"x"}]}}}}"""));
        Assert.Equal(
            "strict decoding error: unknown field \"spec.template.metadata.containers\", unknown field \"spec.template.metadata.volumes\", unknown field \"spec.template.spec.initContainers[0].restartPolicyx\"",
            StrictFieldError.StrictDecodingMessage(errors));
    }

    [Fact]
    public void Map_keys_and_untyped_values_are_not_fields()
    {
        Assert.Empty(Unknown(typeof(V1ConfigMap), """{"data":{"anything":"goes"},"binaryData":{"b":"AA=="}}"""));
        Assert.Empty(Unknown(typeof(V1ControllerRevision), """{"revision":1,"data":{"whatever":{"deep":[1,{"x":2}]}}}"""));
        Assert.Empty(Unknown(typeof(V1Service), """{"spec":{"ports":[{"port":80,"targetPort":{"not":"checked"}}]}}"""));
    }

    [Fact]
    public void Reports_duplicate_fields_and_map_keys_in_raw_json()
    {
        var errors = UnknownFieldDetector.Detect(typeof(V1Pod), Encoding.UTF8.GetBytes(
            """{"metadata":{"name":"a","name":"b","labels":{"k":"1","k":"2"}},"spec":{"bogus":1,"bogus":2}}"""));
        Assert.Equal(
            [
                new StrictFieldError(StrictFieldErrorKind.DuplicateField, "metadata.name"),
                new StrictFieldError(StrictFieldErrorKind.DuplicateField, "metadata.labels.k"),
                new StrictFieldError(StrictFieldErrorKind.UnknownField, "spec.bogus"),  // reported once
            ],
            errors);
        Assert.Equal("duplicate field \"metadata.name\"", errors[0].ToString());
    }

    [Fact]
    public void Escaped_and_long_keys_are_matched_by_their_value()
    {
        Assert.Empty(Unknown(typeof(V1Pod), """{"\u0073pec":{"containers":[]}}"""));
        var longKey = new string('k', 300);
        Assert.Equal([$"unknown field \"spec.{longKey}\""], Unknown(typeof(V1Pod), $$$"""{"spec":{"{{{longKey}}}":1}}"""));
    }

    [Fact]
    public void Errors_are_capped_at_one_hundred()
    {
        var json = "{" + string.Join(",", Enumerable.Range(0, 150).Select(i => $"\"f{i}\":1")) + "}";
        Assert.Equal(UnknownFieldDetector.MaxErrors, UnknownFieldDetector.Detect(typeof(V1Pod), Encoding.UTF8.GetBytes(json)).Count);
    }

    [Fact]
    public void Preserved_unknown_fields_are_accepted()
    {
        var schema = ModelSchema.ObjectOf([new ModelProperty("spec", ModelSchema.ObjectOf([], preserveUnknownFields: true))]);
        Assert.Empty(UnknownFieldDetector.Detect(schema, JsonNode.Parse("""{"spec":{"anything":1}}""")));
        Assert.Equal("unknown field \"other\"", Assert.Single(UnknownFieldDetector.Detect(schema, JsonNode.Parse("""{"other":1}"""))).ToString());
    }

    [Fact]
    public void Paths_are_quoted_like_go()
    {
        Assert.Equal("unknown field \"spec.a\\\"b\\\\c\\n\"", new StrictFieldError(StrictFieldErrorKind.UnknownField, "spec.a\"b\\c\n").ToString());
    }

    static readonly HashSet<string> PodSpecFields = [.. ModelSchemas.For(typeof(V1PodSpec)).Properties.Keys];

    [Property(MaxTest = 200)]
    public Property Any_undeclared_key_inserted_into_a_container_is_reported_at_its_path()
    {
        var keys = ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get).Where(k => !PodSpecFields.Contains(k) && !k.Contains('\0'));
        var positions = Gen.Choose(0, 3);
        return Prop.ForAll(Gen.Zip(keys, positions).ToArbitrary(), t =>
        {
            var (key, position) = t;
            var pod = JsonNode.Parse(ValidPod)!.AsObject();
            var spec = pod["spec"]!.AsObject();
            spec.Insert(Math.Min(position, spec.Count), key, 1);
            var bytes = Encoding.UTF8.GetBytes(pod.ToJsonString());
            var expected = new StrictFieldError(StrictFieldErrorKind.UnknownField, "spec." + key);
            return UnknownFieldDetector.Detect(typeof(V1Pod), bytes).SequenceEqual([expected])
                   && UnknownFieldDetector.Detect(typeof(V1Pod), pod).SequenceEqual([expected]);
        });
    }
}
