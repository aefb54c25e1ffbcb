namespace Coxswain.Apis.CustomResources;

/// <summary>The descriptions controller-gen gives <c>apiVersion</c> and <c>kind</c> in every CRD schema.</summary>
public static class TypeMetaDescriptions
{
    public const string ApiVersion =
        "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";

    public const string Kind =
        "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
}
