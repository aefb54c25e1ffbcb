namespace Coxswain.Apis.CustomResources;

/// <summary>
/// Marks a type as the root of a CustomResourceDefinition. Group, version, kind and plural come from the type's
/// <c>[KubernetesEntity]</c>; this adds what only a CRD carries.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CustomResourceAttribute : Attribute
{
    public string[] ShortNames { get; set; } = [];

    public string[] Categories { get; set; } = [];

    /// <summary>Cluster-scoped kinds set this false.</summary>
    public bool Namespaced { get; set; } = true;

    /// <summary>Whether this version is the storage version (one per CRD).</summary>
    public bool Storage { get; set; } = true;
}

/// <summary>Serves the <c>status</c> subresource (status writes only through it; spec changes bump generation).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StatusSubresourceAttribute : Attribute;

/// <summary>Serves the <c>scale</c> subresource (<c>kubectl scale</c>, HPA) with these JSON paths.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ScaleSubresourceAttribute : Attribute
{
    public required string SpecReplicasPath { get; set; }

    public required string StatusReplicasPath { get; set; }

    public string? LabelSelectorPath { get; set; }
}

/// <summary>One <c>additionalPrinterColumns</c> entry, in declaration order.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PrinterColumnAttribute(string name, string type, string jsonPath) : Attribute
{
    /// <summary>controller-gen's description of metadata.creationTimestamp, which AGE columns carry.</summary>
    public const string CreationTimestampDescription =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.";

    public string Name { get; } = name;

    /// <summary>integer, number, string, boolean or date.</summary>
    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string? Description { get; set; }

    /// <summary>0 shows in every table; 1 only with <c>-o wide</c>.</summary>
    public int Priority { get; set; }
}
