using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Finalizers;
using Coxswain.Runtime.Tests.Support;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Finalizers;

public class FinalizerTests
{
    private const string Name = "example.com/cleanup";
    private static readonly DateTime Deleted = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly List<string> _patches = [];
    private readonly List<string> _steps = [];

    [Fact]
    public async Task Adds_the_finalizer_before_doing_any_work()
    {
        var result = await RunAsync(Objects.ConfigMap("a"));

        Assert.Equal(ReconcileResult.Done, result);
        Assert.Empty(_steps);
        Assert.Equal(
            """[{"op":"test","path":"/metadata/finalizers","value":null},{"op":"add","path":"/metadata/finalizers","value":["example.com/cleanup"]}]""",
            Assert.Single(_patches));
    }

    [Fact]
    public async Task Appends_to_existing_finalizers_guarded_by_the_current_list()
    {
        var obj = Objects.ConfigMap("a");
        obj.Metadata.Finalizers = ["other.io/keep"];

        await RunAsync(obj);

        Assert.Equal(
            """[{"op":"test","path":"/metadata/finalizers","value":["other.io/keep"]},{"op":"add","path":"/metadata/finalizers/-","value":"example.com/cleanup"}]""",
            Assert.Single(_patches));
    }

    [Fact]
    public async Task Applies_a_live_object_that_carries_the_finalizer()
    {
        var obj = Objects.ConfigMap("a");
        obj.Metadata.Finalizers = [Name];

        var result = await RunAsync(obj);

        Assert.Equal(["apply"], _steps);
        Assert.Empty(_patches);
        Assert.Equal(ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(1)), result);
    }

    [Fact]
    public async Task Cleans_up_then_removes_only_its_own_finalizer()
    {
        var obj = Objects.ConfigMap("a");
        obj.Metadata.Finalizers = ["other.io/keep", Name];
        obj.Metadata.DeletionTimestamp = Deleted;

        await RunAsync(obj);

        Assert.Equal(["cleanup"], _steps);
        Assert.Equal(
            """[{"op":"test","path":"/metadata/finalizers/1","value":"example.com/cleanup"},{"op":"remove","path":"/metadata/finalizers/1"}]""",
            Assert.Single(_patches));
    }

    [Fact]
    public async Task A_failing_cleanup_keeps_the_finalizer_so_it_is_retried()
    {
        var obj = Objects.ConfigMap("a");
        obj.Metadata.Finalizers = [Name];
        obj.Metadata.DeletionTimestamp = Deleted;

        await Assert.ThrowsAsync<HttpRequestException>(() => Finalizer.RunAsync(
            obj, Name, Patch, Apply, (_, _) => throw new HttpRequestException("external API down"), CancellationToken.None));

        Assert.Empty(_patches);
    }

    [Fact]
    public async Task Leaves_objects_being_deleted_without_the_finalizer_alone()
    {
        var obj = Objects.ConfigMap("a");
        obj.Metadata.Finalizers = ["other.io/keep"];
        obj.Metadata.DeletionTimestamp = Deleted;

        Assert.Equal(FinalizerStep.Nothing, Finalizer.Decide(obj, Name));
        Assert.Equal(ReconcileResult.Done, await RunAsync(obj));
        Assert.Empty(_steps);
        Assert.Empty(_patches);
        Assert.Null(FinalizerPatches.Remove(obj, Name));
    }

    private Task<ReconcileResult> RunAsync(V1ConfigMap obj) => Finalizer.RunAsync(obj, Name, Patch, Apply, Cleanup, CancellationToken.None);

    private Task Patch(V1Patch patch, CancellationToken cancellationToken)
    {
        Assert.Equal(V1Patch.PatchType.JsonPatch, patch.Type);
        _patches.Add((string)patch.Content);
        return Task.CompletedTask;
    }

    private Task<ReconcileResult> Apply(V1ConfigMap obj, CancellationToken cancellationToken)
    {
        _steps.Add("apply");
        return Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(1)));
    }

    private Task<ReconcileResult> Cleanup(V1ConfigMap obj, CancellationToken cancellationToken)
    {
        _steps.Add("cleanup");
        return Task.FromResult(ReconcileResult.Done);
    }
}
