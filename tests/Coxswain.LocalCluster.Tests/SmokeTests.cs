namespace Coxswain.LocalCluster.Tests; public class Smoke { [Fact] public void Builds() => Assert.NotEmpty(Coxswain.LocalCluster.Api.BuiltInResources.All); }
