using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>The columns (and their cells) that most printers share.</summary>
public static class CommonColumns
{
    // metav1.ObjectMeta{}.SwaggerDoc() texts, as served in the v1 OpenAPI.
    public const string NameDescription =
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    public const string CreationTimestampDescription =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    public static readonly TableColumn Name = new("Name", "string", NameDescription, Format: "name");

    /// <summary>Built-in printers render age as a pre-formatted string, hence type "string" rather than "date".</summary>
    public static readonly TableColumn Age = new("Age", "string", CreationTimestampDescription);

    public static readonly TableColumn Containers = new("Containers", "string", "Names of each container in the template.", Priority: 1);

    public static readonly TableColumn Images = new("Images", "string", "Images referenced by each container in the template.", Priority: 1);

    public static string NameOf(JsonObject obj) => obj.TextAt("metadata", "name");

    public static string AgeOf(JsonObject obj, DateTimeOffset now) => Timestamps.Since(obj.StringAt("metadata", "creationTimestamp"), now);
}
