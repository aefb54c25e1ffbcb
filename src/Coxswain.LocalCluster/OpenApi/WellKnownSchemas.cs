using k8s.Models;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// Schemas of the apimachinery types that KubernetesClient represents with custom JSON converters or plain CLR
/// values rather than generated models: IntOrString, Quantity, Time (DateTime) and the PATCH request body.
/// They are named definitions upstream, so they are named here too.
/// </summary>
public static class WellKnownSchemas
{
    public static readonly ModelSchema IntOrString = new(SchemaKind.String)
    {
        Name = "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        Format = "int-or-string",
        OneOfTypesInV3 = ["integer", "string"],
        Description = "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
    };

    public static readonly ModelSchema Quantity = new(SchemaKind.String)
    {
        Name = "io.k8s.apimachinery.pkg.api.resource.Quantity",
        OneOfTypesInV3 = ["string", "number"],
        Description = "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the \"\" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= \"+\" | \"-\" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | \"\" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn't choose the capitalization.)\n\n<decimalExponent> ::= \"e\" <signedNumber> | \"E\" <signedNumber> ```",
    };

    public static readonly ModelSchema Time = new(SchemaKind.String)
    {
        Name = $"{KubernetesApiPackages.MetaV1}.Time",
        Format = "date-time",
        Description = "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
    };

    public static readonly ModelSchema Patch = new(SchemaKind.Object)
    {
        Name = $"{KubernetesApiPackages.MetaV1}.Patch",
        Description = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
    };

    /// <summary>The well-known schema standing for <paramref name="clrType"/>, if it is one of these types.</summary>
    public static ModelSchema? For(Type clrType) =>
        clrType == typeof(IntOrString) ? IntOrString
        : clrType == typeof(ResourceQuantity) ? Quantity
        : clrType == typeof(DateTime) || clrType == typeof(DateTimeOffset) ? Time
        : clrType == typeof(V1Patch) ? Patch
        : null;
}
