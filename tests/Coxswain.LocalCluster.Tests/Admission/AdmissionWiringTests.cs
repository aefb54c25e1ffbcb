using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Admission;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.CustomResources;
using Coxswain.LocalCluster.Storage;

namespace Coxswain.LocalCluster.Tests.Admission;

/// <summary>Where ResourceStorage calls admission, and with what: the order kube-apiserver's registry store uses.</summary>
public sealed class AdmissionWiringTests : IAsyncLifetime
{
    /// <summary>Records every call (with a snapshot of the object) and can mutate or reject.</summary>
    sealed class RecordingAdmission : IAdmission
    {
        public List<(string Phase, AdmissionAttributes Attributes, JsonObject? Seen)> Calls { get; } = [];
        public Func<JsonObject, JsonObject?>? Mutate { get; set; }
        public StatusError? Reject { get; set; }

        public Task<JsonObject?> AdmitAsync(AdmissionAttributes a)
        {
            Calls.Add(("admit", a, a.Object?.DeepClone().AsObject()));
            return Task.FromResult(a.Object is { } o && Mutate?.Invoke(o.DeepClone().AsObject()) is { } mutated ? mutated : a.Object);
        }

        public Task ValidateAsync(AdmissionAttributes a)
        {
            Calls.Add(("validate", a, a.Object?.DeepClone().AsObject()));
            return Reject is { } e ? Task.FromException(e) : Task.CompletedTask;
        }
    }

    readonly RecordingAdmission admission = new();
    readonly ObjectStore store;
    readonly ResourceStorage storage;

    public AdmissionWiringTests()
    {
        var catalog = ResourceCatalog.WithBuiltIns();
        store = new ObjectStore(new MemoryRevisionLog(), new ObjectAttributesFactory(catalog).Compute);
        storage = new ResourceStorage(store, catalog,
            new ObjectStrategies(new BuiltInStrategy(new ServiceIpAllocator(store)), new CustomResourceStrategy())) { Admission = admission };
    }

    public async Task InitializeAsync()
    {
        await storage.CreateAsync(BuiltInResources.Namespaces, null, Parse("""{"metadata":{"name":"default"}}"""), new WriteOptions());
        admission.Calls.Clear();
    }

    public async Task DisposeAsync() => await store.DisposeAsync();

    static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    static JsonObject Pod(string name) =>
        Parse($$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{name}}"},"spec":{"containers":[{"name":"app","image":"nginx"}]} }""");

    [Fact]
    public async Task Create_admits_the_defaulted_object_then_validates_the_final_one()
    {
        admission.Mutate = o =>
        {
            o["metadata"]!["labels"] = new JsonObject { ["mutated"] = "yes" };
            return o;
        };

        var stored = (await storage.CreateAsync(BuiltInResources.Pods, "default", Pod("p"), new WriteOptions(FieldManager: "me"))).ToJsonObject();

        Assert.Equal(["admit", "validate"], admission.Calls.Select(c => c.Phase));
        var (_, admit, seen) = admission.Calls[0];
        Assert.Equal(AdmissionOperation.Create, admit.Operation);
        Assert.Equal("p", admit.Name);
        Assert.Equal("default", admit.Namespace);
        Assert.Equal("me", (string?)admit.Options!["fieldManager"]);
        Assert.Equal("Always", (string?)seen!["spec"]!["restartPolicy"]); // defaulted before admission
        Assert.Null(seen["metadata"]!["uid"]); // server-owned fields come after mutation
        var validated = admission.Calls[1].Seen!;
        Assert.Equal("yes", (string?)validated["metadata"]!["labels"]!["mutated"]);
        Assert.NotNull(validated["metadata"]!["uid"]);
        Assert.Equal("yes", (string?)stored["metadata"]!["labels"]!["mutated"]);
    }

    [Fact]
    public async Task A_mutation_that_makes_the_object_invalid_fails_validation()
    {
        admission.Mutate = o =>
        {
            o["metadata"]!["labels"] = new JsonObject { ["bad key!"] = "x" };
            return o;
        };

        var error = await Assert.ThrowsAsync<StatusError>(() => storage.CreateAsync(BuiltInResources.Pods, "default", Pod("p"), new WriteOptions()));

        Assert.Equal(422, error.Code);
        Assert.Null(storage.TryGet(BuiltInResources.Pods, "default", "p"));
        Assert.Equal(["admit"], admission.Calls.Select(c => c.Phase));
    }

    [Fact]
    public async Task A_validating_rejection_leaves_the_store_untouched()
    {
        admission.Reject = StatusError.Forbidden(BuiltInResources.Pods, "p", "no");

        await Assert.ThrowsAsync<StatusError>(() => storage.CreateAsync(BuiltInResources.Pods, "default", Pod("p"), new WriteOptions()));

        Assert.Null(storage.TryGet(BuiltInResources.Pods, "default", "p"));
    }

    [Fact]
    public async Task Updates_pass_old_object_subresource_and_dry_run()
    {
        await storage.CreateAsync(BuiltInResources.Pods, "default", Pod("p"), new WriteOptions());
        admission.Calls.Clear();
        var withStatus = storage.Get(BuiltInResources.Pods, "default", "p").ToJsonObject();
        withStatus["status"] = new JsonObject { ["phase"] = "Running" };

        await storage.UpdateAsync(BuiltInResources.Pods, "default", "p", withStatus, "status", new WriteOptions(DryRun: true));

        Assert.Equal(["admit", "validate"], admission.Calls.Select(c => c.Phase));
        var a = admission.Calls[1].Attributes;
        Assert.Equal(AdmissionOperation.Update, a.Operation);
        Assert.Equal("status", a.Subresource);
        Assert.True(a.DryRun);
        Assert.Equal("p", (string?)a.OldObject!["metadata"]!["name"]);
        Assert.Equal("UpdateOptions", (string?)a.Options!["kind"]);
    }

    [Fact]
    public async Task Deletes_are_admitted_with_the_stored_object_and_can_be_refused()
    {
        await storage.CreateAsync(BuiltInResources.Pods, "default", Pod("p"), new WriteOptions());
        admission.Calls.Clear();
        admission.Reject = StatusError.Forbidden(BuiltInResources.Pods, "p", "keep");

        await Assert.ThrowsAsync<StatusError>(() => storage.DeleteAsync(BuiltInResources.Pods, "default", "p", new DeleteOptions(PropagationPolicy: "Foreground")));

        Assert.NotNull(storage.TryGet(BuiltInResources.Pods, "default", "p"));
        Assert.Equal(["admit", "validate"], admission.Calls.Select(c => c.Phase));
        var a = admission.Calls[0].Attributes;
        Assert.Equal(AdmissionOperation.Delete, a.Operation);
        Assert.Null(a.Object);
        Assert.Equal("p", (string?)a.OldObject!["metadata"]!["name"]);
        Assert.Equal("Foreground", (string?)a.Options!["propagationPolicy"]);
    }

    [Fact]
    public async Task Namespace_requests_carry_the_namespace_in_the_namespace_slot()
    {
        // "default" may not be deleted (NamespaceLifecycle), so use a namespace of our own.
        await storage.CreateAsync(BuiltInResources.Namespaces, null,
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "team-a" } },
            new WriteOptions());
        admission.Calls.Clear();
        await storage.DeleteAsync(BuiltInResources.Namespaces, null, "team-a", new DeleteOptions());

        Assert.Equal("team-a", admission.Calls[0].Attributes.Namespace);
    }
}
