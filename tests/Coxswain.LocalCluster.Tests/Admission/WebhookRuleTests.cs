using Coxswain.LocalCluster.Admission;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Admission;

public class WebhookRuleTests
{
    static WebhookRule Rule(string[] resources, string[]? operations = null, string scope = "*") =>
        new(operations ?? ["*"], ["*"], ["*"], resources, scope);

    static bool Matches(WebhookRule rule, string resource, string? subresource, AdmissionOperation operation = AdmissionOperation.Create, bool namespaced = true) =>
        rule.Matches(operation, "apps", "v1", resource, subresource, namespaced);

    [Theory]
    [InlineData("pods", "pods", null, true)]
    [InlineData("pods", "pods", "status", false)] // a plain resource never matches its subresources
    [InlineData("pods/status", "pods", "status", true)]
    [InlineData("pods/status", "pods", null, false)]
    [InlineData("pods/status", "pods", "log", false)]
    [InlineData("*/status", "deployments", "status", true)]
    [InlineData("*/status", "deployments", "scale", false)]
    [InlineData("pods/*", "pods", "eviction", true)]
    [InlineData("pods/*", "pods", null, true)]
    [InlineData("pods/*", "services", null, false)]
    [InlineData("*", "anything", null, true)]
    [InlineData("*", "anything", "status", false)]
    [InlineData("*/*", "anything", "status", true)]
    [InlineData("*/*", "anything", null, true)]
    public void Resources_match_as_kube_apiserver_matches_them(string pattern, string resource, string? subresource, bool expected) =>
        Assert.Equal(expected, Matches(Rule([pattern]), resource, subresource));

    [Fact]
    public void Operations_groups_and_versions_must_all_match()
    {
        var rule = new WebhookRule(["CREATE", "UPDATE"], ["apps.kruise.io"], ["v1alpha1"], ["clonesets"], "*");
        Assert.True(rule.Matches(AdmissionOperation.Update, "apps.kruise.io", "v1alpha1", "clonesets", null, true));
        Assert.False(rule.Matches(AdmissionOperation.Delete, "apps.kruise.io", "v1alpha1", "clonesets", null, true));
        Assert.False(rule.Matches(AdmissionOperation.Create, "apps", "v1alpha1", "clonesets", null, true));
        Assert.False(rule.Matches(AdmissionOperation.Create, "apps.kruise.io", "v1beta1", "clonesets", null, true));
        Assert.False(rule.Matches(AdmissionOperation.Create, "", "v1alpha1", "clonesets", null, true));
    }

    [Theory]
    [InlineData("*", true, true)]
    [InlineData("*", false, true)]
    [InlineData("Namespaced", true, true)]
    [InlineData("Namespaced", false, false)]
    [InlineData("Cluster", true, false)]
    [InlineData("Cluster", false, true)]
    public void Scope_restricts_to_namespaced_or_cluster_requests(string scope, bool namespaced, bool expected) =>
        Assert.Equal(expected, Matches(Rule(["*"], scope: scope), "things", null, namespaced: namespaced));

    static readonly Gen<string> Name = Gen.Elements("pods", "deployments", "clonesets", "status", "scale", "eviction", "binding", "x");

    static readonly Gen<string?> Subresource = Gen.OneOf(Name.Select(n => (string?)n), Gen.Constant((string?)null));

    [Property]
    public Property Double_wildcard_matches_every_resource_and_subresource() =>
        Prop.ForAll(Name.ToArbitrary(), Subresource.ToArbitrary(), (resource, subresource) => Matches(Rule(["*/*"]), resource, subresource));

    [Property]
    public Property An_exact_entry_matches_exactly_its_resource_and_subresource()
    {
        var cases = from ruleResource in Name
                    from ruleSub in Name
                    from resource in Name
                    from sub in Name
                    select (ruleResource, ruleSub, resource, sub);
        return Prop.ForAll(cases.ToArbitrary(), c =>
            Matches(Rule([$"{c.ruleResource}/{c.ruleSub}"]), c.resource, c.sub) == (c.ruleResource == c.resource && c.ruleSub == c.sub) &&
            Matches(Rule([c.ruleResource]), c.resource, null) == (c.ruleResource == c.resource) &&
            !Matches(Rule([c.ruleResource]), c.resource, c.sub));
    }

    [Property]
    public Property Star_operation_matches_every_operation() =>
        Prop.ForAll(Gen.Elements(Enum.GetValues<AdmissionOperation>()).ToArbitrary(), operation =>
            Matches(Rule(["*"]), "pods", null, operation) &&
            Matches(Rule(["*"], [operation.ToWire()]), "pods", null, operation) &&
            !Matches(Rule(["*"], ["CONNECT"]), "pods", null, operation == AdmissionOperation.Connect ? AdmissionOperation.Create : operation));
}
