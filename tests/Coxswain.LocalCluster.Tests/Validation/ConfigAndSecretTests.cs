using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class ConfigAndSecretTests
{
    static JsonObject Object(string kind, string body) =>
        ParseJson($$"""{"apiVersion":"v1","kind":"{{kind}}","metadata":{"name":"x","namespace":"default"}BODY}""".Replace("BODY", body));

    [Theory]
    [InlineData(""","data":{"bad/key":"v"}""", "data[bad/key]: Invalid value: \"bad/key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")]
    [InlineData(""","data":{"k":"v"},"binaryData":{"k":"dg=="}""", "data[k]: Invalid value: \"k\": duplicate of key present in binaryData")]
    public void ConfigMapRules(string body, string expected) => CreateFailsWith(BuiltInResources.ConfigMaps, Object("ConfigMap", body), expected);

    [Fact]
    public void ConfigMapsAreLimitedTo1MiB()
    {
        var cm = Object("ConfigMap", "");
        cm["data"] = new JsonObject { ["big"] = new string('x', 1024 * 1024 + 1) };
        CreateFailsWith(BuiltInResources.ConfigMaps, cm, "[]: Too long: may not be more than 1048576 bytes");
    }

    [Fact]
    public void ImmutableConfigMapsKeepTheirData()
    {
        var old = Stored(BuiltInResources.ConfigMaps, Object("ConfigMap", ""","immutable":true,"data":{"k":"v"}"""));
        var updated = Edited(old, c => { c["data"]!["k"] = "w"; c["immutable"] = false; });
        Assert.Equal(
        [
            "immutable: Forbidden: field is immutable when `immutable` is set",
            "data: Forbidden: field is immutable when `immutable` is set",
        ], Update(BuiltInResources.ConfigMaps, updated, old));
    }

    [Fact]
    public void SecretsDefaultToOpaqueAndFoldStringData()
    {
        var secret = Object("Secret", ""","stringData":{"password":"hunter2"}""");
        Assert.Empty(Create(BuiltInResources.Secrets, secret));
        Assert.Equal("Opaque", (string?)secret["type"]);
        Assert.Equal("aHVudGVyMg==", (string?)secret["data"]!["password"]);
        Assert.Null(secret["stringData"]);
    }

    [Theory]
    [InlineData(""","type":"kubernetes.io/service-account-token" """, "metadata.annotations[kubernetes.io/service-account.name]: Required value")]
    [InlineData(""","type":"kubernetes.io/dockerconfigjson" """, "data[.dockerconfigjson]: Required value")]
    [InlineData(""","type":"kubernetes.io/tls","data":{"tls.crt":""}""", "data[tls.key]: Required value")]
    [InlineData(""","type":"kubernetes.io/ssh-auth" """, "data[ssh-privatekey]: Required value")]
    public void SecretTypesRequireTheirKeys(string body, string expected) => CreateFailsWith(BuiltInResources.Secrets, Object("Secret", body), expected);

    [Fact]
    public void BasicAuthSecretsNeedAUsernameOrPassword() =>
        Assert.Equal(["data[username]: Required value", "data[password]: Required value"],
            Create(BuiltInResources.Secrets, Object("Secret", ""","type":"kubernetes.io/basic-auth" """)));

    [Fact]
    public void SecretTypeIsImmutable()
    {
        var old = Stored(BuiltInResources.Secrets, Object("Secret", ""));
        var updated = Edited(old, s => s["type"] = "example.com/custom");
        Assert.Equal(["type: Invalid value: \"example.com/custom\": field is immutable"], Update(BuiltInResources.Secrets, updated, old));
    }

    [Fact]
    public void ServiceAccountsOnlyHaveMetadataRules()
    {
        var serviceAccount = Object("ServiceAccount", "");
        serviceAccount["metadata"]!["name"] = "Builder";
        CreateFailsWith(BuiltInResources.ServiceAccounts, serviceAccount, "metadata.name: Invalid value: \"Builder\": " + SubdomainMessage);
    }
}
