namespace Coxswain.LocalCluster.OpenApi;

/// <summary>The two document formats kube-apiserver serves: /openapi/v2 (Swagger 2.0) and /openapi/v3 (OpenAPI 3.0).</summary>
public enum OpenApiDialect
{
    SwaggerV2,
    OpenApiV3,
}
