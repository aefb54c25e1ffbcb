namespace Coxswain.LocalCluster.OpenApi;

/// <summary>The JSON shape a <see cref="ModelSchema"/> describes.</summary>
public enum SchemaKind
{
    /// <summary>A struct-like object with a fixed set of named properties.</summary>
    Object,
    /// <summary>A JSON array; <see cref="ModelSchema.Element"/> describes the items.</summary>
    Array,
    /// <summary>A JSON object with arbitrary keys; <see cref="ModelSchema.Element"/> describes the values.</summary>
    Map,
    String,
    Integer,
    Number,
    Boolean,
    /// <summary>Any JSON value (RawExtension, JSON, untyped fields): nothing below it is checked.</summary>
    Any,
}
