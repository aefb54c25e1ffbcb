using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Coxswain.LocalCluster.Tests.Patching;

/// <summary>
/// Random pods, deployments and config maps exercising what strategic merge patch treats specially: lists merged by key
/// (containers, env, ports, volume mounts, volumes), retainKeys (volumes, deployment strategy), a primitive set
/// (finalizers), atomic lists (args, tolerations) and maps. Keys within one merge list are unique, as the API requires.
/// Small pools make two generated objects overlap, so diffs mix changes, additions, deletions and reorderings.
/// </summary>
internal static class ObjectGenerators
{
    static Gen<JsonNode?> Value(params string[] pool) => Gen.Elements(pool).Select(v => (JsonNode?)JsonValue.Create(v));

    /// <summary>Some of the pool, each at most once, in random order.</summary>
    static Gen<List<T>> DistinctSubset<T>(T[] pool) =>
        from subset in Gen.SubListOf(pool)
        from order in Gen.Shuffle(subset.ToArray())
        select order.ToList();

    /// <summary>An object with some of the given optional members.</summary>
    static Gen<JsonObject> ObjectOf(params (string Key, Gen<JsonNode?> Value)[] members) =>
        members.Aggregate(Gen.Constant(new List<(string, JsonNode?)>()), (acc, member) =>
            from list in acc
            from present in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
            from value in member.Value
            select present ? [.. list, (member.Key, value)] : list)
        // Generators may hand out one node instance twice; a node can have one parent, so each object gets copies.
        .Select(list => new JsonObject(list.Select(m => KeyValuePair.Create(m.Item1, m.Item2?.DeepClone()))));

    static Gen<JsonNode?> Map(string[] keys, params string[] values) =>
        from chosen in DistinctSubset(keys)
        from vals in Gen.Elements(values).ArrayOf(chosen.Count)
        select (JsonNode?)new JsonObject(chosen.Zip(vals).Select(p => KeyValuePair.Create(p.First, (JsonNode?)JsonValue.Create(p.Second))));

    static Gen<JsonNode?> List(Gen<JsonNode?> item, int max = 3) =>
        Gen.Choose(0, max).SelectMany(n => item.ListOf(n)).Select(items => (JsonNode?)new JsonArray(items.ToArray()));

    /// <summary>A list of objects with distinct merge keys taken from <paramref name="keys"/>.</summary>
    static Gen<JsonNode?> KeyedList(string keyField, JsonNode[] keys, Func<JsonNode, Gen<JsonObject>> item) =>
        from chosen in DistinctSubset(keys)
        from items in Gen.CollectToArray(chosen, k => item(k).Select(o =>
        {
            o[keyField] = k.DeepClone();
            return o;
        }))
        select (JsonNode?)new JsonArray(items.Select(i => (JsonNode?)i).ToArray());

    static JsonNode[] Strings(params string[] s) => s.Select(v => (JsonNode)JsonValue.Create(v)).ToArray();

    static Gen<JsonObject> Container(JsonNode name) => ObjectOf(
        ("image", Value("nginx:1", "nginx:2", "busybox")),
        ("args", List(Value("-v", "--port=80", "run"))),
        ("env", KeyedList("name", Strings("A", "B", "C"), _ => ObjectOf(("value", Value("1", "2", ""))))),
        ("ports", KeyedList("containerPort", [80, 443, 8080], _ => ObjectOf(("name", Value("http", "https")), ("protocol", Value("TCP", "UDP"))))),
        ("volumeMounts", KeyedList("mountPath", Strings("/data", "/etc/conf"), _ => ObjectOf(("name", Value("v1", "v2")), ("readOnly", Gen.Elements<JsonNode?>(true, false))))));

    static Gen<JsonObject> VolumeSource(JsonNode name) =>
        Gen.OneOf(
            Gen.Constant(new JsonObject { ["emptyDir"] = new JsonObject() }),
            Value("cm1", "cm2").Select(n => new JsonObject { ["configMap"] = new JsonObject { ["name"] = n } }),
            Value("s1", "s2").Select(n => new JsonObject { ["secret"] = new JsonObject { ["secretName"] = n } }));

    static Gen<JsonNode?> PodSpec => ObjectOf(
        ("containers", KeyedList("name", Strings("app", "sidecar", "proxy"), Container)),
        ("volumes", KeyedList("name", Strings("v1", "v2", "v3"), VolumeSource)),
        ("tolerations", List(ObjectOf(("key", Value("a", "b")), ("operator", Value("Exists", "Equal"))).Select(o => (JsonNode?)o), max: 2)),
        ("nodeSelector", Map(["zone", "disk", "arch"], "a", "b")),
        ("restartPolicy", Value("Always", "Never"))).Select(o => (JsonNode?)o);

    static Gen<JsonNode?> Metadata => ObjectOf(
        ("name", Value("x")),
        ("labels", Map(["app", "tier", "env"], "web", "db", "prod")),
        ("annotations", Map(["note", "owner"], "a", "b")),
        ("finalizers", DistinctSubset(Strings("f1", "f2", "example.com/f3", "f4")).Select(l => (JsonNode?)new JsonArray(l.Select(v => v.DeepClone()).ToArray()))))
        .Select(o => (JsonNode?)o);

    public static Gen<JsonObject> Pod => ObjectOf(("metadata", Metadata), ("spec", PodSpec));

    static Gen<JsonNode?> Strategy => Gen.OneOf(
        Gen.Constant<JsonNode?>(new JsonObject { ["type"] = "Recreate" }),
        Gen.Elements<JsonNode?>(1, "25%").Select(s => (JsonNode?)new JsonObject
        {
            ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxSurge"] = s?.DeepClone() },
        }));

    public static Gen<JsonObject> Deployment => ObjectOf(
        ("metadata", Metadata),
        ("spec", ObjectOf(
            ("replicas", Gen.Elements<JsonNode?>(1, 3)),
            ("strategy", Strategy),
            ("template", ObjectOf(("metadata", Metadata), ("spec", PodSpec)).Select(o => (JsonNode?)o))).Select(o => (JsonNode?)o)));

    public static Gen<JsonObject> ConfigMap => ObjectOf(
        ("metadata", Metadata),
        ("data", Map(["a", "b", "c", "d"], "1", "2", "")),
        ("immutable", Gen.Elements<JsonNode?>(true, false)));
}
